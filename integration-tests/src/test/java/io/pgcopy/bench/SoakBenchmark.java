package io.pgcopy.bench;

import io.pgcopy.cli.LineitemFrame;
import io.pgcopy.it.Lineitem;
import io.pgcopy.testing.BenchReport;
import io.pgcopy.testing.HeapSampler;
import io.pgcopy.testing.TestDatabase;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/**
 * A long write and read (default 20 M lineitem rows, local[2]): does throughput hold up over the
 * run, and does the heap stay flat? The write runs in many equal tasks and the read in many ctid
 * splits, so each finished task is one throughput sample in time order; the heap is sampled every
 * second as the live heap after the last collection.
 *
 * <p>Run with {@code scripts/bench SoakBenchmark [rows] [partitions]}.
 */
public final class SoakBenchmark {
    private SoakBenchmark() {}

    public static void main(String[] args) throws Exception {
        long rows = args.length > 0 ? Long.parseLong(args[0]) : 20_000_000L;
        int partitions = args.length > 1 ? Integer.parseInt(args[1]) : 40;
        try (TestDatabase db = TestDatabase.create("soak")) {
            SparkSession spark = SparkSession.builder().master("local[2]").appName("pgcopy-soak")
                    .config("spark.ui.enabled", "false").config("spark.sql.session.timeZone", "UTC").getOrCreate();
            TaskRates tasks = new TaskRates();
            spark.sparkContext().addSparkListener(tasks);
            HeapSampler heap = HeapSampler.afterLastCollection(1000);
            db.execute("CREATE TABLE lineitem " + Lineitem.DDL_COLUMNS);

            long start = System.nanoTime();
            LineitemFrame.generate(spark, rows, partitions).write().format("pgcopy").option("url", db.url())
                    .option("dbtable", "lineitem").option("commit", "task").mode(SaveMode.Append).save();
            report("write (commit=task, " + partitions + " tasks)", rows, start, tasks.takeRates(), heap.take());
            long n = db.queryLong("SELECT count(*) FROM lineitem");
            if (n != rows) throw new IllegalStateException("expected " + rows + " rows, found " + n);

            start = System.nanoTime();
            spark.read().format("pgcopy").option("url", db.url()).option("dbtable", "lineitem").load()
                    .write().format("noop").mode(SaveMode.Overwrite).save();
            report("read (ctid splits, all columns)", rows, start, tasks.takeRates(), heap.take());
            heap.close();
            spark.stop();
        }
    }

    private static void report(String what, long rows, long startNanos, List<Double> taskRates, List<Long> heap) {
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        System.out.printf("%n%s: %,d rows in %.1f s = %,.0f rows/s%n", what, rows, seconds, rows / seconds);
        int q = Math.max(1, taskRates.size() / 4);
        System.out.printf("  per-task rows/s, median of each quarter of the %d tasks in finishing order: %s%n",
                taskRates.size(), quarters(taskRates, q, "%,.0f"));
        System.out.printf("  live heap after GC (MiB), at each quarter of the run: %s (max %d)%n",
                quarters(heap.stream().map(b -> (double) (b >> 20)).toList(), Math.max(1, heap.size() / 4), "%.0f"),
                heap.stream().mapToLong(Long::longValue).max().orElse(0) >> 20);
    }

    private static String quarters(List<Double> values, int size, String format) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i + size <= values.size() && out.size() < 4; i += size) {
            out.add(String.format(format, BenchReport.median(values.subList(i, i + size))));
        }
        return String.join(" | ", out);
    }

    /** Rows per second of each successful task, in the order the tasks finished. */
    private static final class TaskRates extends SparkListener {
        private final List<Double> rates = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void onTaskEnd(SparkListenerTaskEnd end) {
            if (!end.taskInfo().successful()) return;
            long taskRows = Math.max(end.taskMetrics().inputMetrics().recordsRead(),
                    end.taskMetrics().outputMetrics().recordsWritten());
            long ms = end.taskInfo().duration();
            if (taskRows > 0 && ms > 0) rates.add(taskRows * 1000.0 / ms);
        }

        synchronized List<Double> takeRates() {
            List<Double> copy = List.copyOf(rates);
            rates.clear();
            return copy;
        }
    }
}
