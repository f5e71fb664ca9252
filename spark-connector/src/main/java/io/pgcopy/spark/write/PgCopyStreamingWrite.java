package io.pgcopy.spark.write;

import io.pgcopy.copy.ServerFailures;
import io.pgcopy.protocol.CommitMode;
import io.pgcopy.protocol.JobCommitter;
import io.pgcopy.protocol.TaskResult;
import io.pgcopy.protocol.WriteSpec;
import io.pgcopy.spark.PgCopyOptions;
import io.pgcopy.stream.EpochCommitLog;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.connector.write.PhysicalWriteInfo;
import org.apache.spark.sql.connector.write.WriterCommitMessage;
import org.apache.spark.sql.connector.write.streaming.StreamingDataWriterFactory;
import org.apache.spark.sql.connector.write.streaming.StreamingWrite;
import org.apache.spark.sql.types.StructType;

/**
 * One micro-batch of {@code writeStream.format("pgcopy")}, exactly once: tasks stage their rows as
 * {@code commit=job} does, and the driver's epoch commit moves them and records (query id, epoch) in
 * one transaction, so an epoch Spark replays after a restart is recognised and moves nothing (see
 * {@link EpochCommitLog}). Only {@code commit=job} allows this: {@code task} commits rows before the
 * driver decides, and {@code COMMIT PREPARED} cannot run inside the transaction that records the epoch.
 */
final class PgCopyStreamingWrite implements StreamingWrite {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(PgCopyStreamingWrite.class);
    private final WriteSpec spec;
    private final StructType schema;
    private final EpochCommitLog log;
    private final StreamingSinkMetrics metrics;

    private PgCopyStreamingWrite(WriteSpec spec, StructType schema, EpochCommitLog log, StreamingSinkMetrics metrics) {
        this.spec = spec;
        this.schema = schema;
        this.log = log;
        this.metrics = metrics;
    }

    /** Plans the micro-batch's write and creates the commit log if it is missing. */
    static PgCopyStreamingWrite plan(PgCopyOptions options, StructType schema, boolean truncate, String queryId,
            StreamingSinkMetrics metrics) {
        PgCopyOptions streaming = streamingOptions(options);
        WriteSpec spec = WriteSpecs.plan(streaming, schema, truncate);
        EpochCommitLog log = new EpochCommitLog(EpochCommitLog.table(spec.plan().table().name(),
                options.get(PgCopyOptions.COMMIT_LOG_TABLE).orElse(null)), queryId);
        try (Connection c = spec.connection().open()) {
            log.create(c);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create the streaming commit log " + log.table() + ": "
                    + e.getMessage() + ServerFailures.hint(log.table().toString(), e), e);
        }
        return new PgCopyStreamingWrite(spec, schema, log, metrics);
    }

    /**
     * Streaming writes commit per epoch through stages only; {@code conflictColumns} without an
     * {@code onConflict} means an upsert (output mode update).
     */
    static PgCopyOptions streamingOptions(PgCopyOptions options) {
        CommitMode commit = CommitMode.parse(options.get(PgCopyOptions.COMMIT, "job"));
        if (commit != CommitMode.JOB) {
            throw new IllegalArgumentException("a streaming write into " + options.table().map(Object::toString)
                    .orElse("?") + " is exactly-once only with commit=job (the default), not commit="
                    + commit.name().toLowerCase(java.util.Locale.ROOT) + ": commit=task commits rows before the epoch"
                    + " is decided, and COMMIT PREPARED cannot join the transaction that records the epoch");
        }
        if (options.get(PgCopyOptions.ON_CONFLICT).isPresent() || options.get(PgCopyOptions.CONFLICT_COLUMNS).isEmpty()) {
            return options;
        }
        Map<String, String> all = new HashMap<>(options.asMap());
        all.put(PgCopyOptions.ON_CONFLICT, "update");
        return new PgCopyOptions(all);
    }

    @Override
    public StreamingDataWriterFactory createStreamingWriterFactory(PhysicalWriteInfo info) {
        return new PgCopyStreamingWriterFactory(spec, schema, log);
    }

    @Override
    public boolean useCommitCoordinator() {
        return true;
    }

    @Override
    public void commit(long epochId, WriterCommitMessage[] messages) {
        List<TaskResult> results = new ArrayList<>();
        for (WriterCommitMessage m : messages) {
            if (m instanceof PgCopyCommitMessage c) results.add(c.result());
        }
        WriteSpec epoch = spec.withJobId(log.jobId(epochId));
        long start = System.nanoTime();
        try {
            EpochCommitLog.Outcome outcome = log.commit(epoch, results, epochId);
            if (outcome.replayed()) {
                LOG.info("pgcopy: epoch {} of streaming query {} was committed before (in {}); this replay moved"
                        + " nothing into {}", epochId, log.queryId(), log.table(), epoch.plan().table().name());
            }
            metrics.add(outcome, (System.nanoTime() - start) / 1_000_000);
            if (FailureInjection.failEpochCommitAfterDatabase(log.queryId())) {
                throw new IllegalStateException("injected failure after epoch " + epochId + " was committed in the"
                        + " database, before Spark recorded it (tests only)");
            }
        } catch (SQLException e) {
            String table = epoch.plan().table().name().toString();
            throw new IllegalStateException("committing epoch " + epochId + " into " + table + " failed: "
                    + e.getMessage() + ServerFailures.hint(table, e), e);
        }
    }

    @Override
    public void abort(long epochId, WriterCommitMessage[] messages) {
        WriteSpec epoch = spec.withJobId(log.jobId(epochId));
        try {
            JobCommitter.abort(epoch);
        } catch (SQLException e) {
            String table = epoch.plan().table().name().toString();
            throw new IllegalStateException("cleaning up the failed epoch " + epochId + " of " + table + " failed (job "
                    + epoch.jobId() + "): " + e.getMessage() + ServerFailures.hint(table, e), e);
        }
    }
}
