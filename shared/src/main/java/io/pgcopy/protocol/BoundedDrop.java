package io.pgcopy.protocol;

import io.pgcopy.sql.Identifiers;
import io.pgcopy.sql.TableName;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cleanup statements that never wait for ever: each drop or rollback runs on its own, under a
 * bounded {@code lock_timeout} — the session's {@value ConnectionSpec#LOCK_TIMEOUT} option, else
 * {@value #DEFAULT_LOCK_TIMEOUT} — so that a session holding a stage (a task stuck in its COPY, a
 * user's LOCK) makes the cleanup report what it left rather than hang the job's end. What could not
 * be removed is logged (WARN) with its name and {@code pgcopy cleanup}, and kept in {@link #failures()}.
 */
public final class BoundedDrop {
    private static final Logger LOG = LoggerFactory.getLogger(BoundedDrop.class);
    public static final String DEFAULT_LOCK_TIMEOUT = "10s";
    /** A lock_timeout of zero means no limit: never one for a cleanup. */
    private static final Pattern NO_LIMIT = Pattern.compile("0+\\s*[a-z]*");

    private final Connection connection;
    private final String lockTimeout;
    private final boolean warn;
    private final List<String> failures = new ArrayList<>();

    private BoundedDrop(Connection connection, String lockTimeout, boolean warn) {
        this.connection = connection;
        this.lockTimeout = lockTimeout;
        this.warn = warn;
    }

    /** Cleanup on {@code connection} bounded by the spec's lock timeout (else the default); failures are logged. */
    public static BoundedDrop on(Connection connection, ConnectionSpec spec) {
        return new BoundedDrop(connection, lockTimeoutOf(spec), true);
    }

    /** Cleanup bounded by {@code lockTimeout} (e.g. {@code 1s}); failures are logged. */
    public static BoundedDrop on(Connection connection, String lockTimeout) {
        return new BoundedDrop(connection, lockTimeout, true);
    }

    /** A first attempt that a later one repeats: failures are only kept, not logged. */
    public static BoundedDrop quiet(Connection connection, String lockTimeout) {
        return new BoundedDrop(connection, lockTimeout, false);
    }

    /** The lock timeout cleanup uses for sessions of {@code spec}. */
    public static String lockTimeoutOf(ConnectionSpec spec) {
        return spec.lockTimeout().filter(t -> !NO_LIMIT.matcher(t).matches()).orElse(DEFAULT_LOCK_TIMEOUT);
    }

    /** {@code DROP TABLE IF EXISTS}; false (and a failure naming the table) if it could not be dropped in time. */
    public boolean dropTable(TableName table) {
        return run("table " + table, "DROP TABLE IF EXISTS " + table.quoted());
    }

    /** {@code ROLLBACK PREPARED}; false (and a failure naming the gid) if it could not be done in time. */
    public boolean rollbackPrepared(String gid) {
        return run("prepared transaction " + gid, "ROLLBACK PREPARED " + Identifiers.literal(gid));
    }

    /** What could not be removed, each as "table NAME: reason" or "prepared transaction GID: reason". */
    public List<String> failures() {
        return List.copyOf(failures);
    }

    /**
     * Runs {@code sql} in a transaction of its own (autocommit: ROLLBACK PREPARED cannot run in a
     * transaction block) under the bounded lock_timeout, then gives the session its own back.
     */
    private boolean run(String what, String sql) {
        try {
            if (!connection.getAutoCommit()) connection.rollback();
            connection.setAutoCommit(true);
            String own = setLockTimeout(lockTimeout);
            try (Statement s = connection.createStatement()) {
                s.execute(sql);
            } finally {
                setLockTimeout(own);
            }
            return true;
        } catch (SQLException e) {
            failures.add(what + ": " + e.getMessage());
            if (warn) {
                LOG.warn("pgcopy: could not remove {} within lock_timeout {} ({}); it stays behind: remove it with"
                        + " pgcopy cleanup once no session holds it", what, lockTimeout, e.getMessage());
            }
            return false;
        }
    }

    /** Sets the session's lock_timeout; returns the one it had. */
    private String setLockTimeout(String value) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT current_setting('lock_timeout'), set_config('lock_timeout', ?, false)")) {
            ps.setString(1, value);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }
}
