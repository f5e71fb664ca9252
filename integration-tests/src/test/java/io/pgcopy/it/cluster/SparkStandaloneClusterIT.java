package io.pgcopy.it.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgcopy.it.cluster.jobs.WriteModesJob;
import io.pgcopy.testing.Poll;
import io.pgcopy.testing.PostgresExtension;
import io.pgcopy.testing.RuntimeJar;
import io.pgcopy.testing.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.zip.CRC32;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * pgcopy on a real Spark 4.2 standalone cluster: a Master and two one-core Workers, each a JVM of its own, a driver
 * started by spark-submit with Spark 4.2's runtime jar as its only pgcopy and pgjdbc, executors the Workers launch.
 * Writes in every commit mode and a split read give exact rows; an executor killed in the middle of its COPY and a
 * driver killed in the middle of a write end as the README says.
 */
@ExtendWith(PostgresExtension.class)
class SparkStandaloneClusterIT {
    private static final Duration APP = Duration.ofSeconds(150);
    private static final String STAGES = "SELECT count(*) FROM pg_class WHERE relkind = 'r'"
            + " AND relname ~ '^pgcopy_[0-9a-z]{1,32}_[0-9]+_[0-9]+$'";
    private static final String PREPARED = "SELECT count(*) FROM pg_prepared_xacts WHERE database = current_database()"
            + " AND gid LIKE 'pgcopy\\_%'";
    private static final String COPY_CLIENT_PORTS = "SELECT client_port FROM pg_stat_activity"
            + " WHERE datname = current_database() AND application_name = 'pgcopy' AND state = 'active'"
            + " AND query LIKE 'COPY %'";
    private static final String PGCOPY_SESSIONS = "SELECT count(*) FROM pg_stat_activity"
            + " WHERE datname = current_database() AND application_name = 'pgcopy'";

    private static Path dir;
    private static SparkHome home;
    private static StandaloneCluster cluster;
    private static Path jobJar;

    @BeforeAll
    static void startCluster() throws Exception {
        dir = Files.createDirectories(Path.of("target", "cluster-it", "standalone").toAbsolutePath());
        home = SparkHome.inTarget();
        jobJar = JobJar.of(WriteModesJob.class, dir.resolve("cluster-jobs.jar"));
        cluster = StandaloneCluster.start(home, dir, 2);
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) cluster.close();
    }

    @Test
    void writesInEveryCommitModeAndReadsInSplits(TestDatabase db) throws Exception {
        long n = 20_000;
        for (String mode : List.of("task", "job", "prepared")) createTable(db, "modes_" + mode);
        try (GroupedProcess app = submit(db, "write-modes", "WriteModesJob", n)) {
            assertEquals(0, app.exitCode(APP), "the job failed\n" + app.logTail() + "\n" + cluster.logs());
            for (String mode : List.of("task", "job", "prepared")) assertExactRows(db, "modes_" + mode, n);
            assertTrue(app.log().contains("READ 4 splits: " + n + " " + idSum(n) + " " + crcSum(n)),
                    "the split read gave other rows\n" + app.logTail());
        }
    }

    /**
     * Each executor COPYs one of two slow partitions when one executor is SIGKILLed: its connection drops, so
     * PostgreSQL rolls its COPY back, and Spark runs the task again. job and prepared give exactly the input rows;
     * task too, since the killed attempt had not committed (README: a task attempt that had committed and then ran
     * again would write its rows twice — not what a kill during the COPY does).
     */
    @Test
    void anExecutorKilledDuringItsCopyLosesAndDuplicatesNothing(TestDatabase db) throws Exception {
        long n = 6_000;
        List<String> modes = List.of("task", "job", "prepared");
        for (String mode : modes) createTable(db, "executor_kill_" + mode);
        GroupedProcess app = submit(db, "executor-kill", "ExecutorKillJob", n, 1);
        try {
            for (String mode : modes) {
                app.awaitLog("WRITING " + mode, APP); // the COPYs seen from now on are this mode's
                ProcessHandle executor = executorRunningACopy(db, mode, app);
                executor.destroyForcibly();
                app.awaitLog("WROTE " + mode, APP);
            }
            assertEquals(0, app.exitCode(APP), "the job failed\n" + app.logTail());
        } finally {
            app.close();
        }
        for (String mode : modes) assertExactRows(db, "executor_kill_" + mode, n);
        assertEquals(modes.size(), app.log().lines().filter(l -> l.contains("Lost task") && l.contains("ExecutorLostFailure"))
                .count(), "one task lost with each killed executor\n" + app.logTail());
        assertEquals(0, db.queryLong(PREPARED), "prepared transactions left");
        Poll.until("the dead attempts' stages dropped", Duration.ofSeconds(10), () -> db.queryLong(STAGES) == 0);
    }

    /**
     * The driver is SIGKILLed while a commit=job and a commit=prepared write each have a finished task (a stage, a
     * prepared transaction) and a running one: neither target gets a row, and {@code pgcopy cleanup} removes what
     * they left.
     */
    @Test
    void aDriverKilledMidWriteLeavesTheTargetsUntouchedAndCleanupRemovesTheRest(TestDatabase db) throws Exception {
        long n = 2_000;
        createTable(db, "driver_kill_job");
        createTable(db, "driver_kill_prepared");
        GroupedProcess app = submit(db, "driver-kill", "DriverKillJob", n, 50);
        try {
            Poll.until(() -> "the two slow tasks COPYing after the fast ones finished\n" + app.logTail(), APP,
                    () -> db.queryColumn(COPY_CLIENT_PORTS).size() == 2 && db.queryLong(PREPARED) == 1);
            app.killJvm();
        } finally {
            app.close();
        }
        Poll.until("the executors gone with their driver", Duration.ofSeconds(60),
                () -> db.queryLong(PGCOPY_SESSIONS) == 0);
        assertEquals(List.of(List.of("0", "0")), db.queryText(
                "SELECT (SELECT count(*) FROM driver_kill_job), (SELECT count(*) FROM driver_kill_prepared)"));
        assertTrue(db.queryLong(STAGES) >= 1, "no stage was left to clean up");
        assertEquals(1, db.queryLong(PREPARED), "prepared transactions left");

        PgcopyCli.Result cleanup = PgcopyCli.run(dir.resolve("cleanup.log"), "cleanup", "--url", db.url());
        assertEquals(0, cleanup.exit(), cleanup.output());
        assertEquals(0, db.queryLong(STAGES), cleanup.output());
        assertEquals(0, db.queryLong(PREPARED), cleanup.output());
        assertEquals(List.of(List.of("0", "0")), db.queryText(
                "SELECT (SELECT count(*) FROM driver_kill_job), (SELECT count(*) FROM driver_kill_prepared)"));
    }

    /** An executor whose connection runs a COPY now (PostgreSQL's client_port, matched to the executor's socket). */
    private static ProcessHandle executorRunningACopy(TestDatabase db, String mode, GroupedProcess app) throws Exception {
        AtomicReference<ProcessHandle> found = new AtomicReference<>();
        Poll.until(() -> "an executor COPYing for commit=" + mode + "\n" + app.logTail(), APP, () -> {
            for (String port : db.queryColumn(COPY_CLIENT_PORTS)) {
                Optional<ProcessHandle> owner = LocalSockets.ownerOf(Integer.parseInt(port), cluster.executors());
                if (owner.isPresent()) {
                    found.set(owner.get());
                    return true;
                }
            }
            return false;
        });
        return found.get();
    }

    private static GroupedProcess submit(TestDatabase db, String name, String job, Object... args) throws Exception {
        Path runtimeJar = RuntimeJar.of("pgcopy.spark.runtimeJar").path();
        return SparkSubmit.start(home, name, dir.resolve(name + ".log"), cluster.masterUrl(), runtimeJar, List.of(),
                "io.pgcopy.it.cluster.jobs." + job, jobJar.toString(), Arrays.stream(args).map(String::valueOf).toList(),
                Map.of("PGCOPY_URL", db.url()));
    }

    private static void createTable(TestDatabase db, String table) throws Exception {
        db.execute("DROP TABLE IF EXISTS " + table, "CREATE TABLE " + table + " (id int8 NOT NULL, name text NOT NULL)");
    }

    /** Every id once and each row as written: count, id sum and an order-independent checksum of the rows. */
    static void assertExactRows(TestDatabase db, String table, long n) throws Exception {
        assertEquals(List.of(List.of(Long.toString(n), Long.toString(n), idSum(n), "0")), db.queryText(
                "SELECT count(*), count(DISTINCT id), sum(id), count(*) FILTER (WHERE name <> 'row ' || id) FROM " + table),
                table + ": count, distinct ids, id sum, rows with a wrong name");
    }

    static String idSum(long n) {
        return Long.toString(n * (n - 1) / 2);
    }

    /** Spark's sum(crc32(name)) over the rows. */
    static String crcSum(long n) {
        long sum = 0;
        CRC32 crc = new CRC32();
        for (long id = 0; id < n; id++) {
            crc.reset();
            crc.update(("row " + id).getBytes(StandardCharsets.UTF_8));
            sum += crc.getValue();
        }
        return Long.toString(sum);
    }
}
