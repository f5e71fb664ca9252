package io.pgcopy.spark.fault;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/**
 * Spark jobs with a fault injected mid-COPY: one task is held at row {@value #PAUSED_ID} (see
 * {@link Pause}) until the test has done what it does to the server or the job, so the fault lands
 * while that task's COPY is running every time.
 */
final class MidCopy {
    private static final long PAUSED_ID = 1000;

    private final SparkSession spark;
    private final FaultDb db;

    MidCopy(SparkSession spark, FaultDb db) {
        this.spark = spark;
        this.db = db;
    }

    /** What the test does while the held task's COPY is running. */
    interface Fault {
        /** @param copying the backends running a pgcopy COPY of the job's kind at that moment */
        void inject(List<Integer> copying) throws Exception;
    }

    /**
     * Runs the job in the background, waits until a task is held and a COPY of this kind
     * ({@code COPY FROM} for a write, {@code COPY TO} for a read) has moved rows, injects the fault
     * and lets the task go on; returns the job, which may still be running.
     */
    <T> CompletableFuture<T> run(String command, Callable<T> job, Fault fault) throws Exception {
        Pause.arm(PAUSED_ID);
        CompletableFuture<T> running = Faults.background(job);
        try {
            Pause.awaitReached();
            fault.inject(db.awaitCopy(command));
        } finally {
            Pause.release();
        }
        return running;
    }

    /** Appends {@link Faults#rows} 0..rows-1 to the table, with the fault mid-COPY. */
    CompletableFuture<Void> write(String table, long rows, Fault fault, String... options) throws Exception {
        return run("COPY FROM", () -> {
            Faults.write(Faults.rows(spark, rows), db.url(), table, SaveMode.Append, options);
            return null;
        }, fault);
    }

    /** Reads the table {@code source}, with the fault mid-COPY; the job's result is {@link Faults#contents}. */
    CompletableFuture<String> readSource(Fault fault, String... options) throws Exception {
        return run("COPY TO", () -> Faults.contents(Faults.read(spark, db.url(), "source", options)), fault);
    }

    /**
     * Appends rows 0..rows-1 to a new table with the fault mid-COPY of one task, and checks what
     * Spark's retry of that task must give: exactly those rows (commit=task, at least once: each row
     * at least once, none wrong), and nothing of the failed attempt left.
     */
    void assertWriteIsRetriedToItsRows(String table, long rows, String commit, Fault fault, String... options)
            throws Exception {
        db.execute("CREATE TABLE " + table + " (id bigint, name text)");
        String[] all = new String[options.length + 2];
        all[0] = "commit";
        all[1] = commit;
        System.arraycopy(options, 0, all, 2, options.length);
        Faults.await(write(table, rows, fault, all), 60, "a write hit mid-COPY");
        String contents = db.contents(table);
        if (commit.equals("task")) {
            Faults.assertNoLoss(contents, rows, table);
        } else {
            assertEquals(Faults.exactly(rows), contents, table);
        }
        db.awaitNothingLeft(table);
    }
}
