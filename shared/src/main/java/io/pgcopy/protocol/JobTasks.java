package io.pgcopy.protocol;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Which task sessions of a job are still connected, told by a shared advisory lock on the job's
 * id that every staging or preparing task session holds until it closes. A failed job's abort
 * runs while tasks Spark is still stopping may go on to create a stage or PREPARE; waiting until
 * none holds the lock any more, then cleaning up again, leaves nothing of theirs behind.
 */
final class JobTasks {
    /** The first key of pgcopy's advisory locks: "pgcp". */
    private static final int LOCK_SPACE = 0x70676370;
    private static final long POLL_MILLIS = 20;

    private JobTasks() {}

    /** Marks this session as a task of the job until it closes. */
    static void register(Connection c, String jobId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_advisory_lock_shared(?, hashtext(?))")) {
            ps.setInt(1, LOCK_SPACE);
            ps.setString(2, jobId);
            ps.execute();
        }
    }

    /** Waits until no session of the job's tasks is connected; false if some still are after {@code millis}. */
    static boolean awaitGone(Connection c, String jobId, long millis) throws SQLException {
        long end = System.currentTimeMillis() + millis;
        try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM pg_catalog.pg_locks WHERE locktype ="
                + " 'advisory' AND classid::int8 = ? AND objid::int8 = (hashtext(?)::int8 & 4294967295) AND objsubid = 2"
                + " AND database = (SELECT oid FROM pg_catalog.pg_database WHERE datname = current_database())"
                + " AND pid IS NOT NULL AND pid <> pg_backend_pid()")) {
            ps.setLong(1, LOCK_SPACE);
            ps.setString(2, jobId);
            while (true) {
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    if (rs.getLong(1) == 0) return true;
                }
                if (System.currentTimeMillis() > end) return false;
                try {
                    Thread.sleep(POLL_MILLIS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
    }
}
