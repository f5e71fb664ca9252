package io.pgcopy.bench;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;

import io.pgcopy.cli.LineitemFrame;
import io.pgcopy.it.Lineitem;
import io.pgcopy.testing.BenchReport;
import io.pgcopy.testing.TestDatabase;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/**
 * Aggregates over one lineitem-like table, answered by PostgreSQL (pushdown, one split) and by
 * Spark over everything pgcopy reads (pushDownAggregate=false, 2 partitions): a {@code count(*)}
 * and TPC-H Q1's {@code GROUP BY l_returnflag, l_linestatus}. Checks that both give the same rows,
 * prints the median time of each and the speed-up.
 *
 * <p>Run with {@code scripts/bench SparkPushdownBenchmark [rows] [runs]}.
 */
public final class SparkPushdownBenchmark {
    private SparkPushdownBenchmark() {}

    public static void main(String[] args) throws Exception {
        long rows = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000L;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        try (TestDatabase db = TestDatabase.create("bench")) {
            SparkSession spark = SparkSession.builder().master("local[2]").appName("pgcopy-pushdown-bench")
                    .config("spark.ui.enabled", "false").config("spark.sql.session.timeZone", "UTC").getOrCreate();
            db.execute("CREATE TABLE lineitem " + Lineitem.DDL_COLUMNS);
            LineitemFrame.generate(spark, rows, 2).write().format("pgcopy").option("url", db.url())
                    .option("dbtable", "lineitem").option("commit", "task").mode(SaveMode.Append).save();
            db.execute("VACUUM ANALYZE lineitem");
            Dataset<Row> pushed = spark.read().format("pgcopy").option("url", db.url()).option("dbtable", "lineitem")
                    .load();
            Dataset<Row> notPushed = spark.read().format("pgcopy").option("url", db.url())
                    .option("dbtable", "lineitem").option("numPartitions", "2").option("pushDownAggregate", "false")
                    .load();
            Map<String, Function<Dataset<Row>, Dataset<Row>>> queries = new LinkedHashMap<>();
            queries.put("count(*)", df -> df.groupBy().agg(count(lit(1))));
            queries.put("GROUP BY l_returnflag, l_linestatus", df -> df.groupBy("l_returnflag", "l_linestatus")
                    .agg(sum("l_quantity"), sum("l_extendedprice"), avg("l_discount"), count(lit(1))));

            System.out.printf("%naggregates over %,d lineitem rows, local[2], median of %d runs%n", rows, runs);
            System.out.printf("  %-38s %14s %14s %9s%n", "query", "pushed (ms)", "in Spark (ms)", "speed-up");
            for (Map.Entry<String, Function<Dataset<Row>, Dataset<Row>>> q : queries.entrySet()) {
                Dataset<Row> withPushdown = q.getValue().apply(pushed);
                Dataset<Row> withoutPushdown = q.getValue().apply(notPushed);
                if (!withPushdown.queryExecution().executedPlan().toString().contains("pushed: aggregates")) {
                    throw new IllegalStateException(q.getKey() + " was not pushed down");
                }
                List<Double> pushedMs = new ArrayList<>();
                List<Double> sparkMs = new ArrayList<>();
                for (int run = -1; run < runs; run++) { // run -1 warms up
                    List<String> a = time(withPushdown, pushedMs);
                    List<String> b = time(withoutPushdown, sparkMs);
                    if (!a.equals(b)) throw new IllegalStateException(q.getKey() + ": " + a + " <> " + b);
                }
                pushedMs.remove(0);
                sparkMs.remove(0);
                double p = BenchReport.median(pushedMs);
                double s = BenchReport.median(sparkMs);
                System.out.printf("  %-38s %,14.0f %,14.0f %8.1fx%n", q.getKey(), p, s, s / p);
            }
            spark.stop();
        }
    }

    /** Runs the query, adds its wall time in ms, returns its rows sorted. */
    private static List<String> time(Dataset<Row> query, List<Double> millis) {
        long start = System.nanoTime();
        List<String> rows = new ArrayList<>(query.collectAsList().stream().map(Row::toString).toList());
        millis.add((System.nanoTime() - start) / 1e6);
        rows.sort(null);
        return rows;
    }
}
