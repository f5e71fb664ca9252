package io.pgcopy.it.cluster.jobs;

import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** The rows every cluster job writes: ids 0..n-1 named "row <id>", without a shuffle (a lost executor loses no input). */
final class PacedRows {
    private PacedRows() {}

    /**
     * In {@code partitions} partitions; those from {@code firstPaced} on sleep {@code millisPerRow} per row, so their
     * COPY runs long enough to kill something in the middle of it.
     */
    static Dataset<Row> of(SparkSession spark, long n, int partitions, int firstPaced, long millisPerRow) {
        MapFunction<Long, Long> pace = id -> {
            if (TaskContext.getPartitionId() >= firstPaced) Thread.sleep(millisPerRow);
            return id;
        };
        return spark.range(0, n, 1, partitions).map(pace, Encoders.LONG()).toDF("id")
                .selectExpr("id", "concat('row ', id) AS name");
    }

    static void append(Dataset<Row> rows, String table, String commit) {
        rows.write().format("pgcopy").option("url", System.getenv("PGCOPY_URL")).option("dbtable", table)
                .option("commit", commit).mode("append").save();
    }
}
