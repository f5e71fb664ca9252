package io.pgcopy.it.cluster.jobs;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** Writes n rows in each commit mode (table modes_<mode>), then reads modes_job back in split reads. */
public final class WriteModesJob {
    private WriteModesJob() {}

    public static void main(String[] args) {
        long n = Long.parseLong(args[0]);
        SparkSession spark = SparkSession.builder().getOrCreate();
        for (String commit : new String[] {"task", "job", "prepared"}) {
            PacedRows.append(PacedRows.of(spark, n, 4, 4, 0), "modes_" + commit, commit);
        }
        Dataset<Row> read = spark.read().format("pgcopy").option("url", System.getenv("PGCOPY_URL"))
                .option("dbtable", "modes_job").option("partitionColumn", "id").option("numPartitions", "4").load();
        Row r = read.selectExpr("count(*)", "sum(id)", "sum(crc32(name))").first();
        System.out.println("READ " + read.rdd().getNumPartitions() + " splits: " + r.get(0) + " " + r.get(1) + " " + r.get(2));
        spark.stop();
    }
}
