package io.pgcopy.it.cluster.jobs;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.SparkSession;

/**
 * Two writes at once, commit=job into driver_kill_job and commit=prepared into driver_kill_prepared, each with a fast
 * partition 0 (its task finishes: a stage, a prepared transaction) and a slow partition 1 — the test kills this
 * driver while the slow ones COPY.
 */
public final class DriverKillJob {
    private DriverKillJob() {}

    public static void main(String[] args) throws InterruptedException {
        long n = Long.parseLong(args[0]);
        long millisPerRow = Long.parseLong(args[1]);
        SparkSession spark = SparkSession.builder().getOrCreate();
        List<Thread> writes = new ArrayList<>();
        for (String commit : new String[] {"job", "prepared"}) {
            Thread write = new Thread(() -> PacedRows.append(PacedRows.of(spark, n, 2, 1, millisPerRow),
                    "driver_kill_" + commit, commit));
            write.start();
            writes.add(write);
        }
        for (Thread w : writes) w.join();
        spark.stop();
    }
}
