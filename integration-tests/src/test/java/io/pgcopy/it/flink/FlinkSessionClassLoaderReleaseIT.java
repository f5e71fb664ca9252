package io.pgcopy.it.flink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgcopy.packaging.FlinkJars;
import io.pgcopy.testing.PostgresExtension;
import io.pgcopy.testing.TestDatabase;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Many short exactly-once jobs whose jar bundles pgcopy, one after another on one Flink session cluster: each gets a
 * child-first class loader of its own on the TaskManager, which pgcopy releases at the job's end (pgjdbc's driver
 * registration, the send watchdog's thread). Afterwards the TaskManager holds no such loader once garbage is
 * collected, and its metaspace is what it was after the first jobs — not about 2 MB more per job. On the oldest (1.20)
 * and the newest (2.3) Flink line.
 */
@ExtendWith(PostgresExtension.class)
class FlinkSessionClassLoaderReleaseIT {
    private static final int WARM_UP_JOBS = 2;
    private static final int IDS_PER_JOB = 50;

    @TempDir
    Path dir;

    /** 20 jobs on the newest line; 10 on the oldest, enough to see 2 MB per job and keep the run short. */
    static Stream<Arguments> oldestAndNewestFlink() {
        return Stream.of(Arguments.of(FlinkJars.oldest(), 10), Arguments.of(FlinkJars.newest(), 20));
    }

    @ParameterizedTest(name = "{0}, {1} jobs")
    @MethodSource("oldestAndNewestFlink")
    @Timeout(300)
    void jobsWithPgcopyInTheirJarLeaveNoClassLoaderBehind(FlinkJars flink, int jobs, TestDatabase db)
            throws Exception {
        // one database for the class: a table of each line's own
        String table = "ids_" + flink.module().replaceAll("\\W", "_");
        db.execute("CREATE TABLE " + table + " (id bigint NOT NULL)");
        Path jobJar = JobJar.build(dir, flink, true);
        try (FlinkSessionCluster cluster = FlinkSessionCluster.start(flink, dir.resolve("flink"), List.of())) {
            long taskManager = cluster.taskManager().pid();
            cluster.run(jobJar, "pgcopyjob.IdsToPostgres", jobs(db, table, WARM_UP_JOBS), 120);
            long before = metaspaceAfterGc(taskManager);

            cluster.run(jobJar, "pgcopyjob.IdsToPostgres", jobs(db, table, jobs), 240);
            int loaders = jobLoadersLeft(taskManager);
            long grown = metaspaceAfterGc(taskManager) - before;

            System.out.printf("%s, after %d jobs: %d job class loaders alive, metaspace %+d KB%n", flink, jobs,
                    loaders, grown);
            assertEquals((long) (WARM_UP_JOBS + jobs) * IDS_PER_JOB, db.queryLong("SELECT count(*) FROM " + table));
            assertTrue(loaders <= 2, loaders + " job class loaders still alive after " + jobs + " jobs");
            assertTrue(grown < 8 * 1024, "metaspace grew by " + grown + " KB over " + jobs + " jobs");
        }
    }

    private static List<String> jobs(TestDatabase db, String table, int jobs) {
        return List.of(db.url(), table, Integer.toString(IDS_PER_JOB), "1000", "EXACTLY_ONCE", table,
                Integer.toString(jobs));
    }

    /** The loaders go once the TaskManager has freed the finished job's slots: a few seconds at most. */
    private static int jobLoadersLeft(long pid) throws Exception {
        int loaders = Integer.MAX_VALUE;
        for (long deadline = System.nanoTime() + 20_000_000_000L; loaders > 0 && System.nanoTime() < deadline; ) {
            Jcmd.fullGc(pid);
            loaders = Jcmd.jobClassLoaders(pid);
            if (loaders > 0) Thread.sleep(1000);
        }
        return loaders;
    }

    private static long metaspaceAfterGc(long pid) throws Exception {
        Jcmd.fullGc(pid);
        return Jcmd.metaspaceUsedKb(pid);
    }
}
