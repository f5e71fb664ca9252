package io.pgcopy.spark.fault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgcopy.local.LocalCluster;
import io.pgcopy.testing.Poll;
import io.pgcopy.testing.PrivateCluster;
import java.time.Duration;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code pg_ctl restart -m fast} while a task is half-way through its COPY (the other task already
 * done: committed, prepared or staged, which survives a fast restart): the task is retried and the
 * table holds exactly the input rows (commit=task: at least once each); a read retries to the exact
 * result, or — when its consistent snapshot died with the server — fails saying so. On a server of
 * its own, as restarting the shared one would break other test classes.
 */
class ServerRestartTest {
    private static final long ROWS = 100_000;
    private static LocalCluster cluster;
    private static FaultDb db;
    private static SparkSession spark;

    @BeforeAll
    static void start() throws Exception {
        cluster = PrivateCluster.start();
        db = new FaultDb(cluster.url("postgres"));
        spark = Faults.spark("pgcopy-server-restart", 3);
        db.execute("CREATE TABLE source (id bigint, name text)",
                "INSERT INTO source SELECT g, 'name ' || g FROM generate_series(0, " + (ROWS * 10 - 1) + ") g");
    }

    @AfterAll
    static void stop() {
        if (spark != null) spark.stop();
        if (cluster != null) cluster.stop();
    }

    @ParameterizedTest
    @ValueSource(strings = {"job", "task", "prepared"})
    void aWriteSurvivesARestartMidCopy(String commit) throws Exception {
        String table = "restarted_" + commit;
        db.execute("CREATE TABLE " + table + " (id bigint, name text)");
        Pause.arm(1000);
        var write = Faults.background(() -> {
            Faults.write(Faults.rows(spark, ROWS), db.url(), table, SaveMode.Append, "commit", commit);
            return null;
        });
        try {
            Pause.awaitReached();
            db.awaitCopy("COPY FROM");
            Faults.awaitFinishedTasks(spark, 1);
            cluster.restart();
        } finally {
            Pause.release();
        }
        Faults.await(write, 60, "the write");
        String contents = db.contents(table);
        if (commit.equals("task")) {
            Faults.assertNoLoss(contents, ROWS, table);
        } else {
            assertEquals(Faults.exactly(ROWS), contents, table);
        }
        db.awaitNothingLeft(table);
    }

    /**
     * The server goes down mid-COPY and stays down while Spark's retries fail: the job fails, and
     * its abort waits for the server to be back to roll back the finished task's prepared
     * transaction or drop the stages — nothing outlives the failed job.
     */
    @ParameterizedTest
    @ValueSource(strings = {"job", "prepared"})
    void aJobThatFailsWhileTheServerIsDownLeavesNothingOnceItIsBack(String commit) throws Exception {
        String table = "down_" + commit;
        db.execute("CREATE TABLE " + table + " (id bigint, name text)");
        Pause.arm(1000);
        var write = Faults.background(() -> {
            Faults.write(Faults.rows(spark, ROWS), db.url(), table, SaveMode.Append, "commit", commit);
            return null;
        });
        try {
            Pause.awaitReached();
            db.awaitCopy("COPY FROM");
            Faults.awaitFinishedTasks(spark, 1);
            pgCtl("stop");
        } finally {
            Pause.release();
        }
        // every attempt of the paused task fails against the stopped server, which fails the job
        var tracker = spark.sparkContext().statusTracker();
        Poll.until("the write job failed", Duration.ofSeconds(30), () -> tracker.getActiveJobIds().length == 0);
        cluster.restart();
        Exception e = assertThrows(Exception.class, () -> Faults.await(write, 90, "the write"));
        assertTrue(Faults.messages(e).contains("refused"), Faults.messages(e));
        assertEquals(Faults.exactly(0), db.contents(table), "no row of the failed job");
        db.awaitNothingLeft(table);
    }

    /** pg_ctl as the server's OS user (the tests run as root). */
    private static void pgCtl(String action) throws Exception {
        java.nio.file.Path pgCtl = io.pgcopy.local.PostgresBinaries.find().orElseThrow().resolve("pg_ctl");
        Process p = new ProcessBuilder("runuser", "-u", "postgres", "--", pgCtl.toString(), "-D",
                cluster.dataDir().toString(), "-m", "fast", "-w", action).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), "pg_ctl " + action + ": " + output);
    }

    @Test
    void aReadRestartedMidCopyIsRetriedToTheExactResult() throws Exception {
        var read = startPausedRead("none");
        assertEquals(Faults.exactly(ROWS * 10), Faults.await(read, 60, "the read"));
        db.awaitNothingLeft("read");
    }

    @Test
    void aConsistentReadWhoseSnapshotDiedWithTheServerFailsSayingSo() throws Exception {
        var read = startPausedRead("consistent");
        Exception e = assertThrows(Exception.class, () -> Faults.await(read, 60, "the read"));
        String message = Faults.messages(e);
        assertTrue(message.contains("consistent snapshot") && message.contains("restarted"), message);
        db.awaitNothingLeft("consistent read");
    }

    private static java.util.concurrent.CompletableFuture<String> startPausedRead(String snapshot) throws Exception {
        Pause.arm(1000);
        var read = Faults.background(() -> Faults.contents(Faults.read(spark, db.url(), "source", "snapshot",
                snapshot)));
        try {
            Pause.awaitReached();
            db.awaitCopy("COPY TO");
            Faults.awaitFinishedTasks(spark, 1);
            cluster.restart();
        } finally {
            Pause.release();
        }
        return read;
    }
}
