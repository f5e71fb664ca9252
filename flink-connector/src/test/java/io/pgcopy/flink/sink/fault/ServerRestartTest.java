package io.pgcopy.flink.sink.fault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgcopy.local.LocalCluster;
import io.pgcopy.testing.PrivateCluster;
import java.time.Duration;
import org.apache.flink.connector.base.DeliveryGuarantee;
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
        // restarts 300 ms apart for 12 s, more than the server needs to come back
        RecoveringJob job = RecoveringJob.start(db, table, ROWS, FaultJobs.environment(40, Duration.ofMillis(300)),
                FaultJobs.sink(db.url(), table, guarantee));
        job.awaitCopyMidStream();
        cluster.restart();
        job.awaitEnd(Duration.ofSeconds(80));
        job.assertRecoveredLeavingNothing();
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
