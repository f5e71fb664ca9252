package io.pgcopy.bench;

import io.pgcopy.cli.LineitemFrame;
import io.pgcopy.it.Lineitem;
import io.pgcopy.testing.BenchMode;
import io.pgcopy.testing.BenchReport;
import io.pgcopy.testing.CopyCeiling;
import io.pgcopy.testing.TestDatabase;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/**
 * Spark writes side by side, in one run on one cached lineitem-like DataFrame (2 partitions,
 * local[2]): pgcopy commit=task, job and prepared, Spark JDBC (batchsize=10000,
 * reWriteBatchedInserts=true), and the ceiling — a raw pgjdbc copyIn of pre-encoded binary COPY
 * bytes on 2 connections. Prints the median rows/s of each and the ratios.
 *
 * <p>Run with {@code scripts/bench-write [rows] [runs]}.
 */
public final class SparkWriteBenchmark {
    private SparkWriteBenchmark() {}

    public static void main(String[] args) throws Exception {
        long rows = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000L;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        try (TestDatabase db = TestDatabase.create("bench")) {
            BenchMode.apply(db);
            SparkSession spark = SparkSession.builder().master("local[2]").appName("pgcopy-write-bench")
                    .config("spark.ui.enabled", "false").config("spark.sql.session.timeZone", "UTC").getOrCreate();
            Dataset<Row> df = LineitemFrame.generate(spark, rows, 2).cache();
            df.count();
            db.execute("CREATE TABLE lineitem " + Lineitem.DDL_COLUMNS);
            String url = db.url() + (db.url().contains("?") ? "&" : "?") + "reWriteBatchedInserts=true";

            Map<String, List<Double>> rates = new LinkedHashMap<>();
            for (int run = 0; run < runs; run++) {
                for (String commit : List.of("task", "job", "prepared")) {
                    db.execute("TRUNCATE lineitem");
                    long start = System.nanoTime();
                    df.write().format("pgcopy").option("url", db.url()).option("dbtable", "lineitem")
                            .option("commit", commit).mode(SaveMode.Append).save();
                    BenchReport.record(rates, "pgcopy commit=" + commit, rows, start);
                    if (commit.equals("job")) timeJobMove(db, rows, rates);
                }
                db.execute("TRUNCATE lineitem");
                long start = System.nanoTime();
                df.write().format("jdbc").option("url", url).option("dbtable", "lineitem")
                        .option("batchsize", "10000").mode(SaveMode.Append).save();
                BenchReport.record(rates, "Spark JDBC", rows, start);
                check(db, rows);

                CopyCeiling ceiling = CopyCeiling.capture(db, "lineitem", "l_linenumber % 2 = 0", "l_linenumber % 2 = 1");
                db.execute("TRUNCATE lineitem");
                start = System.nanoTime();
                ceiling.load(db);
                BenchReport.record(rates, "raw copyIn (ceiling)", rows, start);
                check(db, rows);
            }
            BenchReport.print("write", rows, "2 partitions, local[2]", runs, rates, "Spark JDBC", "raw copyIn (ceiling)");
            spark.stop();
        }
    }

    /**
     * commit=job's move alone: the statement its job commit runs (INSERT ... SELECT of the UNION ALL
     * of the tasks' UNLOGGED stages), on the rows just written, split into 2 stages as the 2 tasks.
     */
    private static void timeJobMove(TestDatabase db, long rows, Map<String, List<Double>> rates) throws Exception {
        db.execute("CREATE UNLOGGED TABLE stage0 AS SELECT * FROM lineitem WHERE l_linenumber % 2 = 0",
                "CREATE UNLOGGED TABLE stage1 AS SELECT * FROM lineitem WHERE l_linenumber % 2 = 1",
                "TRUNCATE lineitem");
        long start = System.nanoTime();
        db.execute("INSERT INTO lineitem SELECT * FROM stage0 UNION ALL SELECT * FROM stage1");
        BenchReport.record(rates, "  of which the job move", rows, start);
        db.execute("DROP TABLE stage0", "DROP TABLE stage1");
        check(db, rows);
    }

    private static void check(TestDatabase db, long rows) throws Exception {
        long n = db.queryLong("SELECT count(*) FROM lineitem");
        if (n != rows) throw new IllegalStateException("expected " + rows + " rows, found " + n);
    }
}
