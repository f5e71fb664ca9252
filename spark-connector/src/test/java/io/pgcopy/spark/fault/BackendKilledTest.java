package io.pgcopy.spark.fault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgcopy.testing.PostgresExtension;
import io.pgcopy.testing.TestDatabase;
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
    private static MidCopy midCopy;

    @BeforeAll
    static void start(TestDatabase database) throws Exception {
        db = new FaultDb(database.url());
        spark = Faults.spark("pgcopy-backend-killed", 3);
        midCopy = new MidCopy(spark, db);
        db.createRows("source", ROWS * 5);
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    @ParameterizedTest
    @CsvSource({"pg_terminate_backend, prepared", "pg_cancel_backend, job", "pg_cancel_backend, task",
        "pg_cancel_backend, prepared"})
    void aWriteHitMidCopyIsRetriedToExactlyItsRows(String signal, String commit) throws Exception {
        midCopy.assertWriteIsRetriedToItsRows("w_" + signal.substring(3, 9) + "_" + commit, ROWS, commit,
                signalling(signal));
    }

    @ParameterizedTest
    @CsvSource({"pg_terminate_backend, none", "pg_terminate_backend, consistent", "pg_cancel_backend, none"})
    void aReadHitMidCopyIsRetriedToTheExactResult(String signal, String snapshot) throws Exception {
        var read = midCopy.readSource(signalling(signal), "snapshot", snapshot);
        assertEquals(Faults.exactly(ROWS * 5), Faults.await(read, 60, "the read"), signal + ", " + snapshot);
        db.awaitNothingLeft("read");
    }

    /** pg_terminate_backend or pg_cancel_backend of the backends running the COPY. */
    private static MidCopy.Fault signalling(String signal) {
        return copying -> assertTrue(db.signal(signal, copying) >= 1, "signalled " + copying);
    }
}
