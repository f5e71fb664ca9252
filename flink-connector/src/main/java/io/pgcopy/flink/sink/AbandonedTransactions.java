package io.pgcopy.flink.sink;

import io.pgcopy.sql.Identifiers;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The prepared transactions that earlier jobs of a sink id left when they were cancelled or failed
 * for good between a checkpoint's PREPARE and its COMMIT. Their writers cannot tell whether that
 * checkpoint completed — if it did, a restore from it commits them — so they keep them. A job of the
 * same sink id that starts without restoring declares that no earlier job will be restored (one sink
 * id, one running sink), so it rolls them back, as Flink's Kafka sink aborts the lingering
 * transactions of its prefix: left alone they would lock their rows and hold back VACUUM for ever.
 */
final class AbandonedTransactions {
    private static final String NO_SUCH_PREPARED = "42704";

    private AbandonedTransactions() {}

    /**
     * Rolls back the gids {@code pgcopy_f_<sinkId>_<job>_<subtask>_<n>} of other jobs than
     * {@code ownJob} for this subtask; subtask 0 also takes those of subtasks beyond the parallelism.
     * Returns their gids.
     */
    static List<String> rollBack(Connection c, String sinkId, String ownJob, int subtask, int parallelism)
            throws SQLException {
        String prefix = "pgcopy_f_" + sinkId + "_";
        Pattern rest = Pattern.compile("([0-9a-f]{1,8})_(\\d{1,9})_\\d{1,18}");
        List<String> gids = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT gid FROM pg_catalog.pg_prepared_xacts"
                + " WHERE database = current_database() AND starts_with(gid, ?)")) {
            ps.setString(1, prefix);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Matcher m = rest.matcher(rs.getString(1).substring(prefix.length()));
                    if (!m.matches() || m.group(1).equals(ownJob)) continue;
                    int of = Integer.parseInt(m.group(2));
                    if (of == subtask || (subtask == 0 && of >= parallelism)) gids.add(rs.getString(1));
                }
            }
        }
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(true);
        try (Statement s = c.createStatement()) {
            for (String gid : gids) {
                try {
                    s.execute("ROLLBACK PREPARED " + Identifiers.literal(gid));
                } catch (SQLException e) {
                    // another writer of this job got to it first
                    if (!NO_SUCH_PREPARED.equals(e.getSQLState())) throw e;
                }
            }
        } finally {
            c.setAutoCommit(auto);
        }
        return gids;
    }
}
