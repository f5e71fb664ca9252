package io.pgcopy.it.cluster.jobs;

import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.SparkSession;

/**
 * Writes n rows in each given commit mode in turn (table executor_kill_<mode>), two slow partitions each, one per
 * executor, while the test kills an executor in the middle of its COPY. Arguments: n, millis per row, the modes.
 */
public final class ExecutorKillJob {
    private ExecutorKillJob() {}

    public static void main(String[] args) {
        long n = Long.parseLong(args[0]);
        long millisPerRow = Long.parseLong(args[1]);
        List<String> modes = Arrays.asList(args).subList(2, args.length);
        SparkSession spark = SparkSession.builder().getOrCreate();
        for (String commit : modes) {
            System.out.println("WRITING " + commit);
            PacedRows.append(PacedRows.of(spark, n, 2, 0, millisPerRow), "executor_kill_" + commit, commit);
            System.out.println("WROTE " + commit);
        }
        spark.stop();
    }
}
