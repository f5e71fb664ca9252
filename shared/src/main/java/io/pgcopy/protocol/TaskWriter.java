package io.pgcopy.protocol;

import io.pgcopy.copy.Closing;
import io.pgcopy.copy.PgCopyWriter;
import io.pgcopy.sql.TableName;
import io.pgcopy.values.IndexedValues;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * One task attempt of a parallel write: one connection, one binary COPY, ended by the commit
 * protocol of {@link WriteSpec#commit()}:
 * <ul>
 *   <li>JOB: COPY into this attempt's own UNLOGGED staging table (created and committed first, so
 *       an abort or a later cleanup can find it); the job commit moves the rows;</li>
 *   <li>TASK: COPY into the target and COMMIT;</li>
 *   <li>PREPARED: COPY into the target and PREPARE TRANSACTION; the job commit decides.</li>
 * </ul>
 * A PREPARED attempt first rolls back what earlier attempts of its partition prepared: Spark
 * retries only attempts whose result never reached the driver, and their prepared rows would
 * otherwise hold the retry's unique keys forever.
 * With an ON CONFLICT action, TASK and PREPARED COPY into a stage inside their transaction and merge
 * it into the target before they commit or prepare.
 */
public final class TaskWriter implements AutoCloseable {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(TaskWriter.class);
    private final WriteSpec spec;
    private final int partition;
    private final long attempt;
    private final Connection connection;
    private final TableName stage;
    private final PgCopyWriter writer;
    private long copyNanos;
    private boolean finished;

    private TaskWriter(WriteSpec spec, int partition, long attempt, Connection connection, TableName stage,
            PgCopyWriter writer) {
        this.spec = spec;
        this.partition = partition;
        this.attempt = attempt;
        this.connection = connection;
        this.stage = stage;
        this.writer = writer;
    }

    public static TaskWriter open(WriteSpec spec, int partition, long attempt) throws SQLException {
        Connection c = spec.connection().open();
        try {
            TableName target = spec.plan().table().name();
            List<String> columns = columns(spec);
            TableName stage = spec.staged() ? WriteNames.stage(target, spec.jobId(), partition, attempt) : null;
            c.setAutoCommit(true);
            if (spec.commit() != CommitMode.TASK) JobTasks.register(c, spec.jobId());
            if (spec.commit() == CommitMode.JOB) createStage(c, stage, target, columns, spec.onConflict());
            if (spec.commit() == CommitMode.PREPARED) {
                List<String> earlier = JobCommitter.rollbackPrepared(c, WriteNames.prefix(spec.jobId()) + partition + "_");
                if (!earlier.isEmpty()) {
                    LOG.info("pgcopy: attempt {} of partition {} rolled back the prepared transactions {} of its earlier"
                            + " attempts on {}", attempt, partition, earlier, target);
                }
            }
            c.setAutoCommit(false);
            if (stage != null && spec.commit() != CommitMode.JOB) createStage(c, stage, target, columns, spec.onConflict());
            PgCopyWriter writer = new PgCopyWriter(c, spec.plan(), stage != null ? stage : target, spec.bufferBytes());
            return new TaskWriter(spec, partition, attempt, c, stage, writer);
        } catch (Throwable e) {
            // whatever fails (an Error too), the session must not outlive it holding a COPY or a stage
            Closing.closeAfter(c, e);
            throw e;
        }
    }

    private static void createStage(Connection c, TableName stage, TableName target, List<String> columns,
            ConflictAction onConflict) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(MergeSql.createStage(stage, target, columns));
            // only a conflict action needs the arrival order (the last row of a key wins); without one the
            // identity would cost a sequence step per row in the COPY and 8 bytes per row the move reads
            if (onConflict != ConflictAction.ERROR) s.execute(MergeSql.addOrdinal(stage));
        }
    }

    static List<String> columns(WriteSpec spec) {
        return spec.plan().columns().stream().map(p -> p.column().name()).toList();
    }

    public void write(IndexedValues row) {
        long start = System.nanoTime();
        writer.write(row);
        copyNanos += System.nanoTime() - start;
    }

    /** Ends the COPY and applies this attempt's part of the commit protocol. */
    public TaskResult commit() throws SQLException {
        long start = System.nanoTime();
        long rows = writer.finish();
        copyNanos += System.nanoTime() - start;
        long merged = 0;
        String gid = null;
        try (Statement s = connection.createStatement()) {
            if (spec.commit() != CommitMode.JOB && stage != null) {
                merged = s.executeUpdate(MergeSql.insertFromStages(spec.plan().table().name(), columns(spec),
                        List.of(stage), spec.onConflict(), spec.conflictColumns()));
                s.execute(MergeSql.drop(stage));
            }
            if (spec.commit() == CommitMode.PREPARED) {
                gid = WriteNames.gid(spec.jobId(), partition, attempt);
                s.execute("PREPARE TRANSACTION " + io.pgcopy.sql.Identifiers.literal(gid));
            } else {
                connection.commit();
            }
        }
        finished = true;
        return new TaskResult(partition, attempt, spec.commit() == CommitMode.JOB ? stage : null, gid, rows,
                writer.bytesWritten(), copyNanos, merged);
    }

    /**
     * Cancels the COPY, rolls back, and drops this attempt's stage (bounded: a stage it cannot drop
     * in time is logged and left to the job abort or cleanup). Safe to call more than once.
     */
    public void abort() {
        if (finished) return;
        finished = true;
        writer.abort();
        try {
            connection.rollback();
        } catch (SQLException e) {
            // the connection is gone, and with it the transaction; the job abort drops what is left
            return;
        }
        if (spec.commit() == CommitMode.JOB && stage != null) BoundedDrop.on(connection, spec.connection()).dropTable(stage);
    }

    public long rowsWritten() {
        return writer.rowsWritten();
    }

    public long bytesWritten() {
        return writer.bytesWritten();
    }

    /** Time spent in writes and the COPY's end, encoding included. */
    public long copyNanos() {
        return copyNanos;
    }

    @Override
    public void close() {
        try {
            abort();
        } finally {
            closeQuietly(connection);
        }
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException ignored) {
            // closing is best effort; the server ends the session either way
        }
    }
}
