package io.pgcopy.read;

import io.pgcopy.catalog.Oids;
import io.pgcopy.catalog.PgType;
import io.pgcopy.sql.Identifiers;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits by ranges of one column, as Spark JDBC's partitionColumn does, for integer, date and
 * timestamp columns. Bounds only set the stride — no row is filtered out by them: the first split
 * also takes everything below and the NULLs, the last everything above. Missing bounds are the
 * column's min and max.
 */
public final class ColumnRangeSplitter {
    private ColumnRangeSplitter() {}

    private enum Kind { INTEGRAL, DATE, TIMESTAMP, TIMESTAMPTZ }

    /**
     * @param from the FROM item read: a quoted table name or {@code (query) AS alias}
     * @param column the column's name (unquoted) and {@code type} its type
     * @param lower the lower bound in the column's long form (integer value, days since 1970-01-01,
     *     or microseconds since 1970-01-01), or null to use min(column)
     * @param upper likewise, or null to use max(column)
     */
    public static List<ReadSplit> plan(Connection c, String from, String column, PgType type, Long lower, Long upper,
            int numPartitions) throws SQLException {
        Kind kind = kind(column, type);
        String col = Identifiers.quote(column);
        if (lower == null || upper == null) {
            long[] bounds = minMax(c, from, col, kind);
            if (bounds == null) return List.of(new ReadSplit(0, from, null)); // no non-null value
            if (lower == null) lower = bounds[0];
            if (upper == null) upper = bounds[1];
        }
        if (upper < lower) throw new IllegalArgumentException("upperBound " + upper + " is below lowerBound " + lower);
        long span = upper - lower; // may overflow for extreme bounds: fall back to fewer splits
        int n = numPartitions;
        if (span < 0 || span < n) n = (int) Math.max(1, Math.min(n, span < 0 ? 1 : span));
        if (n <= 1) return List.of(new ReadSplit(0, from, null));
        List<ReadSplit> splits = new ArrayList<>();
        long stride = span / n;
        for (int k = 0; k < n; k++) {
            String low = literal(kind, lower + stride * k);
            String to = literal(kind, lower + stride * (k + 1));
            String condition;
            if (k == 0) {
                condition = col + " < " + to + " OR " + col + " IS NULL";
            } else if (k == n - 1) {
                condition = col + " >= " + low;
            } else {
                condition = col + " >= " + low + " AND " + col + " < " + to;
            }
            splits.add(new ReadSplit(k, from, condition));
        }
        return splits;
    }

    private static Kind kind(String column, PgType type) {
        PgType t = type.resolved();
        switch (t.oid()) {
            case Oids.INT2: case Oids.INT4: case Oids.INT8: case Oids.OID: return Kind.INTEGRAL;
            case Oids.DATE: return Kind.DATE;
            case Oids.TIMESTAMP: return Kind.TIMESTAMP;
            case Oids.TIMESTAMPTZ: return Kind.TIMESTAMPTZ;
            default:
                throw new IllegalArgumentException("partitionColumn \"" + column + "\" is "
                        + type.displayName() + "; it must be an integer, date or timestamp column");
        }
    }

    private static long[] minMax(Connection c, String from, String col, Kind kind) throws SQLException {
        String expr = switch (kind) {
            case INTEGRAL -> "min(" + col + ")::int8, max(" + col + ")::int8";
            case DATE -> "min(" + col + ") - DATE '1970-01-01', max(" + col + ") - DATE '1970-01-01'";
            case TIMESTAMP, TIMESTAMPTZ -> "(extract(epoch FROM min(" + col + ")) * 1000000)::int8,"
                    + " (extract(epoch FROM max(" + col + ")) * 1000000)::int8";
        };
        // infinite dates and timestamps would make every stride useless; they land in the open ends
        String where = kind == Kind.INTEGRAL ? col + " IS NOT NULL" : "isfinite(" + col + ")";
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT " + expr + " FROM " + from + " WHERE " + where)) {
            rs.next();
            long min = rs.getLong(1);
            if (rs.wasNull()) return null;
            return new long[] {min, rs.getLong(2)};
        }
    }

    private static String literal(Kind kind, long v) {
        return switch (kind) {
            case INTEGRAL -> "(" + v + ")";
            case DATE -> PredicateSql.literal(LocalDate.ofEpochDay(v));
            case TIMESTAMP -> PredicateSql.literal(LocalDateTime.ofEpochSecond(Math.floorDiv(v, 1_000_000L),
                    (int) Math.floorMod(v, 1_000_000L) * 1000, ZoneOffset.UTC));
            case TIMESTAMPTZ -> PredicateSql.literal(Instant.ofEpochSecond(Math.floorDiv(v, 1_000_000L),
                    Math.floorMod(v, 1_000_000L) * 1000));
        };
    }
}
