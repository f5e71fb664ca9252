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
 * The backend of a running COPY stops answering (SIGSTOP): its socket stays open, nothing comes
 * back, as with a hung server or a dropped network path. pgjdbc's {@code socketTimeout} turns the
 * silence into an error at the next flush or checkpoint, the job restarts on fresh sessions and
 * ends with its guarantee; the stopped backend, continued later, finds its client gone and ends,
 * its transaction rolled back. On a server of this class alone.
 */
class StalledBackendTest {
    private static final long ROWS = 5_000;
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

    private String stalledMidCopy(DeliveryGuarantee guarantee) throws Exception {
        String table = "stalled" + (++tables);
        RecoveringJob job = RecoveringJob.start(db, table, ROWS, FaultJobs.environment(5, Duration.ofMillis(200)),
                FaultJobs.sink(db.url(), table, guarantee).property("socketTimeout", "2"));
        int pid = job.awaitCopyMidStream();
        Backends.stop(pid);
        try {
            job.awaitEnd(Duration.ofSeconds(60));
            assertTrue(new Backends(db).alive(pid), "the stopped backend was still there while the job recovered");
        } finally {
            Backends.resume(pid);
        }
        // the continued backend's session, too, must end
        job.assertRecoveredLeavingNothing();
        return table;
    }

    @Test
    void exactlyOnceRecoversWithExactlyTheInputRows() throws Exception {
        String table = stalledMidCopy(DeliveryGuarantee.EXACTLY_ONCE);
        assertEquals(FaultDb.exactly(ROWS), db.ids(table));
    }

    @Test
    void atLeastOnceRecoversLosingNoRow() throws Exception {
        String table = stalledMidCopy(DeliveryGuarantee.AT_LEAST_ONCE);
        assertEquals(FaultDb.everyId(ROWS), db.distinctIds(table));
    }
}
