package io.pgcopy.spark.read;

import io.pgcopy.protocol.ConnectionSpec;
import io.pgcopy.sql.TableName;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The planner's row estimate and the real size of a table (summed over the leaves of a partitioned one). */
final class TableStatistics {
    private static final Logger LOG = LoggerFactory.getLogger(TableStatistics.class);
    private static final String SQL = "SELECT CASE WHEN bool_and(c.reltuples >= 0) THEN sum(c.reltuples)::int8 ELSE -1 END,"
            + " coalesce(sum(pg_relation_size(c.oid)), 0)::int8"
            + " FROM pg_partition_tree(to_regclass(?)) p JOIN pg_class c ON c.oid = p.relid WHERE p.isleaf";

    private TableStatistics() {}

    /** {rows (-1 when never analyzed), bytes}, or null when they cannot be had (statistics are a hint). */
    static long[] estimate(ConnectionSpec spec, TableName table) {
        try (Connection c = spec.open(); PreparedStatement ps = c.prepareStatement(SQL)) {
            ps.setString(1, table.quoted());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) return null;
                return new long[] {rs.getLong(1), rs.getLong(2)};
            }
        } catch (SQLException e) {
            LOG.warn("pgcopy: no statistics for {}: {}", table, e.getMessage());
            return null;
        }
    }
}
