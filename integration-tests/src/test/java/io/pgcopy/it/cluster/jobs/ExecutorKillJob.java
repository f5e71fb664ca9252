package io.pgcopy.it.cluster.jobs;

import org.apache.spark.sql.SparkSession;

/**
 * Writes n rows in each commit mode in turn (table executor_kill_<mode>), two slow partitions each, one per executor,
 * while the test kills an executor in the middle of its COPY.
 */
public final class ExecutorKillJob {
    private ExecutorKillJob() {}

    public static void main(String[] args) {
        long n = Long.parseLong(args[0]);
        long millisPerRow = Long.parseLong(args[1]);
        SparkSession spark = SparkSession.builder().getOrCreate();
        for (String commit : new String[] {"task", "job", "prepared"}) {
            System.out.println("WRITING " + commit);
            PacedRows.append(PacedRows.of(spark, n, 2, 0, millisPerRow), "executor_kill_" + commit, commit);
            System.out.println("WROTE " + commit);
        }
        spark.stop();
    }
}
