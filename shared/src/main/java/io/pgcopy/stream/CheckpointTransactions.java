package io.pgcopy.stream;

import io.pgcopy.sql.Identifiers;
import io.pgcopy.sql.TableName;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Exactly-once streaming writes with PostgreSQL's two-phase commit: each writer (one per sink
 * subtask) runs one transaction per checkpoint and ends it with {@code PREPARE TRANSACTION} under
 * the gid {@code <prefix><n>}, where n is the last checkpoint taken before the transaction began
 * plus one, so a gid numbered at most C belongs to checkpoint C or an earlier one. Committing is
 * idempotent: the prepared transaction also inserts its gid into a commit log table, so a gid that
 * is no longer prepared but is in the log was committed. After a restore from checkpoint C, every
 * prepared transaction of the writer numbered above C is rolled back: it belongs to a checkpoint
 * that never completed.
 */
public final class CheckpointTransactions {
    /** The default commit log name, in the target's schema (a sink may place its log elsewhere). */
    public static final String LOG_TABLE = "pgcopy_commit_log";
    /** How many committed gids per writer the log keeps for late (repeated) commit requests. */
    static final int LOG_KEEP = 20;
    private static final String NO_SUCH_PREPARED = "42704";

    private CheckpointTransactions() {}

    /** The outcome of a commit. */
    public enum Outcome { COMMITTED, ALREADY_COMMITTED }

    public static String gid(String prefix, long number) {
        return prefix + number;
    }

    /** Fails with a clear message when the server cannot prepare transactions. */
    public static void checkServer(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SHOW max_prepared_transactions")) {
            rs.next();
            if (Integer.parseInt(rs.getString(1)) <= 0) {
                throw new SQLException("exactly-once needs max_prepared_transactions > 0 on the server (it is 0): set"
                        + " it in postgresql.conf (e.g. to max_connections) and restart, or use at-least-once", "55000");
            }
        }
    }

    /** Creates the commit log (committed at once) if it does not exist; every writer of a sink does as it starts. */
    public static void createLog(Connection c, TableName log) throws SQLException {
        CommitLogTables.createIfMissing(c, log, logDdl(log));
    }

    /** The commit log's DDL, also for an administrator who creates it for users without CREATE. */
    public static String logDdl(TableName log) {
        return "CREATE TABLE " + log.quoted() + " (prefix text NOT NULL, n bigint NOT NULL,"
                + " committed_at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (prefix, n))";
    }

    public static TableName logTable(TableName target) {
        return new TableName(target.schema(), LOG_TABLE);
    }

    /** Logs the gid in the open transaction, then prepares it; the connection is then free. */
    public static void prepare(Connection c, TableName log, String prefix, long number) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + log.quoted() + " (prefix, n) VALUES (?, ?)")) {
            ps.setString(1, prefix);
            ps.setLong(2, number);
            ps.execute();
        }
        try (Statement s = c.createStatement()) {
            s.execute("PREPARE TRANSACTION " + Identifiers.literal(gid(prefix, number)));
        }
    }

    /**
     * Commits a prepared transaction; when it is no longer prepared, tells from the log whether it
     * was committed (then nothing is lost) or not (then its rows are gone, and this throws).
     */
    public static Outcome commit(Connection c, TableName log, String prefix, long number) throws SQLException {
        c.setAutoCommit(true);
        Outcome outcome;
        try (Statement s = c.createStatement()) {
            s.execute("COMMIT PREPARED " + Identifiers.literal(gid(prefix, number)));
            outcome = Outcome.COMMITTED;
        } catch (SQLException e) {
            if (!NO_SUCH_PREPARED.equals(e.getSQLState())) throw e;
            if (!logged(c, log, prefix, number)) {
                throw new SQLException("prepared transaction " + gid(prefix, number) + " is gone and was never"
                        + " committed: it was rolled back outside pgcopy, so its rows are lost", "55000", e);
            }
            outcome = Outcome.ALREADY_COMMITTED;
        }
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + log.quoted() + " WHERE prefix = ? AND n < ?")) {
            ps.setString(1, prefix);
            ps.setLong(2, number - LOG_KEEP);
            ps.execute();
        }
        return outcome;
    }

    private static boolean logged(Connection c, TableName log, String prefix, long number) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM " + log.quoted() + " WHERE prefix = ? AND n = ?")) {
            ps.setString(1, prefix);
            ps.setLong(2, number);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** Rolls back the writer's prepared transactions numbered above {@code after}; returns their gids. */
    public static List<String> rollbackAfter(Connection c, String prefix, long after) throws SQLException {
        List<Long> numbers = preparedNumbers(c, prefix);
        List<String> gids = new ArrayList<>();
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(true);
        try (Statement s = c.createStatement()) {
            for (long n : numbers) {
                if (n <= after) continue;
                s.execute("ROLLBACK PREPARED " + Identifiers.literal(gid(prefix, n)));
                gids.add(gid(prefix, n));
            }
        } finally {
            c.setAutoCommit(auto);
        }
        return gids;
    }

    /**
     * Commits the writer's prepared transactions numbered up to {@code upTo}: after a restore from
     * checkpoint C they belong to completed checkpoints, and committing them at once frees the rows
     * they lock before the writer touches the table again. Returns their gids.
     */
    public static List<String> commitUpTo(Connection c, TableName log, String prefix, long upTo) throws SQLException {
        List<String> gids = new ArrayList<>();
        boolean auto = c.getAutoCommit();
        try {
            for (long n : preparedNumbers(c, prefix)) {
                if (n > upTo) continue;
                commit(c, log, prefix, n);
                gids.add(gid(prefix, n));
            }
        } finally {
            c.setAutoCommit(auto);
        }
        return gids;
    }

    private static List<Long> preparedNumbers(Connection c, String prefix) throws SQLException {
        List<Long> numbers = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT gid FROM pg_catalog.pg_prepared_xacts"
                + " WHERE database = current_database() AND starts_with(gid, ?)")) {
            ps.setString(1, prefix);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String rest = rs.getString(1).substring(prefix.length());
                    if (rest.matches("\\d{1,18}")) numbers.add(Long.parseLong(rest));
                }
            }
        }
        return numbers;
    }
}
