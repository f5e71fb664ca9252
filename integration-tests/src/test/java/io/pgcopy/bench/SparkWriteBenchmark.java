package io.pgcopy.bench;

import io.pgcopy.it.Lineitem;
import io.pgcopy.testing.TestDatabase;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.postgresql.PGConnection;

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
            SparkSession spark = SparkSession.builder().master("local[2]").appName("pgcopy-write-bench")
                    .config("spark.ui.enabled", "false").config("spark.sql.session.timeZone", "UTC").getOrCreate();
            Dataset<Row> df = spark.range(0, rows, 1, 2).selectExpr(
                    "id DIV 4 AS l_orderkey", "id * 7 % 200000 AS l_partkey", "id * 13 % 10000 AS l_suppkey",
                    "CAST(id % 4 + 1 AS INT) AS l_linenumber", "CAST(id % 50 + 1 AS DECIMAL(15,2)) AS l_quantity",
                    "CAST(id % 100000 / 100 + 900 AS DECIMAL(15,2)) AS l_extendedprice",
                    "CAST(id % 11 / 100 AS DECIMAL(15,2)) AS l_discount",
                    "CAST(id % 9 / 100 AS DECIMAL(15,2)) AS l_tax",
                    "substr('RAN', CAST(id % 3 AS INT) + 1, 1) AS l_returnflag",
                    "IF(id % 2 = 0, 'O', 'F') AS l_linestatus",
                    "date_add(DATE '1992-01-01', CAST(id % 2500 AS INT)) AS l_shipdate",
                    "date_add(DATE '1992-01-31', CAST(id % 2500 AS INT)) AS l_commitdate",
                    "date_add(DATE '1992-01-15', CAST(id % 2500 AS INT)) AS l_receiptdate",
                    "element_at(array('DELIVER IN PERSON', 'COLLECT COD', 'NONE', 'TAKE BACK RETURN'),"
                            + " CAST(id % 4 AS INT) + 1) AS l_shipinstruct",
                    "element_at(array('REG AIR', 'AIR', 'RAIL', 'SHIP', 'TRUCK', 'MAIL', 'FOB'),"
                            + " CAST(id % 7 AS INT) + 1) AS l_shipmode",
                    "concat('carefully final deposits ', id % 977, ' sleep') AS l_comment").cache();
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
                    record(rates, "pgcopy commit=" + commit, rows, start);
                }
                db.execute("TRUNCATE lineitem");
                long start = System.nanoTime();
                df.write().format("jdbc").option("url", url).option("dbtable", "lineitem")
                        .option("batchsize", "10000").mode(SaveMode.Append).save();
                record(rates, "Spark JDBC", rows, start);
                check(db, rows);

                byte[][] encoded = encodedHalves(db);
                db.execute("TRUNCATE lineitem");
                start = System.nanoTime();
                copyInParallel(db, encoded);
                record(rates, "raw copyIn (ceiling)", rows, start);
                check(db, rows);
            }
            print(rows, runs, rates);
            spark.stop();
        }
    }

    private static void record(Map<String, List<Double>> rates, String method, long rows, long start) {
        double seconds = (System.nanoTime() - start) / 1e9;
        rates.computeIfAbsent(method, k -> new ArrayList<>()).add(rows / seconds);
        System.out.printf("  %-24s %8.2f s%n", method, seconds);
    }

    private static void check(TestDatabase db, long rows) throws Exception {
        long n = db.queryLong("SELECT count(*) FROM lineitem");
        if (n != rows) throw new IllegalStateException("expected " + rows + " rows, found " + n);
    }

    /** The table's rows as PostgreSQL's own binary COPY, in two halves: the ceiling's input. */
    private static byte[][] encodedHalves(TestDatabase db) throws Exception {
        byte[][] halves = new byte[2][];
        try (Connection c = db.connect()) {
            for (int h = 0; h < 2; h++) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                c.unwrap(PGConnection.class).getCopyAPI().copyOut("COPY (SELECT * FROM lineitem WHERE l_linenumber % 2 = "
                        + h + ") TO STDOUT (FORMAT binary)", out);
                halves[h] = out.toByteArray();
            }
        }
        return halves;
    }

    private static void copyInParallel(TestDatabase db, byte[][] encoded) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(encoded.length);
        try {
            List<Future<Long>> done = new ArrayList<>();
            for (byte[] data : encoded) {
                done.add(pool.submit(() -> {
                    try (Connection c = db.connect()) {
                        return c.unwrap(PGConnection.class).getCopyAPI().copyIn(
                                "COPY lineitem FROM STDIN (FORMAT binary)", new ByteArrayInputStream(data), 4 << 20);
                    }
                }));
            }
            for (Future<Long> f : done) f.get();
        } finally {
            pool.shutdown();
        }
    }

    private static double median(List<Double> values) {
        double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    private static void print(long rows, int runs, Map<String, List<Double>> rates) {
        double jdbc = median(rates.get("Spark JDBC"));
        double ceiling = median(rates.get("raw copyIn (ceiling)"));
        System.out.printf("%nwrite %,d lineitem rows, 2 partitions, local[2], median of %d runs%n", rows, runs);
        System.out.printf("  %-24s %12s %10s %12s%n", "method", "rows/s", "vs JDBC", "vs ceiling");
        for (Map.Entry<String, List<Double>> e : rates.entrySet()) {
            double r = median(e.getValue());
            System.out.printf("  %-24s %,12.0f %9.2fx %11.0f%%%n", e.getKey(), r, r / jdbc, 100 * r / ceiling);
        }
        System.out.println("  all runs (rows/s): " + rates.entrySet().stream()
                .map(e -> e.getKey() + "=" + Arrays.toString(e.getValue().stream().mapToLong(Double::longValue).toArray()))
                .toList());
    }
}
