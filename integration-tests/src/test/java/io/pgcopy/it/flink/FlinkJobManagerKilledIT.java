package io.pgcopy.it.flink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgcopy.packaging.FlinkJars;
import io.pgcopy.testing.PostgresExtension;
import io.pgcopy.testing.TestDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Flink session cluster without high availability SIGKILLed — TaskManager, then JobManager — between a
 * checkpoint's PREPARE TRANSACTION and its COMMIT PREPARED, in the middle of an exactly-once upsert job: the job is
 * lost with its checkpoints, its last transaction stays prepared (holding its rows' locks) and its stage stays. A
 * fresh cluster running the job again from the start, with the same sink id, rolls that transaction back, drops the
 * stage when it ends and leaves every id once.
 */
@ExtendWith(PostgresExtension.class)
class FlinkJobManagerKilledIT {
    private static final long IDS = 3000;
    private static final String SINK = "jm_kill";
    private static final String PREPARED = "SELECT count(*) FROM pg_prepared_xacts WHERE gid LIKE 'pgcopy_f_" + SINK
            + "_%'";
    private static final String STAGES = "SELECT count(*) FROM pg_tables WHERE tablename LIKE 'pgcopy_f_" + SINK
            + "_%_stage'";

    @TempDir
    Path dir;

    @Test
    @Timeout(300)
    void aFreshRunOfTheSameSinkRemovesWhatTheLostJobLeft(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE ids (id bigint PRIMARY KEY)");
        FlinkJars flink = FlinkJars.newest();
        Path jobJar = JobJar.build(dir, flink, true);
        List<String> args = List.of(db.url(), "ids", Long.toString(IDS), "400", "EXACTLY_ONCE", SINK, "1", "upsert");

        try (FlinkSessionCluster cluster = FlinkSessionCluster.start(flink, dir.resolve("flink-lost"), List.of())) {
            String job = cluster.submit(jobJar, "pgcopyjob.IdsToPostgres", args);
            cluster.awaitOrFail(() -> cluster.completedCheckpoints(job) >= 2, 90, "no 2 checkpoints completed",
                    cluster.taskManager());
            awaitPreparedTransaction(db);
            cluster.taskManager().kill();
            cluster.jobManager().kill();
        }
        long leftPrepared = db.queryLong(PREPARED);
        long leftStages = db.queryLong(STAGES);
        long written = db.queryLong("SELECT count(*) FROM ids");
        System.out.printf("the lost job left %d prepared transaction(s), %d stage(s) and %d ids%n", leftPrepared,
                leftStages, written);
        assertTrue(leftPrepared >= 1 && leftStages == 1 && written < IDS,
                "the cluster was not killed mid-job between PREPARE and COMMIT PREPARED");

        try (FlinkSessionCluster cluster = FlinkSessionCluster.start(flink, dir.resolve("flink-fresh"), List.of())) {
            cluster.run(jobJar, "pgcopyjob.IdsToPostgres", args, 180);
        }
        assertEquals(List.of(List.of(Long.toString(IDS), "1", Long.toString(IDS))),
                db.queryText("SELECT count(*), min(id), max(id) FROM ids"));
        assertEquals(0, db.queryLong(PREPARED));
        assertEquals(0, db.queryLong(STAGES));
    }

    /** Returns as soon as a checkpoint's transaction is prepared: its COMMIT PREPARED follows within milliseconds. */
    private static void awaitPreparedTransaction(TestDatabase db) throws Exception {
        try (Connection c = db.connect(); PreparedStatement ps = c.prepareStatement(PREPARED)) {
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (System.nanoTime() < deadline) {
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    if (rs.getLong(1) > 0) return;
                }
            }
        }
        throw new AssertionError("no checkpoint's transaction was prepared within 60 s");
    }
}
