package io.pgcopy.spark.fault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgcopy.testing.Poll;
import io.pgcopy.testing.PostgresExtension;
import io.pgcopy.testing.TestDatabase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.util.ArrowUtils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * After 60 failed and cancelled jobs — bad values, COPY backends terminated, jobs cancelled by
 * group or all at once, mid-write in every commit mode and mid-read — nothing is left: no pgcopy
 * session, staging table or prepared transaction on the server, no Arrow memory or "pgcopy split"
 * allocator, no thread running pgcopy code and no new non-daemon thread in the JVM. Spark runs
 * without task retries, so every fault fails its job.
 */
@ExtendWith(PostgresExtension.class)
class FailedJobsHygieneTest {
    private static final long ROWS = 20_000;
    private static final long READ_ROWS = 1_000_000;
    private static final Duration TEN_SECONDS = Duration.ofSeconds(10);
    private static SparkSession spark;
    private static FaultDb db;
    private static MidCopy midCopy;

    @BeforeAll
    static void start(TestDatabase database) throws Exception {
        db = new FaultDb(database.url());
        spark = Faults.spark("pgcopy-failed-jobs-hygiene", 1);
        midCopy = new MidCopy(spark, db);
        db.createRows("source", READ_ROWS);
        db.execute("CREATE TABLE target (id bigint, name varchar(12))", "CREATE TABLE target_task (LIKE target)");
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    @Test
    void sixtyFailedJobsLeaveNothingBehind() throws Exception {
        // one good write and read first, so that Spark's own threads exist before the baseline
        Faults.write(Faults.rows(spark, 100), db.url(), "target", SaveMode.Append);
        assertEquals(Faults.exactly(READ_ROWS), Faults.contents(Faults.read(spark, db.url(), "source")));
        db.execute("TRUNCATE target");
        Set<String> nonDaemonBefore = nonDaemonThreads();

        int failed = 0;
        for (int round = 0; round < 4; round++) {
            for (String commit : List.of("job", "task", "prepared")) {
                failed += failsWith("a bad value", writeBadValue(commit));
                failed += failsWith("terminated", faultMidCopy("COPY FROM", write(commit), this::terminate));
                failed += failsWith("cancel", faultMidCopy("COPY FROM", write(commit), this::cancelGroup));
                failed += failsWith("cancel", faultMidCopy("COPY FROM", write(commit), this::cancelAll));
            }
            String snapshot = round % 2 == 0 ? "none" : "consistent";
            failed += failsWith("terminated", faultMidCopy("COPY TO", read(snapshot), this::terminate));
            failed += failsWith("cancel", faultMidCopy("COPY TO", read(snapshot), this::cancelGroup));
            failed += failsWith("cancel", faultMidCopy("COPY TO", read(snapshot), this::cancelAll));
        }
        assertEquals(60, failed);

        // commit=task keeps what its finished tasks committed (documented); job and prepared keep nothing
        assertEquals("0", db.queryString("SELECT count(*) FROM target"), "no failed job or prepared write left rows");
        db.awaitNothingLeft("after " + failed + " failed jobs");
        BufferAllocator root = ArrowUtils.rootAllocator();
        Poll.until(() -> "no Arrow memory held and no pgcopy allocator left: " + root.toVerboseString(), TEN_SECONDS,
                () -> root.getAllocatedMemory() == 0 && root.getChildAllocators().stream()
                        .noneMatch(a -> a.getName().startsWith("pgcopy")));
        Poll.until(() -> "no thread running pgcopy code: " + threadsInPgcopy(), TEN_SECONDS,
                () -> threadsInPgcopy().isEmpty());
        Poll.until(() -> "no new non-daemon thread: " + newSince(nonDaemonBefore), TEN_SECONDS,
                () -> newSince(nonDaemonBefore).isEmpty());
    }

    /** Runs the job in the background under a job group, injects the fault mid-COPY, returns the job's error. */
    private Throwable faultMidCopy(String command, Callable<Object> job, Fault fault) throws Exception {
        String group = "hygiene-" + System.nanoTime();
        var running = midCopy.run(command, () -> {
            spark.sparkContext().setJobGroup(group, "fault", true);
            try {
                return job.call();
            } finally {
                spark.sparkContext().clearJobGroup();
            }
        }, copying -> fault.inject(group, copying));
        return assertThrows(Exception.class, () -> Faults.await(running, 60, command + " with a fault"));
    }

    private Throwable writeBadValue(String commit) {
        Dataset<Row> df = spark.range(0, ROWS, 1, 2).selectExpr("id",
                "IF(id = 5000, 'far too long a name', 'ok') AS name");
        return assertThrows(Exception.class, () -> Faults.write(df, db.url(), table(commit), SaveMode.Append,
                "commit", commit));
    }

    private static Callable<Object> write(String commit) {
        return () -> {
            Faults.write(Faults.rows(spark, ROWS), db.url(), table(commit), SaveMode.Append, "commit", commit);
            return null;
        };
    }

    private static String table(String commit) {
        return commit.equals("task") ? "target_task" : "target";
    }

    private static Callable<Object> read(String snapshot) {
        return () -> Faults.contents(Faults.read(spark, db.url(), "source", "snapshot", snapshot));
    }

    private static int failsWith(String expected, Throwable e) {
        String message = Faults.messages(e);
        assertTrue(message.contains(expected) || message.contains("too long") && expected.equals("a bad value"),
                message);
        return 1;
    }

    private interface Fault {
        void inject(String group, List<Integer> copying) throws Exception;
    }

    private void terminate(String group, List<Integer> copying) throws Exception {
        assertTrue(db.signal("pg_terminate_backend", copying) >= 1);
    }

    private void cancelGroup(String group, List<Integer> copying) {
        spark.sparkContext().cancelJobGroup(group);
    }

    private void cancelAll(String group, List<Integer> copying) {
        spark.sparkContext().cancelAllJobs();
    }

    private static List<String> threadsInPgcopy() {
        List<String> found = new ArrayList<>();
        Thread.getAllStackTraces().forEach((thread, stack) -> {
            for (StackTraceElement frame : stack) {
                String c = frame.getClassName();
                if (c.startsWith("io.pgcopy.") && !c.startsWith("io.pgcopy.spark.fault.")
                        && !c.startsWith("io.pgcopy.testing.")) {
                    found.add(thread.getName() + " at " + frame);
                    break;
                }
            }
        });
        return found;
    }

    private static Set<String> newSince(Set<String> before) {
        Set<String> now = nonDaemonThreads();
        now.removeAll(before);
        return now;
    }

    private static Set<String> nonDaemonThreads() {
        Set<String> names = new TreeSet<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (!t.isDaemon() && t.isAlive()) names.add(t.getName() + "#" + t.getId());
        }
        return names;
    }
}
