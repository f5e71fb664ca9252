package io.pgcopy.spark.read;

import io.pgcopy.read.Predicate;
import io.pgcopy.read.Predicate.Op;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.connector.expressions.Expression;
import org.apache.spark.sql.connector.expressions.Literal;
import org.apache.spark.sql.connector.expressions.NamedReference;
import org.apache.spark.sql.types.BinaryType;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.ByteType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DateType;
import org.apache.spark.sql.types.Decimal;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.FloatType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.ShortType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.TimestampNTZType;
import org.apache.spark.sql.types.TimestampType;

/**
 * Spark's V2 predicates (a column against literals) as engine-neutral predicates, which decide
 * themselves what they can render. Anything else (casts, functions, two columns) stays with Spark.
 */
final class SparkPredicates {
    private SparkPredicates() {}

    static Optional<Predicate> toPredicate(org.apache.spark.sql.connector.expressions.filter.Predicate p) {
        try {
            return Optional.of(convert(p));
        } catch (UnsupportedOperationException e) {
            return Optional.empty();
        }
    }

    /** The column a V2 expression is, if it is a top-level column. */
    static Optional<String> column(Expression e) {
        return e instanceof NamedReference r && r.fieldNames().length == 1 ? Optional.of(r.fieldNames()[0])
                : Optional.empty();
    }

    private static Predicate convert(Expression e) {
        if (!(e instanceof org.apache.spark.sql.connector.expressions.filter.Predicate p)) {
            throw new UnsupportedOperationException();
        }
        Expression[] c = p.children();
        return switch (p.name()) {
            case "=" -> compare(c, Op.EQ, Op.EQ);
            case "<>" -> compare(c, Op.NE, Op.NE);
            case "<=>" -> compare(c, Op.NULL_SAFE_EQ, Op.NULL_SAFE_EQ);
            case "<" -> compare(c, Op.LT, Op.GT);
            case "<=" -> compare(c, Op.LE, Op.GE);
            case ">" -> compare(c, Op.GT, Op.LT);
            case ">=" -> compare(c, Op.GE, Op.LE);
            case "IN" -> {
                List<Object> values = new ArrayList<>();
                for (int k = 1; k < c.length; k++) values.add(value(c[k]));
                yield new Predicate.In(name(c[0]), values);
            }
            case "IS_NULL" -> new Predicate.IsNull(name(c[0]), false);
            case "IS_NOT_NULL" -> new Predicate.IsNull(name(c[0]), true);
            case "STARTS_WITH" -> match(c, Predicate.Match.STARTS_WITH);
            case "ENDS_WITH" -> match(c, Predicate.Match.ENDS_WITH);
            case "CONTAINS" -> match(c, Predicate.Match.CONTAINS);
            case "AND" -> new Predicate.And(convert(c[0]), convert(c[1]));
            case "OR" -> new Predicate.Or(convert(c[0]), convert(c[1]));
            case "NOT" -> new Predicate.Not(convert(c[0]));
            default -> throw new UnsupportedOperationException();
        };
    }

    /** column op literal, or literal op column (then with the mirrored operator). */
    private static Predicate compare(Expression[] c, Op op, Op mirrored) {
        if (c.length != 2) throw new UnsupportedOperationException();
        boolean columnFirst = column(c[0]).isPresent();
        Object v = value(columnFirst ? c[1] : c[0]);
        if (v == null) throw new UnsupportedOperationException();
        return new Predicate.Compare(name(columnFirst ? c[0] : c[1]), columnFirst ? op : mirrored, v);
    }

    private static Predicate match(Expression[] c, Predicate.Match match) {
        if (!(value(c[1]) instanceof String s)) throw new UnsupportedOperationException();
        return new Predicate.StringMatch(name(c[0]), match, s);
    }

    private static String name(Expression e) {
        return column(e).orElseThrow(UnsupportedOperationException::new);
    }

    /** A literal's Spark internal value as the predicate's plain Java value (null for a NULL literal). */
    private static Object value(Expression e) {
        if (!(e instanceof Literal<?> l)) throw new UnsupportedOperationException();
        Object v = l.value();
        DataType t = l.dataType();
        if (v == null) return null;
        if (t instanceof StringType) return v.toString();
        if (t instanceof DecimalType) return ((Decimal) v).toJavaBigDecimal();
        // days and microseconds since 1970 in the proleptic Gregorian calendar, as PostgreSQL counts
        if (t instanceof DateType) return LocalDate.ofEpochDay((Integer) v);
        if (t instanceof TimestampType) return micros((Long) v);
        if (t instanceof TimestampNTZType) return LocalDateTime.ofInstant(micros((Long) v), ZoneOffset.UTC);
        if (t instanceof BooleanType || t instanceof ByteType || t instanceof ShortType || t instanceof IntegerType
                || t instanceof LongType || t instanceof FloatType || t instanceof DoubleType || t instanceof BinaryType) {
            return v;
        }
        throw new UnsupportedOperationException();
    }

    private static Instant micros(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000);
    }
}
