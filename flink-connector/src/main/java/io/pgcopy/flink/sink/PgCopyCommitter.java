package io.pgcopy.flink.sink;

import io.pgcopy.copy.ServerFailures;
import io.pgcopy.stream.CheckpointTransactions;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collection;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.api.connector.sink2.Committer;
import org.apache.flink.metrics.MetricGroup;

/**
 * Runs {@code COMMIT PREPARED} for the transactions of completed checkpoints. A transaction that is
 * no longer prepared but in the commit log was committed before (e.g. by a committer that failed
 * right after): that is reported as already committed. Connection errors are retried up to
 * {@code sink.max-retries} times.
 */
final class PgCopyCommitter implements Committer<PgCopyCommittable> {
    /** Tests only: the next commits in this JVM fail before committing, as if the job died there. */
    static final AtomicInteger FAIL_NEXT_COMMITS = new AtomicInteger();

    private final SinkSettings settings;
    private final int subtask;
    private Connection connection;
    private volatile long lastCommitMillis;

    PgCopyCommitter(SinkSettings settings, int subtask, MetricGroup metrics) {
        this.settings = settings;
        this.subtask = subtask;
        metrics.gauge("pgcopyLastCommitMillis", () -> lastCommitMillis);
    }

    @Override
    public void commit(Collection<CommitRequest<PgCopyCommittable>> requests) throws IOException {
        if (!requests.isEmpty() && FAIL_NEXT_COMMITS.get() > 0 && FAIL_NEXT_COMMITS.getAndDecrement() > 0) {
            throw new IOException("injected failure between PREPARE and COMMIT (tests only)");
        }
        for (CommitRequest<PgCopyCommittable> request : requests) {
            PgCopyCommittable c = request.getCommittable();
            try {
                if (connection == null) connection = settings.connection().open();
                long start = System.nanoTime();
                var outcome = CheckpointTransactions.commit(connection, settings.commitLog(),
                        c.gidPrefix(), c.number());
                lastCommitMillis = (System.nanoTime() - start) / 1_000_000;
                if (outcome == CheckpointTransactions.Outcome.ALREADY_COMMITTED) request.signalAlreadyCommitted();
            } catch (SQLException e) {
                closeConnection();
                boolean connectionLost = e.getSQLState() != null && e.getSQLState().startsWith("08");
                if (connectionLost && request.getNumberOfRetries() < settings.maxRetries()) {
                    request.retryLater();
                } else {
                    request.signalFailedWithKnownReason(new IOException("cannot commit "
                            + CheckpointTransactions.gid(c.gidPrefix(), c.number()) + " into " + settings.table()
                            + ": " + e.getMessage() + ServerFailures.hint(settings.table().toString(),
                            e.getSQLState()), e));
                }
            }
        }
    }

    private void closeConnection() {
        if (connection == null) return;
        try {
            connection.close();
        } catch (SQLException ignored) {
            // it is being replaced because it failed
        }
        connection = null;
    }

    /**
     * An exactly-once upsert writer that closed before this committer ran the last COMMIT PREPARED
     * could not drop its stage (that transaction locked it): this committer, which gets the
     * committables of the writer subtask of its own index, does.
     */
    @Override
    public void close() {
        if (settings.upsert() && settings.exactlyOnce()) {
            try (Connection c = settings.connection().open()) {
                StageDrop.dropIfUnlocked(c, settings.stage(subtask));
            } catch (SQLException ignored) {
                // still in use or locked by a kept prepared transaction: the next run reuses it
            }
        }
        closeConnection();
    }
}
