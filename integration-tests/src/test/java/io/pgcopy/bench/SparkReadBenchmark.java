package io.pgcopy.bench;

import io.pgcopy.arrow.ArrowScan;
import io.pgcopy.arrow.PgArrowReader;
import io.pgcopy.arrow.ReadOptions;
import io.pgcopy.cli.LineitemFrame;
import io.pgcopy.it.Lineitem;
import io.pgcopy.sql.TableName;
import io.pgcopy.testing.CtidSplitReads;
import io.pgcopy.testing.BenchMode;
import io.pgcopy.testing.BenchReport;
import io.pgcopy.testing.TestDatabase;
import java.sql.Connection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/**
 * Spark reads side by side, in one run on one lineitem-like table: pgcopy (2 partitions, ctid
 * ranges) and Spark JDBC (2 partitions on l_orderkey, fetchsize=10000), each into Spark's
 * {@code noop} sink, and the ceiling — a raw pgjdbc copyOut of the same two ctid ranges into a
 * null sink on 2 connections. Prints the median rows/s of each and the ratios.
 *
 * <p>Run with {@code scripts/bench-read [rows] [runs]}.
 */
public final class SparkReadBenchmark {
    private SparkReadBenchmark() {}

    public static void main(String[] args) throws Exception {
        long rows = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000L;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        try (TestDatabase db = TestDatabase.create("bench")) {
            BenchMode.apply(db);
            SparkSession spark = SparkSession.builder().master("local[2]").appName("pgcopy-read-bench")
                    .config("spark.ui.enabled", "false").config("spark.sql.session.timeZone", "UTC").getOrCreate();
            db.execute("CREATE TABLE lineitem " + Lineitem.DDL_COLUMNS);
            LineitemFrame.generate(spark, rows, 2).write().format("pgcopy").option("url", db.url())
                    .option("dbtable", "lineitem").option("commit", "task").mode(SaveMode.Append).save();
            db.execute("VACUUM ANALYZE lineitem");
            long read = spark.read().format("pgcopy").option("url", db.url()).option("dbtable", "lineitem")
                    .option("numPartitions", "2").load().count();
            if (read != rows) throw new IllegalStateException("pgcopy read " + read + " rows, expected " + rows);

            Map<String, List<Double>> rates = new LinkedHashMap<>();
            for (int run = -1; run < runs; run++) { // run -1 warms up the JIT for every method
                long start = System.nanoTime();
                spark.read().format("pgcopy").option("url", db.url()).option("dbtable", "lineitem")
                        .option("numPartitions", "2").load().write().format("noop").mode(SaveMode.Overwrite).save();
                BenchReport.record(rates, "pgcopy", rows, start);

                start = System.nanoTime();
                spark.read().format("jdbc").option("url", db.url()).option("dbtable", "lineitem")
                        .option("partitionColumn", "l_orderkey").option("lowerBound", "0")
                        .option("upperBound", Long.toString(rows / 4)).option("numPartitions", "2")
                        .option("fetchsize", "10000").load().write().format("noop").mode(SaveMode.Overwrite).save();
                BenchReport.record(rates, "Spark JDBC", rows, start);

                start = System.nanoTime();
                arrowInParallel(db);
                BenchReport.record(rates, "pgcopy Arrow, no Spark", rows, start);

                start = System.nanoTime();
                CtidSplitReads.copyOutCeiling(db, "lineitem");
                BenchReport.record(rates, "raw copyOut (ceiling)", rows, start);
            }
            rates.values().forEach(r -> r.remove(0));
            BenchReport.print("read", rows, "2 partitions, local[2]", runs, rates, "Spark JDBC", "raw copyOut (ceiling)");
            spark.stop();
        }
    }

    /** The two ctid splits read straight into Arrow batches by pgcopy's engine-neutral reader. */
    private static void arrowInParallel(TestDatabase db) throws Exception {
        ArrowScan scan;
        try (Connection c = db.connect()) {
            scan = ArrowScan.table(c, TableName.parse("lineitem"), ReadOptions.DEFAULT);
        }
        try (BufferAllocator allocator = new RootAllocator()) {
            CtidSplitReads.inParallel(db, "lineitem", (c, split) -> {
                long n = 0;
                try (BufferAllocator a = allocator.newChildAllocator("split", 0, Long.MAX_VALUE);
                        PgArrowReader r = scan.open(c, scan.copySql(split, null, null), 8192, a)) {
                    while (r.loadNextBatch()) n += r.root().getRowCount();
                }
                return n;
            });
        }
    }
}
