package io.pgcopy.it.flink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgcopy.testing.PostgresExtension;
import io.pgcopy.testing.TestDatabase;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A TaskManager SIGKILLed in the middle of a job on a Flink session cluster, and a new one started: the JobManager
 * restores the job from its last checkpoint on the new TaskManager. Exactly-once (pgcopy shaded into the job's jar)
 * ends with every id once; at-least-once (pgcopy in Flink's lib/) with none missing.
 */
@ExtendWith(PostgresExtension.class)
class FlinkTaskManagerKilledIT {
    private static final long IDS = 4000;
    private static final String IDS_PER_SECOND = "400";

    @TempDir
    Path dir;

    @Test
    @Timeout(240)
    void anExactlyOnceJobRestoredOnANewTaskManagerWritesEveryIdOnce(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE ids_exact (id bigint NOT NULL)");
        Path runtimeJar = Path.of(System.getProperty("pgcopy.flink-2.runtimeJar"));
        Path jobJar = JobJar.build(dir, runtimeJar, true, FlinkSessionCluster.flinkClasspath());
        try (FlinkSessionCluster cluster = FlinkSessionCluster.start(dir.resolve("flink"), List.of())) {
            killTaskManagerMidJob(cluster, jobJar, db, "ids_exact", "EXACTLY_ONCE");
        }
        assertEquals(List.of(List.of(Long.toString(IDS), Long.toString(IDS), "1", Long.toString(IDS))),
                db.queryText("SELECT count(*), count(DISTINCT id), min(id), max(id) FROM ids_exact"));
        assertEquals(0, db.queryLong("SELECT count(*) FROM pg_prepared_xacts WHERE database = current_database()"));
    }

    @Test
    @Timeout(240)
    void anAtLeastOnceJobWithPgcopyInLibLosesNoId(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE ids_least (id bigint NOT NULL)");
        Path runtimeJar = Path.of(System.getProperty("pgcopy.flink-2.runtimeJar"));
        Path jobJar = JobJar.build(dir, runtimeJar, false, FlinkSessionCluster.flinkClasspath());
        try (FlinkSessionCluster cluster = FlinkSessionCluster.start(dir.resolve("flink"), List.of(runtimeJar))) {
            killTaskManagerMidJob(cluster, jobJar, db, "ids_least", "AT_LEAST_ONCE");
        }
        assertEquals(List.of(List.of(Long.toString(IDS), "1", Long.toString(IDS))),
                db.queryText("SELECT count(DISTINCT id), min(id), max(id) FROM ids_least"));
    }

    /** Submits the job, SIGKILLs the TaskManager after a few checkpoints, starts another and awaits the job's end. */
    private static void killTaskManagerMidJob(FlinkSessionCluster cluster, Path jobJar, TestDatabase db, String table,
            String guarantee) throws Exception {
        String job = cluster.submit(jobJar, "pgcopyjob.IdsToPostgres",
                List.of(db.url(), table, Long.toString(IDS), IDS_PER_SECOND, guarantee, "tm_kill", "1"));
        cluster.awaitOrFail(() -> cluster.completedCheckpoints(job) >= 3, 90, "no 3 checkpoints completed",
                cluster.taskManager());
        long written = db.queryLong("SELECT count(*) FROM " + table);
        assertTrue(written < IDS, "the job wrote all " + IDS + " ids before the TaskManager was killed");
        cluster.taskManager().kill();
        cluster.startTaskManager();
        cluster.awaitOrFail(() -> "FINISHED".equals(cluster.jobState(job)), 120, "the job did not finish",
                cluster.jobManager());
        assertTrue(cluster.restoredCheckpoints(job) >= 1, "the job was not restored from a checkpoint");
    }
}
