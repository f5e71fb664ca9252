package io.pgcopy.spark.fault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgcopy.protocol.Leftovers;
import io.pgcopy.protocol.WriterStartFailures;
import io.pgcopy.testing.PostgresExtension;
import io.pgcopy.testing.TestDatabase;
import java.sql.Connection;
import java.util.function.Supplier;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A task whose writer fails while it starts — after its COPY was opened, before Spark holds the
 * writer and could abort or close it — fails the job at once with that error and leaves nothing:
 * no pgcopy session, staging table or prepared transaction. Before, the COPY's session leaked
 * holding the stage's lock and the job abort's drop of the stage waited for it for ever. Spark
 * runs without task retries, so the failure fails the job.
 */
@ExtendWith(PostgresExtension.class)
class TaskStartFailureTest {
    private static final long ROWS = 2_000;
    private static final long PROMPTLY_SECONDS = 60;
    private static final String INJECTED = "injected writer start failure";
    private static SparkSession spark;
    private static FaultDb db;

    @BeforeAll
    static void start(TestDatabase database) throws Exception {
        db = new FaultDb(database.url());
        spark = Faults.spark("pgcopy-task-start-failure", 1);
        db.execute("CREATE TABLE target (id bigint, name text)");
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    @BeforeEach
    void tenRowsBefore() throws Exception {
        db.execute("TRUNCATE target", "INSERT INTO target SELECT g, 'before ' || g FROM generate_series(1, 10) g");
    }

    /** A case that failed must not leave its hung session or stage to the next one. */
    @AfterEach
    void disarmAndClear() throws Exception {
        WriterStartFailures.failNext(0, null);
        db.queryString("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = 'pgcopy'"
                + " AND datname = current_database()");
        try (Connection c = db.connect()) {
            Leftovers.remove(c, Leftovers.find(c), "10s");
        }
    }

    @ParameterizedTest(name = "commit={0}, {1}")
    @CsvSource({"job, Append", "job, Overwrite", "task, Append", "task, Overwrite", "prepared, Append",
        "prepared, Overwrite"})
    void aWriterFailingToStartFailsTheJobPromptlyAndLeavesNothing(String commit, SaveMode mode) throws Exception {
        failsPromptlyLeavingNothing(commit, mode, () -> new IllegalStateException(INJECTED));
    }

    /** Not only Exceptions: an Error (as a NoClassDefFoundError or an assertion would be) is handled the same. */
    @ParameterizedTest(name = "commit={0}")
    @ValueSource(strings = {"job", "task", "prepared"})
    void anErrorWhileStartingIsHandledTheSame(String commit) throws Exception {
        failsPromptlyLeavingNothing(commit, SaveMode.Append, () -> new Error(INJECTED));
    }

    /** The compatibility suite's case: Spark creates the writer outside its own abort handling on every line. */
    @Tag("compat")
    @Test
    void aStagedWriteFailingToStartLeavesNothing() throws Exception {
        failsPromptlyLeavingNothing("job", SaveMode.Append, () -> new IllegalStateException(INJECTED));
    }

    private void failsPromptlyLeavingNothing(String commit, SaveMode mode, Supplier<? extends Throwable> failure)
            throws Exception {
        WriterStartFailures.failNext(1, failure);
        var job = Faults.background(() -> {
            Faults.write(Faults.rows(spark, ROWS), db.url(), "target", mode, "commit", commit);
            return null;
        });
        Exception e = assertThrows(Exception.class, () -> Faults.await(job, PROMPTLY_SECONDS,
                "a write (commit=" + commit + ", " + mode + ") whose task failed to start"));
        assertTrue(Faults.messages(e).contains(INJECTED), Faults.messages(e));
        db.awaitNothingLeft("commit=" + commit + ", " + mode);
        if (!commit.equals("task") && !(commit.equals("prepared") && mode == SaveMode.Overwrite)) {
            // job: nothing moved, nothing truncated; prepared: nothing committed (its overwrite truncates before the tasks)
            assertEquals("10", db.queryString("SELECT count(*) FROM target WHERE name LIKE 'before %'"), commit);
            assertEquals("0", db.queryString("SELECT count(*) FROM target WHERE name LIKE 'name %'"), commit);
        }
    }
}
