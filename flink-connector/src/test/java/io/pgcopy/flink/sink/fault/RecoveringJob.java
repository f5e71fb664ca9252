package io.pgcopy.flink.sink.fault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgcopy.flink.sink.PgCopySinkBuilder;
import io.pgcopy.testing.Poll;
import java.time.Duration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.data.RowData;

/**
 * A fault test's job that must recover from the fault: {@link FaultJobs#events} into a new table
 * of its own, run up to the moment for the fault, and checked after its end for what every
 * recovery must leave — restarts, whole rows only, no pgcopy session, no prepared transaction. What
 * its guarantee promises of the rows is the test's to check.
 */
final class RecoveringJob {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final double EVENTS_PER_SECOND = 1_500;

    private final FaultDb db;
    private final String table;
    private final long rows;
    private final JobClient job;
    private final int attemptsBefore;

    private RecoveringJob(FaultDb db, String table, long rows, JobClient job, int attemptsBefore) {
        this.db = db;
        this.table = table;
        this.rows = rows;
        this.job = job;
        this.attemptsBefore = attemptsBefore;
    }

    /** Creates the table and starts a job of {@code rows} events into it through the sink. */
    static RecoveringJob start(FaultDb db, String table, long rows, StreamExecutionEnvironment env,
            PgCopySinkBuilder<RowData> sink) throws Exception {
        db.execute("CREATE TABLE " + table + " (id bigint NOT NULL, payload text NOT NULL)");
        FaultJobs.events(env, rows, EVENTS_PER_SECOND).sinkTo(sink.build());
        int attempts = FaultJobs.CountAttempts.STARTED.get();
        return new RecoveringJob(db, table, rows, env.executeAsync("recovering " + table), attempts);
    }

    /**
     * Waits until a quarter of the rows are committed (by completed checkpoints, or at-least-once
     * flushes) — so the fault lands mid-stream, several checkpoints in — and a COPY of the sink is
     * running; returns its backend's pid.
     */
    int awaitCopyMidStream() throws Exception {
        Poll.until("committed rows in " + table, WAIT, () -> db.queryLong("SELECT count(*) FROM " + table) >= rows / 4);
        return new Backends(db).awaitCopy(table, WAIT);
    }

    /** Waits for the job's end; a job that does not end in time is a hang, and is cancelled. */
    void awaitEnd(Duration timeout) throws Exception {
        FaultJobs.awaitEnd(job, timeout);
    }

    /**
     * After its end: the job restarted after the fault, its sessions are gone, and it left no
     * prepared transaction and no row of a broken transaction.
     */
    void assertRecoveredLeavingNothing() throws Exception {
        assertTrue(FaultJobs.CountAttempts.STARTED.get() - attemptsBefore > 2, "the job restarted after the fault");
        db.awaitNoPgcopySession(WAIT);
        assertEquals(0, db.preparedTransactions(), "no prepared transaction left");
        assertEquals(0, db.wrongPayloads(table));
    }
}
