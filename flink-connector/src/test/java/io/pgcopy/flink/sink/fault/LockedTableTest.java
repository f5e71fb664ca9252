package io.pgcopy.flink.sink.fault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgcopy.flink.sink.PgCopySinkBuilder;
import io.pgcopy.testing.Poll;
import io.pgcopy.testing.PostgresExtension;
import io.pgcopy.testing.TestDatabase;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.data.RowData;
import org.apache.flink.util.ExceptionUtils;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Another session locks the target in the middle of a job whose sink has a lock timeout: every
 * attempt gives up after the timeout, so the job restarts, then fails with an error naming the
 * table and lockTimeout — it never hangs — and only whole committed transactions are visible.
 */
@ExtendWith(PostgresExtension.class)
class LockedTableTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static int tables;

    private FaultDb db;

    @BeforeEach
    void connect(TestDatabase test) {
        db = new FaultDb(test.url());
    }

    /** Runs an endless-enough job, locks its table once rows are in, returns the job's error text. */
    private String lockedMidJob(String table, String columns, String lockMode, PgCopySinkBuilder<RowData> sink)
            throws Exception {
        db.execute("CREATE TABLE " + table + " (" + columns + ")");
        StreamExecutionEnvironment env = FaultJobs.environment(2, Duration.ofMillis(100));
        FaultJobs.events(env, 1_000_000, 1_500).sinkTo(sink.lockTimeout(Duration.ofMillis(500)).build());
        int attempts = FaultJobs.CountAttempts.STARTED.get();
        JobClient job = env.executeAsync("locked " + table);
        Poll.until("committed rows", WAIT, () -> db.queryLong("SELECT count(*) FROM " + table) > 0);
        long started = System.nanoTime();
        String error;
        try (Connection holder = db.connect(); Statement s = holder.createStatement()) {
            holder.setAutoCommit(false);
            // granted once the writers' transactions in progress end; their next ones then wait behind it
            s.execute("LOCK TABLE " + table + " IN " + lockMode + " MODE");
            Exception e = assertThrows(Exception.class, () -> FaultJobs.awaitEnd(job, Duration.ofSeconds(60)));
            error = ExceptionUtils.stringifyException(e);
            int subtasks = FaultJobs.CountAttempts.STARTED.get() - attempts;
            // 2 subtasks, then each restart of a failed one (a region of its own)
            assertTrue(subtasks > 2, "the job restarted before it failed: " + subtasks + " subtask attempts");
            holder.rollback();
        }
        // only whole committed transactions are visible
        assertEquals(0, db.wrongPayloads(table));
        assertTrue(System.nanoTime() - started < Duration.ofSeconds(45).toNanos(), "the job gave up in time");
        assertTrue(error.contains("lock timeout") && error.contains("another session holds a lock on " + table)
                && error.contains("lockTimeout"), error);
        assertEquals(0, db.preparedTransactions(), "no prepared transaction left");
        db.awaitNoPgcopySession(WAIT);
        return error;
    }

    @Test
    void atLeastOnceFailsNamingTheLockedTable() throws Exception {
        String table = "locked" + (++tables);
        lockedMidJob(table, "id bigint NOT NULL, payload text NOT NULL", "EXCLUSIVE",
                FaultJobs.sink(db.url(), table, DeliveryGuarantee.AT_LEAST_ONCE));
    }

    @Test
    void exactlyOnceFailsNamingTheLockedTableAndShowsEachCommittedRowOnce() throws Exception {
        String table = "locked" + (++tables);
        lockedMidJob(table, "id bigint NOT NULL, payload text NOT NULL", "ACCESS EXCLUSIVE",
                FaultJobs.sink(db.url(), table, DeliveryGuarantee.EXACTLY_ONCE));
        assertEquals(0, db.queryLong("SELECT count(*) - count(DISTINCT id) FROM " + table));
    }

    @Test
    void anUpsertWhoseApplyWaitsForTheLockFailsNamingTheTable() throws Exception {
        String table = "locked" + (++tables);
        // EXCLUSIVE lets the stage be made and filled (they only read the target), so the apply waits
        String error = lockedMidJob(table, "id bigint PRIMARY KEY, payload text NOT NULL", "EXCLUSIVE",
                FaultJobs.sink(db.url(), table, DeliveryGuarantee.AT_LEAST_ONCE).upsertKey(List.of("id")));
        assertTrue(error.contains("cannot write into " + table), error);
    }
}
