package io.pgcopy.it.flink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgcopy.packaging.FlinkJars;
import io.pgcopy.testing.PostgresExtension;
import io.pgcopy.testing.TestDatabase;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Many short exactly-once jobs whose jar bundles pgcopy, one after another on one Flink session cluster: each gets a
 * child-first class loader of its own on the TaskManager, which pgcopy releases at the job's end (pgjdbc's driver
 * registration, the send watchdog's thread). Afterwards the TaskManager holds no such loader once garbage is
 * collected, and its metaspace is what it was after the first jobs — not about 2 MB more per job.
 */
@ExtendWith(PostgresExtension.class)
class FlinkSessionClassLoaderReleaseIT {
    private static final int WARM_UP_JOBS = 2;
    private static final int JOBS = 20;
    private static final int IDS_PER_JOB = 50;

    @TempDir
    Path dir;

    @Test
    @Timeout(300)
    void jobsWithPgcopyInTheirJarLeaveNoClassLoaderBehind(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE ids (id bigint NOT NULL)");
        FlinkJars flink = FlinkJars.newest();
        Path jobJar = JobJar.build(dir, flink, true);
        try (FlinkSessionCluster cluster = FlinkSessionCluster.start(flink, dir.resolve("flink"), List.of())) {
            long taskManager = cluster.taskManager().pid();
            cluster.run(jobJar, "pgcopyjob.IdsToPostgres", jobs(db, WARM_UP_JOBS), 120);
            long before = metaspaceAfterGc(taskManager);

            cluster.run(jobJar, "pgcopyjob.IdsToPostgres", jobs(db, JOBS), 240);
            int loaders = jobLoadersLeft(taskManager);
            long grown = metaspaceAfterGc(taskManager) - before;

            System.out.printf("after %d jobs: %d job class loaders alive, metaspace %+d KB%n", JOBS, loaders, grown);
            assertEquals((long) (WARM_UP_JOBS + JOBS) * IDS_PER_JOB, db.queryLong("SELECT count(*) FROM ids"));
            assertTrue(loaders <= 2, loaders + " job class loaders still alive after " + JOBS + " jobs");
            assertTrue(grown < 8 * 1024, "metaspace grew by " + grown + " KB over " + JOBS + " jobs");
        }
    }

    private static List<String> jobs(TestDatabase db, int jobs) {
        return List.of(db.url(), "ids", Integer.toString(IDS_PER_JOB), "1000", "EXACTLY_ONCE", "leak",
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
