package io.pgcopy.protocol;

import io.pgcopy.sql.Identifiers;
import io.pgcopy.sql.TableName;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The driver's side of a parallel write: checks before the tasks, then commit or abort of the job. */
public final class JobCommitter {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(JobCommitter.class);
    private JobCommitter() {}

    /** What the job commit did. */
    public record Outcome(long rowsWritten, long rowsMerged) {}

    /**
     * A step run first inside the job commit's transaction ({@link CommitMode#JOB}), before the rows
     * move: it may write more (a streaming epoch's record) and decide that the rows must not move
     * (then the transaction is rolled back and the stages are dropped all the same).
     */
    @FunctionalInterface
    public interface FirstInTransaction {
        /** Returns false when the job's rows must not move. */
        boolean proceed(Connection c) throws SQLException;
    }

    /**
     * Before any task runs: PREPARED needs {@code max_prepared_transactions > 0}. An overwrite that
     * does not go through the job commit (TASK, PREPARED) truncates the target now — not atomic with
     * the write, which only {@link CommitMode#JOB} is.
     */
    public static void beforeTasks(WriteSpec spec) throws SQLException {
        try (Connection c = spec.connection().open(); Statement s = c.createStatement()) {
            if (spec.commit() == CommitMode.PREPARED) {
                try (ResultSet rs = s.executeQuery("SHOW max_prepared_transactions")) {
                    rs.next();
                    if (Integer.parseInt(rs.getString(1)) <= 0) {
                        throw new SQLException("commit=prepared needs max_prepared_transactions > 0 on the server"
                                + " (it is 0): set it in postgresql.conf (e.g. to max_connections) and restart,"
                                + " or use commit=job", "55000");
                    }
                }
            }
            if (spec.overwrite() && spec.commit() != CommitMode.JOB) {
                s.execute("TRUNCATE " + spec.plan().table().name().quoted());
            }
        }
    }

    /**
     * Makes the job's rows visible. JOB: one transaction truncates the target (overwrite), moves
     * every stage into it and drops the stages — readers see all rows or none, never an empty table.
     * PREPARED: COMMIT PREPARED for each winning attempt, then ROLLBACK PREPARED for any other
     * attempt of the job. TASK: the tasks committed already.
     */
    public static Outcome commit(WriteSpec spec, Collection<TaskResult> results) throws SQLException {
        return commit(spec, results, c -> true);
    }

    /** {@link #commit(WriteSpec, Collection)} with {@code first} in the move's transaction (JOB only). */
    public static Outcome commit(WriteSpec spec, Collection<TaskResult> results, FirstInTransaction first)
            throws SQLException {
        List<TaskResult> winners = onePerPartition(results);
        long rows = winners.stream().mapToLong(TaskResult::rows).sum();
        long merged = winners.stream().mapToLong(TaskResult::rowsMerged).sum();
        try (Connection c = openWaiting(spec.connection())) {
            switch (spec.commit()) {
                case JOB:
                    merged = moveStages(c, spec, winners, first);
                    break;
                case PREPARED:
                    try (Statement s = c.createStatement()) {
                        for (TaskResult r : winners) s.execute("COMMIT PREPARED " + Identifiers.literal(r.gid()));
                    }
                    List<String> losers = rollbackPrepared(c, WriteNames.prefix(spec.jobId()));
                    if (!losers.isEmpty()) {
                        LOG.info("pgcopy: job {} rolled back the prepared transactions {} of attempts that lost"
                                + " (retried or speculative) on {}", spec.jobId(), losers, spec.plan().table().name());
                    }
                    break;
                default:
                    break;
            }
        }
        return new Outcome(rows, merged);
    }

    private static long moveStages(Connection c, WriteSpec spec, List<TaskResult> winners, FirstInTransaction first)
            throws SQLException {
        TableName target = spec.plan().table().name();
        List<TableName> stages = new ArrayList<>();
        for (TaskResult r : winners) stages.add(r.stage());
        c.setAutoCommit(false);
        long moved = 0;
        // the move takes as long as the job's data: a socketTimeout (set to catch a server that stopped
        // answering a COPY) must not fail it half-way; tcpKeepAlive still notices a vanished server
        int socketTimeout = c.getNetworkTimeout();
        c.setNetworkTimeout(Runnable::run, 0);
        try (Statement s = c.createStatement()) {
            if (first.proceed(c)) {
                if (spec.overwrite()) s.execute("TRUNCATE " + target.quoted());
                if (!stages.isEmpty()) {
                    moved = s.executeUpdate(MergeSql.insertFromStages(target, TaskWriter.columns(spec), stages,
                            spec.onConflict(), spec.conflictColumns()));
                }
                c.commit();
            } else {
                c.rollback();
            }
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setNetworkTimeout(Runnable::run, socketTimeout);
        }
        // the job's rows are committed: that is the outcome, whatever happens to a stage (a failed drop says so)
        BoundedDrop drop = BoundedDrop.on(c, spec.connection());
        for (TableName stage : stages) drop.dropTable(stage);
        try {
            dropAbandonedStages(c, spec);
        } catch (SQLException e) {
            LOG.warn("pgcopy: cannot drop the abandoned staging tables of job {}; remove them later with pgcopy"
                    + " cleanup ({})", spec.jobId(), e.getMessage());
        }
        return moved;
    }

    /** How long the job commit waits for a backend that still holds an abandoned attempt's stage. */
    private static final long ABANDONED_WAIT_MILLIS = 30_000;

    /**
     * After the commit, drops the stages of attempts that lost or were given up on (a task whose
     * server stopped answering is retried on a new session while the old backend may still hold its
     * stage). Their rows are not the job's, so nothing waits for them longer than needed: their
     * sessions get a bounded time to go, and a stage still locked after it is left for cleanup.
     */
    private static void dropAbandonedStages(Connection c, WriteSpec spec) throws SQLException {
        c.setAutoCommit(true);
        String schema = spec.plan().table().name().schema();
        if (stagesOf(c, schema, spec.jobId()).isEmpty()) return;
        JobTasks.awaitGone(c, spec.jobId(), ABANDONED_WAIT_MILLIS);
        BoundedDrop drop = BoundedDrop.on(c, "1s");
        List<TableName> dropped = new ArrayList<>();
        for (TableName stage : stagesOf(c, schema, spec.jobId())) {
            if (drop.dropTable(stage)) dropped.add(stage);
        }
        if (!dropped.isEmpty()) {
            LOG.info("pgcopy: job {} dropped the staging tables {} of attempts that lost (retried or given up on)"
                    + " on {}", spec.jobId(), dropped, spec.plan().table().name());
        }
    }

    /** How long an abort waits for task sessions that are still connected. */
    private static final long ABORT_WAIT_MILLIS = 60_000;

    /**
     * Undoes everything the job left: its stages are dropped, its prepared transactions rolled back.
     * Spark aborts a failed job while the tasks it is stopping still run, and such a task may yet
     * create its stage or PREPARE: the abort cleans up, waits until none of the job's task sessions
     * is connected (see {@link JobTasks}), and cleans up again. No drop waits longer than the bounded
     * lock timeout of {@link BoundedDrop}: what stays behind is named in the exception.
     */
    public static void abort(WriteSpec spec) throws SQLException {
        String schema = spec.plan().table().name().schema();
        openWaiting(spec.connection()).close();
        List<String> left = clean(spec.connection(), schema, spec.jobId(), spec.commit() != CommitMode.TASK).failures();
        if (spec.commit() != CommitMode.TASK) {
            boolean gone;
            try (Connection c = spec.connection().open()) {
                gone = JobTasks.awaitGone(c, spec.jobId(), ABORT_WAIT_MILLIS);
            }
            left = clean(spec.connection(), schema, spec.jobId(), false).failures();
            if (!gone) {
                throw new SQLException("tasks of job " + spec.jobId() + " were still connected " + ABORT_WAIT_MILLIS / 1000
                        + " s after it failed; a stage or prepared transaction they leave from now on stays behind"
                        + (left.isEmpty() ? "" : " (left now: " + String.join("; ", left) + ")")
                        + ": remove it with pgcopy cleanup", "55006");
            }
        }
        if (!left.isEmpty()) {
            throw new SQLException("the failed job " + spec.jobId() + " left behind what could not be removed within"
                    + " lock_timeout " + BoundedDrop.lockTimeoutOf(spec.connection()) + ": " + String.join("; ", left)
                    + "; remove it with pgcopy cleanup once no session holds it", "55P03");
        }
    }

    /**
     * Removes what a (possibly dead) job left behind, found by its name prefix: staging tables in
     * {@code schema} (null: the search_path's first schema) and prepared transactions.
     *
     * @return how many objects were removed
     */
    public static int cleanup(ConnectionSpec connection, String schema, String jobId) throws SQLException {
        return clean(connection, schema, jobId, false).removed();
    }

    /** What a cleanup removed, and what it could not (each with the reason). */
    private record Cleaned(int removed, List<String> failures) {}

    /** The job's cleanup by prefix; failures are logged unless {@code quiet} (a later pass repeats it). */
    private static Cleaned clean(ConnectionSpec connection, String schema, String jobId, boolean quiet)
            throws SQLException {
        try (Connection c = connection.open()) {
            List<String> gids = preparedOf(c, WriteNames.prefix(jobId));
            List<TableName> stages = stagesOf(c, schema, jobId);
            String timeout = BoundedDrop.lockTimeoutOf(connection);
            BoundedDrop drop = quiet ? BoundedDrop.quiet(c, timeout) : BoundedDrop.on(c, timeout);
            for (String gid : gids) drop.rollbackPrepared(gid);
            for (TableName stage : stages) drop.dropTable(stage);
            return new Cleaned(gids.size() + stages.size() - drop.failures().size(), drop.failures());
        }
    }

    /** How long the job commit and abort wait for a server that is restarting or down. */
    private static final long RECONNECT_WAIT_MILLIS = 60_000;
    /** Refused, lost while connecting, or "the database system is starting up / shutting down". */
    private static final java.util.Set<String> SERVER_AWAY = java.util.Set.of("08001", "08006", "57P03");

    /**
     * A connection for the job's end, waiting (up to a minute) while the server restarts: the
     * tasks' stages and prepared transactions outlive a restart, and only the job commit or abort
     * removes them.
     */
    private static Connection openWaiting(ConnectionSpec spec) throws SQLException {
        long end = System.currentTimeMillis() + RECONNECT_WAIT_MILLIS;
        while (true) {
            try {
                return spec.open();
            } catch (SQLException e) {
                if (!SERVER_AWAY.contains(e.getSQLState()) || System.currentTimeMillis() > end) throw e;
                try {
                    Thread.sleep(250);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    /** Rolls back the prepared transactions whose gid starts with {@code gidPrefix}; returns their gids. */
    static List<String> rollbackPrepared(Connection c, String gidPrefix) throws SQLException {
        List<String> gids = preparedOf(c, gidPrefix);
        try (Statement s = c.createStatement()) {
            for (String gid : gids) s.execute("ROLLBACK PREPARED " + Identifiers.literal(gid));
        }
        return gids;
    }

    private static List<String> preparedOf(Connection c, String gidPrefix) throws SQLException {
        List<String> gids = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT gid FROM pg_catalog.pg_prepared_xacts WHERE database = current_database()"
                        + " AND starts_with(gid, ?)")) {
            ps.setString(1, gidPrefix);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) gids.add(rs.getString(1));
            }
        }
        return gids;
    }

    private static List<TableName> stagesOf(Connection c, String schema, String jobId) throws SQLException {
        List<TableName> stages = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT n.nspname, c.relname FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n"
                        + " ON n.oid = c.relnamespace WHERE c.relkind = 'r' AND starts_with(c.relname, ?)"
                        + " AND n.nspname = coalesce(?, current_schema())")) {
            ps.setString(1, WriteNames.prefix(jobId));
            ps.setString(2, schema);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) stages.add(new TableName(rs.getString(1), rs.getString(2)));
            }
        }
        return stages;
    }

    /** Spark's commit coordinator lets one attempt per partition commit; keep the first defensively. */
    private static List<TaskResult> onePerPartition(Collection<TaskResult> results) {
        Map<Integer, TaskResult> byPartition = new LinkedHashMap<>();
        for (TaskResult r : results) byPartition.putIfAbsent(r.partition(), r);
        return new ArrayList<>(byPartition.values());
    }
}
