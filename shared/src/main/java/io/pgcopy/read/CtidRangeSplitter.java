package io.pgcopy.read;

import io.pgcopy.sql.TableName;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a table into ranges of physical pages ({@code ctid}), so that every row is read exactly
 * once with no index and no key. The page count is the relation's real size
 * ({@code pg_relation_size / block_size}; {@code pg_class.relpages} is only an estimate, 0 before
 * the first VACUUM or ANALYZE). The last range is open-ended: rows appended after the size was
 * taken land on later pages and are still read. A partitioned table is split per leaf partition,
 * since ctids are per physical relation. Efficient from PostgreSQL 14 on (TID Range Scan); older
 * servers get one split per relation.
 */
public final class CtidRangeSplitter {
    /** Aim for splits of about this many bytes when the caller does not say how many it wants. */
    public static final long DEFAULT_BYTES_PER_SPLIT = 64L << 20;

    private CtidRangeSplitter() {}

    /** A physical relation and its size in pages. */
    record Relation(TableName name, long pages) {}

    /**
     * @param splits the number of splits wanted; 0 picks one per {@link #DEFAULT_BYTES_PER_SPLIT}
     * @param maxSplits an upper bound on the number of splits (e.g. the engine's parallelism)
     */
    public static List<ReadSplit> plan(Connection c, TableName table, int splits, int maxSplits) throws SQLException {
        List<Relation> relations = relations(c, table);
        boolean tidRangeScan = c.getMetaData().getDatabaseMajorVersion() >= 14;
        long blockSize = blockSize(c);
        long totalPages = relations.stream().mapToLong(Relation::pages).sum();
        int wanted = splits > 0 ? splits
                : (int) Math.max(1, Math.min(Integer.MAX_VALUE, totalPages * blockSize / DEFAULT_BYTES_PER_SPLIT));
        wanted = Math.max(1, Math.min(wanted, maxSplits));
        List<ReadSplit> result = new ArrayList<>();
        for (Relation r : relations) {
            int share = !tidRangeScan || totalPages == 0 ? 1
                    : (int) Math.max(1, Math.round((double) wanted * r.pages() / totalPages));
            share = (int) Math.max(1, Math.min(share, r.pages()));
            for (int k = 0; k < share; k++) {
                long from = r.pages() * k / share;
                long to = r.pages() * (k + 1) / share;
                String condition;
                if (share == 1) {
                    condition = null;
                } else if (k == 0) {
                    condition = "ctid < '(" + to + ",0)'::tid";
                } else if (k == share - 1) {
                    condition = "ctid >= '(" + from + ",0)'::tid";
                } else {
                    condition = "ctid >= '(" + from + ",0)'::tid AND ctid < '(" + to + ",0)'::tid";
                }
                result.add(new ReadSplit(result.size(), r.name().quoted(), condition));
            }
        }
        return result;
    }

    private static long blockSize(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT current_setting('block_size')::int8");
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** The table itself, or the leaves of a partitioned table, with their sizes in pages. */
    static List<Relation> relations(Connection c, TableName table) throws SQLException {
        List<Relation> out = new ArrayList<>();
        String sql = "WITH t AS (SELECT to_regclass(?) AS oid),"
                + " leaves AS (SELECT p.relid FROM t, pg_partition_tree(t.oid) p WHERE p.isleaf AND"
                + "   (SELECT relkind FROM pg_class WHERE oid = t.oid) = 'p'"
                + "  UNION ALL SELECT t.oid FROM t WHERE (SELECT relkind FROM pg_class WHERE oid = t.oid) <> 'p')"
                + " SELECT n.nspname, c.relname, c.relkind,"
                + "   pg_relation_size(c.oid) / current_setting('block_size')::int8"
                + " FROM leaves l JOIN pg_class c ON c.oid = l.relid JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " ORDER BY n.nspname, c.relname";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, table.quoted());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String kind = rs.getString(3);
                    boolean hasPages = kind.equals("r") || kind.equals("m") || kind.equals("t");
                    out.add(new Relation(new TableName(rs.getString(1), rs.getString(2)), hasPages ? rs.getLong(4) : 0));
                }
            }
        }
        if (out.isEmpty()) throw new SQLException("table " + table + " does not exist", "42P01");
        return out;
    }
}
