package io.pgcopy.spark.fault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgcopy.testing.PostgresExtension;
import io.pgcopy.testing.TestDatabase;
import java.util.List;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A COPY's backend terminated (pg_terminate_backend) or its statement cancelled
 * (pg_cancel_backend) while the COPY is half-way: Spark retries the task, and the table ends up
 * with exactly the input rows (commit=task: at least once each), a read with the exact result;
 * nothing of the failed attempt remains. (SparkWriteTest covers a kill racing commit=job and task.)
 */
@ExtendWith(PostgresExtension.class)
class BackendKilledTest {
    private static final long ROWS = 200_000;
    private static SparkSession spark;
    private static FaultDb db;

    @BeforeAll
    static void start(TestDatabase database) throws Exception {
        db = new FaultDb(database.url());
        spark = Faults.spark("pgcopy-backend-killed", 3);
        db.execute("CREATE TABLE source (id bigint, name text)",
                "INSERT INTO source SELECT g, 'name ' || g FROM generate_series(0, " + (ROWS * 5 - 1) + ") g");
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    @ParameterizedTest
    @CsvSource({"pg_terminate_backend, prepared", "pg_cancel_backend, job", "pg_cancel_backend, task",
        "pg_cancel_backend, prepared"})
    void aWriteHitMidCopyIsRetriedToExactlyItsRows(String signal, String commit) throws Exception {
        String table = "w_" + signal.substring(3, 9) + "_" + commit;
        db.execute("CREATE TABLE " + table + " (id bigint, name text)");
        Pause.arm(1000);
        var write = Faults.background(() -> {
            Faults.write(Faults.rows(spark, ROWS), db.url(), table, SaveMode.Append, "commit", commit);
            return null;
        });
        try {
            Pause.awaitReached();
            List<Integer> copying = db.awaitCopy("COPY FROM");
            assertTrue(db.signal(signal, copying) >= 1, "signalled " + copying);
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

    @ParameterizedTest
    @CsvSource({"pg_terminate_backend, none", "pg_terminate_backend, consistent", "pg_cancel_backend, none"})
    void aReadHitMidCopyIsRetriedToTheExactResult(String signal, String snapshot) throws Exception {
        Pause.arm(1000);
        var read = Faults.background(() -> Faults.contents(Faults.read(spark, db.url(), "source", "snapshot",
                snapshot)));
        try {
            Pause.awaitReached();
            List<Integer> copying = db.awaitCopy("COPY TO");
            assertTrue(db.signal(signal, copying) >= 1, "signalled " + copying);
        } finally {
            Pause.release();
        }
        assertEquals(Faults.exactly(ROWS * 5), Faults.await(read, 60, "the read"), signal + ", " + snapshot);
        db.awaitNothingLeft("read");
    }
}
