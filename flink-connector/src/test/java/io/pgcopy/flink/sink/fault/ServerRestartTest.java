package io.pgcopy.flink.sink.fault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgcopy.local.LocalCluster;
import io.pgcopy.testing.Poll;
import io.pgcopy.testing.PrivateCluster;
import java.time.Duration;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL is restarted ({@code pg_ctl restart -m fast}) while the sink COPYs: every session
 * ends, open transactions are rolled back, prepared ones survive. With enough restarts to outlast
 * the server's, the job recovers: exactly-once ends with exactly the input rows, at-least-once with
 * every row, and no prepared transaction is left. On a server of this class alone.
 */
class ServerRestartTest {
    private static final long ROWS = 6_000;
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static LocalCluster cluster;
    private static FaultDb db;
    private static int tables;

    @BeforeAll
    static void start() {
        cluster = PrivateCluster.start();
        db = new FaultDb(cluster.url("postgres"));
    }

    @AfterAll
    static void stop() {
        if (cluster != null) cluster.stop();
    }

    private String restartedMidCopy(DeliveryGuarantee guarantee) throws Exception {
        String table = "restarted" + (++tables);
        db.execute("CREATE TABLE " + table + " (id bigint NOT NULL, payload text NOT NULL)");
        // restarts 300 ms apart for 12 s, more than the server needs to come back
        StreamExecutionEnvironment env = FaultJobs.environment(40, Duration.ofMillis(300));
        FaultJobs.events(env, ROWS, 1_500).sinkTo(FaultJobs.sink(db.url(), table, guarantee).build());
        int attempts = FaultJobs.CountAttempts.STARTED.get();
        JobClient job = env.executeAsync("restarted " + table);
        // a quarter of the rows committed: the fault lands mid-stream, several checkpoints in
        Poll.until("committed rows", WAIT, () -> db.queryLong("SELECT count(*) FROM " + table) >= ROWS / 4);
        new Backends(db).awaitCopy(table, WAIT);
        cluster.restart();
        FaultJobs.awaitEnd(job, Duration.ofSeconds(80));
        assertTrue(FaultJobs.CountAttempts.STARTED.get() - attempts > 2, "the job restarted");
        assertEquals(0, db.preparedTransactions(), "no prepared transaction left");
        db.awaitNoPgcopySession(WAIT);
        assertEquals(0, db.wrongPayloads(table));
        return table;
    }

    @Test
    void exactlyOnceEndsWithExactlyTheInputRows() throws Exception {
        String table = restartedMidCopy(DeliveryGuarantee.EXACTLY_ONCE);
        assertEquals(FaultDb.exactly(ROWS), db.ids(table));
    }

    @Test
    void atLeastOnceLosesNoRow() throws Exception {
        String table = restartedMidCopy(DeliveryGuarantee.AT_LEAST_ONCE);
        assertEquals(FaultDb.everyId(ROWS), db.distinctIds(table));
    }
}
