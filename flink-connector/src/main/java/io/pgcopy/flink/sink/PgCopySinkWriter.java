package io.pgcopy.flink.sink;

import io.pgcopy.catalog.TableIntrospector;
import io.pgcopy.copy.PgCopyWriter;
import io.pgcopy.copy.ServerFailures;
import io.pgcopy.flink.FlinkRowValues;
import io.pgcopy.flink.FlinkSchemas;
import io.pgcopy.mapping.MappingOptions;
import io.pgcopy.mapping.WritePlan;
import io.pgcopy.mapping.WritePlanner;
import io.pgcopy.protocol.WriterStartFailures;
import io.pgcopy.sql.TableName;
import io.pgcopy.stream.ChangelogSql;
import io.pgcopy.stream.CheckpointTransactions;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.flink.api.common.operators.ProcessingTimeService;
import org.apache.flink.api.connector.sink2.CommittingSinkWriter;
import org.apache.flink.api.connector.sink2.StatefulSinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.utils.JoinedRowData;
import org.apache.flink.table.types.logical.BooleanType;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.types.RowKind;

/**
 * One subtask's writer: its rows stream through one binary COPY at a time, on one connection.
 * <ul>
 *   <li>at-least-once (and none): the COPY's transaction commits when the buffer limits (rows,
 *       bytes, interval) are reached, at every checkpoint and at the end of the input;</li>
 *   <li>exactly-once: one transaction per checkpoint, prepared at the checkpoint and committed by
 *       the committer when the checkpoint completes ({@link CheckpointTransactions}).</li>
 * </ul>
 * An upsert sink COPYs its changelog into its own staging table and applies it to the target in
 * the same transaction ({@link ChangelogSql}): after every {@code max-rows} rows and at every
 * flush, so the stage stays small.
 */
final class PgCopySinkWriter<T> implements CommittingSinkWriter<T, PgCopyCommittable>,
        StatefulSinkWriter<T, PgCopyWriterState> {
    /** At most 60 s: pg_settings gives lock_timeout in milliseconds, 0 meaning no limit. */
    /** How long an exactly-once upsert waits for the previous checkpoint's commit (see endCopy). */
    private static final long APPLY_WAIT_NANOS = 60_000_000_000L;
    private static final long APPLY_POLL_MILLIS = 20;

    private final SinkSettings settings;
    private final RowConverter<T> converter;
    private final String gidPrefix;
    private final Connection connection;
    private final TableName into;
    private final List<String> columns;
    private final WritePlan plan;
    private final FlinkRowValues values;
    private final JoinedRowData changelogRow = new JoinedRowData();
    private final GenericRowData deleted = GenericRowData.of(true);
    private final GenericRowData upserted = GenericRowData.of(false);
    private final TableName log;
    private final Counter recordsOut;
    private final Counter bytesOut;
    private final ProcessingTimeService timers;

    private PgCopyWriter copy;
    private boolean inTransaction;
    private long rowsInBatch;
    private long batchStartNanos;
    private long nextNumber;
    private volatile long lastFlushMillis;
    private volatile long lastRowsPerCopy;

    PgCopySinkWriter(WriterInitContext context, SinkSettings settings, RowConverter<T> converter,
            Collection<PgCopyWriterState> restored) throws IOException {
        this.settings = settings;
        this.converter = converter;
        int subtask = context.getTaskInfo().getIndexOfThisSubtask();
        this.gidPrefix = settings.gidPrefix(context.getJobInfo().getJobId().toHexString(), subtask);
        this.log = settings.commitLog();
        this.recordsOut = context.metricGroup().getNumRecordsSendCounter();
        this.bytesOut = context.metricGroup().getNumBytesSendCounter();
        context.metricGroup().gauge("pgcopyLastFlushMillis", () -> lastFlushMillis);
        context.metricGroup().gauge("pgcopyRowsPerCopy", () -> lastRowsPerCopy);
        this.timers = context.getProcessingTimeService();
        context.getUserCodeClassLoader().registerReleaseHookIfAbsent(ClassLoaderRelease.HOOK_NAME,
                ClassLoaderRelease.hook());
        RowType rowType = converter.rowType();
        try {
            this.connection = settings.connection().open();
        } catch (SQLException e) {
            throw new IOException("cannot connect to write " + settings.table() + ": " + e.getMessage(), e);
        }
        try {
            SinkPrivileges.checkSchema(connection, settings);
            WritePlan targetPlan = WritePlanner.plan(connection, settings.table(),
                    FlinkSchemas.toSourceFields(rowType), MappingOptions.DEFAULT);
            this.columns = targetPlan.columns().stream().map(p -> p.column().name()).toList();
            SinkPrivileges.check(connection, settings, columns);
            long restoredCheckpoint = context.getRestoredCheckpointId().orElse(0);
            if (settings.exactlyOnce()) {
                CheckpointTransactions.checkServer(connection);
                CheckpointTransactions.createLog(connection, log);
                Set<String> prefixes = new LinkedHashSet<>();
                prefixes.add(gidPrefix);
                restored.forEach(s -> prefixes.add(s.gidPrefix()));
                for (String prefix : prefixes) {
                    RecoveryLog.rolledBack(settings.table(), "prepared after the restored checkpoint "
                            + restoredCheckpoint, CheckpointTransactions.rollbackAfter(connection, prefix, restoredCheckpoint));
                    RecoveryLog.committed(settings.table(), restoredCheckpoint,
                            CheckpointTransactions.commitUpTo(connection, log, prefix, restoredCheckpoint));
                }
                if (context.getRestoredCheckpointId().isEmpty()) {
                    String jobId = context.getJobInfo().getJobId().toHexString();
                    RecoveryLog.rolledBack(settings.table(), "left by an earlier job of sink " + settings.sinkId(),
                            AbandonedTransactions.rollBack(connection, settings.sinkId(), SinkSettings.jobTag(jobId),
                                    subtask, context.getTaskInfo().getNumberOfParallelSubtasks()));
                }
            }
            this.nextNumber = restoredCheckpoint + 1;
            if (settings.upsert()) {
                checkKeys(columns);
                this.into = settings.stage(subtask);
                // an existing stage is reused as it is: its DDL would wait for any lock on it
                if (!TableIntrospector.exists(connection, into)) execute(ChangelogSql.createStage(into, settings.table(), columns));
                List<RowType.RowField> withFlag = new ArrayList<>(rowType.getFields());
                withFlag.add(new RowType.RowField(ChangelogSql.DELETE_FLAG, new BooleanType(false)));
                RowType stageType = new RowType(withFlag);
                this.values = new FlinkRowValues(stageType);
                this.plan = WritePlanner.plan(connection, into, FlinkSchemas.toSourceFields(stageType),
                        MappingOptions.DEFAULT);
            } else {
                this.into = settings.table();
                this.values = new FlinkRowValues(rowType);
                this.plan = targetPlan;
            }
            WriterStartFailures.throwIfArmed();
            connection.setAutoCommit(false);
            if (!settings.exactlyOnce() && settings.intervalMillis() > 0) scheduleIntervalFlush();
        } catch (SQLException | RuntimeException e) {
            closeQuietly();
            throw failure("cannot start writing ", e);
        } catch (Error e) {
            // Flink closes only writers it got: this one's session (and stage) would outlive the job
            closeQuietly();
            throw e;
        }
    }

    /**
     * The failure of a step, naming the table; a lock wait that timed out outside the COPY (creating
     * the stage, applying it, the commit log) gets the COPY's hint on what to do.
     */
    private IOException failure(String doing, Exception e) {
        String hint = e instanceof SQLException sql ? ServerFailures.hint(settings.table().toString(),
                sql.getSQLState()) : "";
        return new IOException(doing + settings.table() + ": " + e.getMessage() + hint, e);
    }

    private void checkKeys(List<String> tableColumns) {
        for (String k : settings.keyColumns()) {
            if (!tableColumns.contains(k)) {
                throw new IllegalArgumentException("the upsert key column \"" + k + "\" is not among the written columns "
                        + tableColumns + " of " + settings.table());
            }
        }
    }

    /**
     * Polls for the stage's apply lock rather than blocking in the server: a blocked statement does
     * not see Flink's interrupt of a cancelled task, which then hangs the failing job until the wait ends.
     */
    private void awaitApplyLock() throws SQLException, InterruptedIOException {
        long deadline = System.nanoTime() + APPLY_WAIT_NANOS;
        try (Statement s = connection.createStatement()) {
            while (true) {
                try (ResultSet r = s.executeQuery(ChangelogSql.applyLock(into, false))) {
                    if (r.next() && r.getBoolean(1)) return;
                }
                if (System.nanoTime() > deadline) {
                    throw new SQLException("the previous checkpoint's transaction into " + into + " was not committed"
                            + " within " + APPLY_WAIT_NANOS / 1_000_000_000L + " s; failing so that a restart commits it",
                            "55P03");
                }
                try {
                    Thread.sleep(APPLY_POLL_MILLIS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("cancelled while waiting for the previous checkpoint's commit into "
                            + into);
                }
            }
        }
    }

    private void execute(List<String> statements) throws SQLException {
        try (Statement s = connection.createStatement()) {
            for (String sql : statements) s.execute(sql);
        }
    }

    private void scheduleIntervalFlush() {
        timers.registerTimer(timers.getCurrentProcessingTime() + settings.intervalMillis(), time -> {
            if (copy != null && System.nanoTime() - batchStartNanos >= settings.intervalMillis() * 1_000_000L) {
                commitBatch();
            }
            scheduleIntervalFlush();
        });
    }

    @Override
    public void write(T element, Context context) throws IOException {
        RowData row = converter.toRowData(element);
        RowKind kind = row.getRowKind();
        if (settings.upsert()) {
            if (kind == RowKind.UPDATE_BEFORE) return; // the UPDATE_AFTER that follows carries the new row
            changelogRow.replace(row, kind == RowKind.DELETE ? deleted : upserted);
            values.set(changelogRow);
        } else {
            if (kind != RowKind.INSERT) {
                throw new IOException("the pgcopy sink into " + settings.table() + " is insert-only and got a " + kind
                        + " row; give the table a primary key (SQL) or upsert key columns to write a changelog");
            }
            values.set(row);
        }
        try {
            if (copy == null) startCopy();
            copy.write(values);
        } catch (SQLException e) {
            throw failure("cannot write into ", e);
        }
        recordsOut.inc();
        rowsInBatch++;
        if (rowsInBatch >= settings.maxRows() || copy.bytesWritten() >= settings.maxBytes()) {
            if (settings.exactlyOnce()) {
                // the transaction stays open until the checkpoint; an upsert stage is applied only then
                if (!settings.upsert()) endCopy();
            } else {
                commitBatch();
            }
        }
    }

    private void startCopy() throws SQLException {
        copy = new PgCopyWriter(connection, plan, into, PgCopyWriter.DEFAULT_BUFFER_BYTES);
        inTransaction = true;
        if (rowsInBatch == 0) batchStartNanos = System.nanoTime();
    }

    /** Ends the running COPY and, for an upsert sink, applies the staged changelog; the transaction stays open. */
    private void endCopy() throws IOException {
        if (copy == null) return;
        try {
            long rows = copy.finish();
            bytesOut.inc(copy.bytesWritten());
            lastRowsPerCopy = rows;
            copy = null;
            if (settings.upsert()) {
                // exactly-once: the previous checkpoint's prepared transaction may still hold these
                // rows until the committer (a task of its own, see PgCopySink) commits it; should that
                // never come, fail (and restart, which commits it) rather than wait for ever; and a
                // task cancelled meanwhile (its job failing) stops waiting at once
                if (settings.exactlyOnce()) {
                    awaitApplyLock();
                } else {
                    execute(List.of(ChangelogSql.applyLock(into, true)));
                }
                execute(ChangelogSql.changes(into, settings.table(), columns, settings.keyColumns()));
            }
        } catch (SQLException | RuntimeException e) {
            copy = null;
            throw failure("cannot write into ", e);
        }
        rowsInBatch = 0;
    }

    private void commitBatch() throws IOException {
        long start = System.nanoTime();
        endCopy();
        if (!inTransaction) return;
        try {
            connection.commit();
        } catch (SQLException e) {
            throw failure("cannot commit into ", e);
        }
        inTransaction = false;
        lastFlushMillis = (System.nanoTime() - start) / 1_000_000;
    }

    @Override
    public void flush(boolean endOfInput) throws IOException {
        if (!settings.exactlyOnce()) commitBatch();
    }

    @Override
    public Collection<PgCopyCommittable> prepareCommit() throws IOException {
        if (!settings.exactlyOnce()) return List.of();
        long start = System.nanoTime();
        endCopy();
        if (!inTransaction) return List.of();
        try {
            CheckpointTransactions.prepare(connection, log, gidPrefix, nextNumber);
        } catch (SQLException e) {
            throw failure("cannot prepare the transaction into ", e);
        }
        inTransaction = false;
        lastFlushMillis = (System.nanoTime() - start) / 1_000_000;
        return List.of(new PgCopyCommittable(gidPrefix, nextNumber));
    }

    /** After this checkpoint's prepareCommit: the next transaction belongs to a later checkpoint. */
    @Override
    public List<PgCopyWriterState> snapshotState(long checkpointId) {
        nextNumber = checkpointId + 1;
        return List.of(new PgCopyWriterState(gidPrefix));
    }

    @Override
    public void close() {
        closeQuietly();
    }

    private void closeQuietly() {
        if (copy != null) copy.abort();
        copy = null;
        try {
            if (!connection.getAutoCommit()) connection.rollback();
            // the stage lives as long as its writer: the next run (or restart) makes it again
            if (settings.upsert() && into != null) StageDrop.dropIfUnlocked(connection, into);
        } catch (SQLException ignored) {
            // the connection may be gone; its transaction then is too, and the stage waits for the next run
        }
        try {
            connection.close();
        } catch (SQLException ignored) {
            // nothing more to release
        }
    }
}
