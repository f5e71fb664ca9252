package io.pgcopy.read;

import io.pgcopy.read.PushdownColumn.Kind;
import io.pgcopy.sql.Identifiers;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Renders GROUP BY keys, ORDER BY keys and aggregates — only where PostgreSQL's answer is exactly
 * what an engine (Spark, Flink) computes itself; everything else is empty and stays with the engine.
 * <ul>
 * <li>text is grouped, ordered and compared through {@code COLLATE "C"}: byte order, which is UTF-8
 *     code point order, as engines compare strings, whatever collation the column has; char(n) is
 *     only grouped on and counted;
 * <li>floating point columns are not grouped on (PostgreSQL keeps the first of -0 and 0, engines
 *     normalize to 0), and never summed or averaged (the result depends on the order of additions);
 * <li>SUM is pushed on int2/int4 (bigint in PostgreSQL, a long in engines, neither overflows) and on
 *     numeric(p,s), cast to the engines' numeric(min(38, p+10), s) — the sum is exact in both; where it
 *     does not fit, PostgreSQL fails the query ("numeric field overflow") rather than return a value;
 * <li>AVG is pushed on int2/int4 only, as engines compute it: the exact sum as a double divided by the count.
 *     AVG of bigint (summed as doubles by engines) and of numeric (engine-specific rounding) is not.
 * </ul>
 */
public final class PushdownSql {
    private static final Set<Kind> ORDERED = EnumSet.of(Kind.BOOL, Kind.INTEGER, Kind.BIGINT, Kind.FLOAT,
            Kind.DECIMAL, Kind.NUMERIC_UNCONSTRAINED, Kind.TEXT, Kind.BYTEA, Kind.DATE, Kind.TIMESTAMP);
    private static final Set<Kind> GROUPED = EnumSet.complementOf(EnumSet.of(Kind.FLOAT));
    // PostgreSQL has no min/max for bool or bytea
    private static final Set<Kind> MIN_MAX = EnumSet.complementOf(EnumSet.of(Kind.BOOL, Kind.BYTEA, Kind.BPCHAR));

    private final Map<String, PushdownColumn> columns = new LinkedHashMap<>();

    public PushdownSql(Collection<PushdownColumn> columns) {
        for (PushdownColumn c : columns) this.columns.put(c.name(), c);
    }

    /** A GROUP BY key (also its SELECT expression), or empty. */
    public Optional<String> groupKey(String column) {
        return of(column, GROUPED).map(PushdownSql::byteWise);
    }

    /** An ORDER BY key with an explicit direction and NULLS FIRST/LAST, or empty. */
    public Optional<String> orderKey(String column, boolean ascending, boolean nullsFirst) {
        return of(column, ORDERED).map(c -> byteWise(c) + (ascending ? " ASC" : " DESC")
                + (nullsFirst ? " NULLS FIRST" : " NULLS LAST"));
    }

    /** The aggregate's SELECT expression, or empty. */
    public Optional<String> aggregate(Aggregate a) {
        return switch (a.function()) {
            case COUNT_STAR -> Optional.of("count(*)");
            case COUNT -> of(a.column(), EnumSet.allOf(Kind.class)).map(c -> "count(" + quoted(c) + ")");
            case COUNT_DISTINCT -> of(a.column(), GROUPED).map(c -> "count(DISTINCT " + byteWise(c) + ")");
            case MIN, MAX -> of(a.column(), MIN_MAX).map(c -> a.function().name().toLowerCase(java.util.Locale.ROOT)
                    + "(" + byteWise(c) + ")");
            case SUM -> of(a.column(), EnumSet.of(Kind.INTEGER, Kind.DECIMAL)).map(c -> c.kind() == Kind.INTEGER
                    ? "sum(" + quoted(c) + ")"
                    : "sum(" + quoted(c) + ")::numeric(" + Math.min(38, c.precision() + 10) + "," + c.scale() + ")");
            case AVG -> of(a.column(), EnumSet.of(Kind.INTEGER)).map(c -> "(sum(" + quoted(c) + ")::float8 / count("
                    + quoted(c) + ")::float8)");
        };
    }

    private Optional<PushdownColumn> of(String column, Set<Kind> kinds) {
        PushdownColumn c = column == null ? null : columns.get(column);
        return c != null && kinds.contains(c.kind()) ? Optional.of(c) : Optional.empty();
    }

    private static String quoted(PushdownColumn c) {
        return Identifiers.quote(c.name());
    }

    private static String byteWise(PushdownColumn c) {
        return quoted(c) + (c.kind() == Kind.TEXT || c.kind() == Kind.BPCHAR ? " COLLATE \"C\"" : "");
    }
}
