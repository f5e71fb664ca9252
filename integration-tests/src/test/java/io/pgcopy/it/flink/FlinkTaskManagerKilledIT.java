package io.pgcopy.it.flink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgcopy.packaging.FlinkJars;
import io.pgcopy.testing.PostgresExtension;
import io.pgcopy.testing.TestDatabase;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A TaskManager SIGKILLed in the middle of a job on a Flink session cluster, and a new one started: the JobManager
 * restores the job from its last checkpoint on the new TaskManager. Exactly-once (pgcopy shaded into the job's jar)
 * ends with every id once, on the oldest (1.20) and the newest (2.3) Flink line; at-least-once (pgcopy in Flink's
 * lib/) with none missing, on the newest.
 */
@ExtendWith(PostgresExtension.class)
class FlinkTaskManagerKilledIT {
    private static final long IDS = 4000;
    private static final String IDS_PER_SECOND = "400";

    @TempDir
    Path dir;

    /** The oldest and the newest Flink line, each with its own pgcopy runtime jar. */
    static Stream<FlinkJars> oldestAndNewestFlink() {
        return Stream.of(FlinkJars.oldest(), FlinkJars.newest());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("oldestAndNewestFlink")
    @Timeout(240)
    void anExactlyOnceJobRestoredOnANewTaskManagerWritesEveryIdOnce(FlinkJars flink, TestDatabase db)
            throws Exception {
        // one database for the class: a table of each line's own
        String table = "ids_exact_" + flink.module().replaceAll("\\W", "_");
        db.execute("CREATE TABLE " + table + " (id bigint NOT NULL)");
        Path jobJar = JobJar.build(dir, flink, true);
        try (FlinkSessionCluster cluster = FlinkSessionCluster.start(flink, dir.resolve("flink"), List.of())) {
            killTaskManagerMidJob(cluster, jobJar, db, table, "EXACTLY_ONCE");
        }
        assertEquals(List.of(List.of(Long.toString(IDS), Long.toString(IDS), "1", Long.toString(IDS))),
                db.queryText("SELECT count(*), count(DISTINCT id), min(id), max(id) FROM " + table));
        assertEquals(0, db.queryLong("SELECT count(*) FROM pg_prepared_xacts WHERE database = current_database()"));
    }

    @Test
    @Timeout(240)
    void anAtLeastOnceJobWithPgcopyInLibLosesNoId(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE ids_least (id bigint NOT NULL)");
        FlinkJars flink = FlinkJars.newest();
        Path runtimeJar = flink.rightRuntimeJar().path();
        Path jobJar = JobJar.build(dir, flink, false);
        Path home = dir.resolve("flink");
        try (FlinkSessionCluster cluster = FlinkSessionCluster.start(flink, home, List.of(runtimeJar))) {
            killTaskManagerMidJob(cluster, jobJar, db, "ids_least", "AT_LEAST_ONCE");
        }
        assertEquals(List.of(List.of(Long.toString(IDS), "1", Long.toString(IDS))),
                db.queryText("SELECT count(DISTINCT id), min(id), max(id) FROM ids_least"));
    }

    /** Submits the job, SIGKILLs the TaskManager after a few checkpoints, starts another and awaits the job's end. */
    private static void killTaskManagerMidJob(FlinkSessionCluster cluster, Path jobJar, TestDatabase db, String table,
            String guarantee) throws Exception {
        String job = cluster.submit(jobJar, "pgcopyjob.IdsToPostgres",
                List.of(db.url(), table, Long.toString(IDS), IDS_PER_SECOND, guarantee, table, "1"));
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
