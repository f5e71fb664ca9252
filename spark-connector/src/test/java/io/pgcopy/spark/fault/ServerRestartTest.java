package io.pgcopy.spark.fault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgcopy.local.LocalCluster;
import io.pgcopy.testing.Poll;
import io.pgcopy.testing.PrivateCluster;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
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
    private static MidCopy midCopy;

    @BeforeAll
    static void start() throws Exception {
        cluster = PrivateCluster.start();
        db = new FaultDb(cluster.url("postgres"));
        spark = Faults.spark("pgcopy-server-restart", 3);
        midCopy = new MidCopy(spark, db);
        db.createRows("source", ROWS * 10);
    }

    @AfterAll
    static void stop() {
        if (spark != null) spark.stop();
        if (cluster != null) cluster.stop();
    }

    @ParameterizedTest
    @ValueSource(strings = {"job", "task", "prepared"})
    void aWriteSurvivesARestartMidCopy(String commit) throws Exception {
        midCopy.assertWriteIsRetriedToItsRows("restarted_" + commit, ROWS, commit,
                onceTheOtherTaskIsDone(cluster::restart));
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
        var write = midCopy.write(table, ROWS, onceTheOtherTaskIsDone(() -> pgCtl("stop")), "commit", commit);
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
        var read = readRestartedMidCopy("none");
        assertEquals(Faults.exactly(ROWS * 10), Faults.await(read, 60, "the read"));
        db.awaitNothingLeft("read");
    }

    @Test
    void aConsistentReadWhoseSnapshotDiedWithTheServerFailsSayingSo() throws Exception {
        var read = readRestartedMidCopy("consistent");
        Exception e = assertThrows(Exception.class, () -> Faults.await(read, 60, "the read"));
        String message = Faults.messages(e);
        assertTrue(message.contains("consistent snapshot") && message.contains("restarted"), message);
        db.awaitNothingLeft("consistent read");
    }

    private static CompletableFuture<String> readRestartedMidCopy(String snapshot) throws Exception {
        return midCopy.readSource(onceTheOtherTaskIsDone(cluster::restart), "snapshot", snapshot);
    }

    /** The fault once the task that is not held has finished (committed, prepared or staged). */
    private static MidCopy.Fault onceTheOtherTaskIsDone(ServerAction action) {
        return copying -> {
            Faults.awaitFinishedTasks(spark, 1);
            action.run();
        };
    }

    private interface ServerAction {
        void run() throws Exception;
    }
}
