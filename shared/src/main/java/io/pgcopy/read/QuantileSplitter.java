package io.pgcopy.read;

import io.pgcopy.catalog.Oids;
import io.pgcopy.catalog.PgType;
import io.pgcopy.sql.Identifiers;
import java.sql.Array;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits by ranges of a column that has no useful arithmetic (uuid, text), at its quantiles:
 * {@code percentile_disc} over the column gives n-1 boundary values, so each split holds about the
 * same number of rows however skewed the keys are. Text is ordered byte-wise ({@code COLLATE "C"})
 * in both the quantiles and the conditions, so the ranges are adjacent and disjoint whatever the
 * column's collation: the first split also takes everything below and the NULLs, the last
 * everything above, and every row lands in exactly one split. Costs one sort of the column when
 * the read is planned.
 */
public final class QuantileSplitter {
    private QuantileSplitter() {}

    /** Whether {@link #plan} splits columns of this type. */
    public static boolean splits(PgType type) {
        return switch (type.resolved().oid()) {
            case Oids.UUID, Oids.TEXT, Oids.VARCHAR, Oids.NAME -> true;
            default -> false;
        };
    }

    /**
     * @param from the FROM item read: a quoted table name or {@code (query) AS alias}
     * @param column the column's name (unquoted)
     */
    public static List<ReadSplit> plan(Connection c, String from, String column, PgType type, int numPartitions)
            throws SQLException {
        if (!splits(type)) {
            throw new IllegalArgumentException("column \"" + column + "\" is " + type.displayName()
                    + "; quantile splits need a uuid or text column");
        }
        if (numPartitions <= 1) return List.of(new ReadSplit(0, from, null));
        boolean text = type.resolved().oid() != Oids.UUID;
        String col = Identifiers.quote(column) + (text ? "::text COLLATE \"C\"" : "");
        String cast = text ? "::text COLLATE \"C\"" : "::uuid";
        StringBuilder fractions = new StringBuilder("ARRAY[");
        for (int k = 1; k < numPartitions; k++) {
            if (k > 1) fractions.append(", ");
            fractions.append(k).append("::float8 / ").append(numPartitions);
        }
        fractions.append(']');
        List<String> bounds = new ArrayList<>();
        String sql = "SELECT (percentile_disc(" + fractions + ") WITHIN GROUP (ORDER BY " + col + "))::text[] FROM "
                + from + " WHERE " + Identifiers.quote(column) + " IS NOT NULL";
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            Array a = rs.getArray(1);
            if (a == null) return List.of(new ReadSplit(0, from, null)); // no non-null value
            for (Object v : (Object[]) a.getArray()) {
                // equal quantiles (many equal keys) would only give empty splits
                if (bounds.isEmpty() || !bounds.get(bounds.size() - 1).equals(v)) bounds.add((String) v);
            }
        }
        List<ReadSplit> out = new ArrayList<>();
        for (int k = 0; k <= bounds.size(); k++) {
            String low = k == 0 ? null : Identifiers.literal(bounds.get(k - 1)) + cast;
            String high = k == bounds.size() ? null : Identifiers.literal(bounds.get(k)) + cast;
            String condition;
            if (low == null && high == null) {
                condition = null;
            } else if (low == null) {
                condition = col + " < " + high + " OR " + col + " IS NULL";
            } else if (high == null) {
                condition = col + " >= " + low;
            } else {
                condition = col + " >= " + low + " AND " + col + " < " + high;
            }
            out.add(new ReadSplit(k, from, condition));
        }
        return out;
    }
}
