package io.pgcopy.spark.fault;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.pgcopy.local.LocalCluster;
import io.pgcopy.testing.Poll;
import io.pgcopy.testing.PrivateCluster;
import java.time.Duration;
import java.util.List;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The backend of a COPY stops answering half-way ({@code kill -STOP}): with pgjdbc's
 * {@code socketTimeout} (and {@code tcpKeepAlive}) passed through as options, the task gives up on
 * it within seconds instead of hanging, Spark retries it on a new session, and the outcome is
 * exact. The stopped backend is resumed once the retry runs (it then finds its client gone and
 * rolls back). On a server of its own: a stopped backend may hold locks other tests would wait for.
 */
class ServerStopsAnsweringTest {
    private static final long ROWS = 1_000_000;
    private static final String SOCKET_TIMEOUT = "3";
    private static LocalCluster cluster;
    private static FaultDb db;
    private static SparkSession spark;
    private static MidCopy midCopy;

    @BeforeAll
    static void start() throws Exception {
        cluster = PrivateCluster.start();
        db = new FaultDb(cluster.url("postgres"));
        spark = Faults.spark("pgcopy-server-stops-answering", 3);
        midCopy = new MidCopy(spark, db);
        db.createRows("source", ROWS);
    }

    @AfterAll
    static void stop() {
        if (spark != null) spark.stop();
        if (cluster != null) cluster.stop();
    }

    @ParameterizedTest
    @ValueSource(strings = {"job", "task", "prepared"})
    void aWriteToAStoppedBackendIsRetriedNotHung(String commit) throws Exception {
        midCopy.assertWriteIsRetriedToItsRows("stopped_" + commit, ROWS, commit,
                stopTheBackendUntilTheRetry("COPY FROM"), "socketTimeout", SOCKET_TIMEOUT, "tcpKeepAlive", "true");
    }

    /**
     * commit=job: the backend stays stopped until the job's rows are committed — the job commit
     * does not wait for the abandoned attempt's stage, and drops it once the backend is gone.
     */
    @Test
    void theJobCommitDoesNotWaitForABackendThatIsStillStopped() throws Exception {
        String table = "still_stopped";
        db.execute("CREATE TABLE " + table + " (id bigint, name text)");
        var write = midCopy.write(table, ROWS, stopTheBackend("COPY FROM",
                first -> db.queryLong("SELECT count(*) FROM " + table) == ROWS), "commit", "job",
                "socketTimeout", SOCKET_TIMEOUT);
        Faults.await(write, 60, "a write whose abandoned backend is still stopped");
        assertEquals(Faults.exactly(ROWS), db.contents(table));
        db.awaitNothingLeft(table);
    }

    /** The job commit's move lasts as long as the data needs, socketTimeout or not: it is not a stopped server. */
    @Test
    void aJobCommitLongerThanTheSocketTimeoutIsNotCutShort() throws Exception {
        String table = "slow_commit";
        db.execute("CREATE TABLE " + table + " (id bigint, name text)");
        db.execute("CREATE FUNCTION slow_insert() RETURNS trigger LANGUAGE plpgsql AS"
                + " $$ BEGIN PERFORM pg_sleep(2 * " + SOCKET_TIMEOUT + "); RETURN NULL; END $$");
        db.execute("CREATE TRIGGER slow BEFORE INSERT ON " + table + " FOR EACH STATEMENT EXECUTE FUNCTION slow_insert()");
        Faults.write(Faults.rows(spark, 1000), db.url(), table, SaveMode.Append, "commit", "job",
                "socketTimeout", SOCKET_TIMEOUT);
        assertEquals(Faults.exactly(1000), db.contents(table));
        db.awaitNothingLeft(table);
    }

    @Test
    void aReadFromAStoppedBackendIsRetriedToTheExactResult() throws Exception {
        var read = midCopy.readSource(stopTheBackendUntilTheRetry("COPY TO"), "socketTimeout", SOCKET_TIMEOUT,
                "tcpKeepAlive", "true");
        assertEquals(Faults.exactly(ROWS), Faults.await(read, 60, "a read whose backend stopped answering"));
        db.awaitNothingLeft("read");
    }

    /** As below, resuming the backend once a new COPY — the retry — is running. */
    private static MidCopy.Fault stopTheBackendUntilTheRetry(String command) {
        return stopTheBackend(command, stopped -> db.awaitCopy(command).stream()
                .anyMatch(pid -> !stopped.contains(pid)));
    }

    /**
     * Stops the backend of the held task's COPY once the other task has finished, lets the task go
     * on, and resumes the backend once {@code resumeWhen} holds.
     */
    private static MidCopy.Fault stopTheBackend(String command, ResumeWhen resumeWhen) {
        return copying -> {
            Faults.awaitFinishedTasks(spark, 1);
            List<Integer> stopped = db.awaitCopy(command);
            try {
                signal("STOP", stopped);
                Pause.release();
                Poll.until("the moment to resume the stopped backend " + stopped, Duration.ofSeconds(40),
                        () -> resumeWhen.holds(stopped));
            } finally {
                Pause.release();
                signal("CONT", stopped);
            }
        };
    }

    private interface ResumeWhen {
        boolean holds(List<Integer> stopped) throws Exception;
    }

    private static void signal(String signal, List<Integer> pids) throws Exception {
        for (int pid : pids) {
            Process p = new ProcessBuilder("kill", "-" + signal, Integer.toString(pid)).inheritIO().start();
            assertEquals(0, p.waitFor(), "kill -" + signal + " " + pid);
        }
    }
}
