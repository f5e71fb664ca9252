package io.pgcopy.it.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgcopy.it.cluster.jobs.WriteModesJob;
import io.pgcopy.testing.Poll;
import io.pgcopy.testing.PostgresExtension;
import io.pgcopy.testing.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.zip.CRC32;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * pgcopy on a real Spark standalone cluster of one line: a Master and two one-core Workers, each a JVM of its own, a
 * driver started by spark-submit with the line's runtime jar as its only pgcopy and pgjdbc, executors the Workers
 * launch. Writes in every commit mode and a split read give exact rows; an executor killed in the middle of its COPY
 * loses and duplicates nothing. Each line's test class says which line and in which commit modes it kills executors.
 */
@ExtendWith(PostgresExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class StandaloneClusterCases {
    static final Duration APP = Duration.ofSeconds(150);
    static final String STAGES = "SELECT count(*) FROM pg_class WHERE relkind = 'r'"
            + " AND relname ~ '^pgcopy_[0-9a-z]{1,32}_[0-9]+_[0-9]+$'";
    static final String FILLED_STAGES = "SELECT count(*) FROM pg_stat_user_tables WHERE n_live_tup > 0"
            + " AND relname ~ '^pgcopy_[0-9a-z]{1,32}_[0-9]+_[0-9]+$'";
    static final String PREPARED = "SELECT count(*) FROM pg_prepared_xacts WHERE database = current_database()"
            + " AND gid LIKE 'pgcopy\\_%'";
    static final String COPY_CLIENT_PORTS = "SELECT client_port FROM pg_stat_activity"
            + " WHERE datname = current_database() AND application_name = 'pgcopy' AND state = 'active'"
            + " AND query LIKE 'COPY %'";

    Path dir;
    StandaloneCluster cluster;
    private SparkHome home;
    private Path jobJar;

    abstract ClusterLine line();

    /** The commit modes in which {@link #anExecutorKilledDuringItsCopyLosesAndDuplicatesNothing} kills an executor. */
    abstract List<String> executorKillModes();

    @BeforeAll
    void startCluster() throws Exception {
        dir = Files.createDirectories(Path.of("target", "cluster-it", "standalone-" + line().name()).toAbsolutePath());
        home = SparkHome.inTarget(line());
        jobJar = JobJar.of(WriteModesJob.class, dir.resolve("cluster-jobs.jar"));
        cluster = StandaloneCluster.start(home, dir, 2);
    }

    @AfterAll
    void stopCluster() {
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
        List<String> modes = executorKillModes();
        for (String mode : modes) createTable(db, "executor_kill_" + mode);
        List<Object> args = new ArrayList<>(List.of(n, 1));
        args.addAll(modes);
        GroupedProcess app = submit(db, "executor-kill", "ExecutorKillJob", args.toArray());
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

    /** An executor whose connection runs a COPY now (PostgreSQL's client_port, matched to the executor's socket). */
    private ProcessHandle executorRunningACopy(TestDatabase db, String mode, GroupedProcess app) throws Exception {
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

    /** spark-submit of one of the jobs (io.pgcopy.it.cluster.jobs) to this cluster, writing into db. */
    GroupedProcess submit(TestDatabase db, String name, String job, Object... args) throws Exception {
        return SparkSubmit.start(home, name, dir.resolve(name + ".log"), cluster.masterUrl(), List.of(),
                "io.pgcopy.it.cluster.jobs." + job, jobJar.toString(), Arrays.stream(args).map(String::valueOf).toList(),
                Map.of("PGCOPY_URL", db.url()));
    }

    static void createTable(TestDatabase db, String table) throws Exception {
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
