package io.pgcopy.spark.read;

import io.pgcopy.read.Predicate;
import io.pgcopy.read.Predicate.Op;
import java.math.BigDecimal;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.catalyst.util.DateTimeUtils;
import org.apache.spark.sql.sources.And;
import org.apache.spark.sql.sources.EqualNullSafe;
import org.apache.spark.sql.sources.EqualTo;
import org.apache.spark.sql.sources.Filter;
import org.apache.spark.sql.sources.GreaterThan;
import org.apache.spark.sql.sources.GreaterThanOrEqual;
import org.apache.spark.sql.sources.In;
import org.apache.spark.sql.sources.IsNotNull;
import org.apache.spark.sql.sources.IsNull;
import org.apache.spark.sql.sources.LessThan;
import org.apache.spark.sql.sources.LessThanOrEqual;
import org.apache.spark.sql.sources.Not;
import org.apache.spark.sql.sources.Or;
import org.apache.spark.sql.sources.StringContains;
import org.apache.spark.sql.sources.StringEndsWith;
import org.apache.spark.sql.sources.StringStartsWith;

/** Spark's data source filters as engine-neutral predicates (which decide themselves what they can render). */
final class SparkFilters {
    private SparkFilters() {}

    static Optional<Predicate> toPredicate(Filter f) {
        try {
            return Optional.of(convert(f));
        } catch (UnsupportedOperationException e) {
            return Optional.empty();
        }
    }

    private static Predicate convert(Filter f) {
        if (f instanceof EqualTo e) return compare(e.attribute(), Op.EQ, e.value());
        if (f instanceof EqualNullSafe e) return compare(e.attribute(), Op.NULL_SAFE_EQ, e.value());
        if (f instanceof LessThan e) return compare(e.attribute(), Op.LT, e.value());
        if (f instanceof LessThanOrEqual e) return compare(e.attribute(), Op.LE, e.value());
        if (f instanceof GreaterThan e) return compare(e.attribute(), Op.GT, e.value());
        if (f instanceof GreaterThanOrEqual e) return compare(e.attribute(), Op.GE, e.value());
        if (f instanceof In in) {
            List<Object> values = new ArrayList<>();
            for (Object v : in.values()) values.add(v == null ? null : value(v));
            return new Predicate.In(in.attribute(), values);
        }
        if (f instanceof IsNull n) return new Predicate.IsNull(n.attribute(), false);
        if (f instanceof IsNotNull n) return new Predicate.IsNull(n.attribute(), true);
        if (f instanceof StringStartsWith s) return new Predicate.StringMatch(s.attribute(), Predicate.Match.STARTS_WITH, s.value());
        if (f instanceof StringEndsWith s) return new Predicate.StringMatch(s.attribute(), Predicate.Match.ENDS_WITH, s.value());
        if (f instanceof StringContains s) return new Predicate.StringMatch(s.attribute(), Predicate.Match.CONTAINS, s.value());
        if (f instanceof And a) return new Predicate.And(convert(a.left()), convert(a.right()));
        if (f instanceof Or o) return new Predicate.Or(convert(o.left()), convert(o.right()));
        if (f instanceof Not n) return new Predicate.Not(convert(n.child()));
        throw new UnsupportedOperationException();
    }

    private static Predicate compare(String attribute, Op op, Object value) {
        if (value == null) throw new UnsupportedOperationException();
        return new Predicate.Compare(attribute, op, value(value));
    }

    /**
     * Spark's external values as the predicate's plain Java values. Dates and timestamps go back
     * through Spark's own conversions, which undo its calendar rebasing of old dates exactly.
     */
    private static Object value(Object v) {
        if (v instanceof Date d) return LocalDate.ofEpochDay(DateTimeUtils.fromJavaDate(d));
        if (v instanceof Timestamp t) {
            long micros = DateTimeUtils.fromJavaTimestamp(t);
            return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000);
        }
        if (v instanceof scala.math.BigDecimal d) return d.bigDecimal();
        if (v instanceof BigDecimal || v instanceof String || v instanceof Number || v instanceof Boolean
                || v instanceof byte[] || v instanceof LocalDate || v instanceof Instant
                || v instanceof java.time.LocalDateTime) {
            return v;
        }
        throw new UnsupportedOperationException();
    }
}
