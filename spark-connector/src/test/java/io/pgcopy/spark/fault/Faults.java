package io.pgcopy.spark.fault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgcopy.testing.Poll;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/** Spark sides of the fault tests: the session, the rows written and read, jobs run in the background. */
final class Faults {
    /** Small COPY chunks, so rows before a paused one have reached the server. */
    static final String BUFFER_BYTES = "16384";

    private Faults() {}

    /** local[2, maxFailures]: a failed task is retried up to maxFailures - 1 times. */
    static SparkSession spark(String app, int maxFailures) {
        SparkSession spark = SparkSession.builder().master("local[2," + maxFailures + "]").appName(app)
                .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "2")
                .config("spark.sql.session.timeZone", "UTC").getOrCreate();
        Pause.register(spark);
        return spark;
    }

    /** Rows 0..n-1 in two partitions, {@code name} = 'name ' || id; row {@code pausedId} can be held (see Pause). */
    static Dataset<Row> rows(SparkSession spark, long n) {
        return spark.range(0, n, 1, 2).selectExpr("pauseAt(id) AS id", "concat('name ', id) AS name");
    }

    static void write(Dataset<Row> df, String url, String table, SaveMode mode, String... options) {
        var w = df.write().format("pgcopy").option("url", url).option("dbtable", table).option("bufferBytes",
                BUFFER_BYTES).mode(mode);
        for (int k = 0; k < options.length; k += 2) w = w.option(options[k], options[k + 1]);
        w.save();
    }

    static Dataset<Row> read(SparkSession spark, String url, String table, String... options) {
        var r = spark.read().format("pgcopy").option("url", url).option("dbtable", table).option("numPartitions", "2");
        for (int k = 0; k < options.length; k += 2) r = r.option(options[k], options[k + 1]);
        return r.load();
    }

    /** What {@link FaultDb#contents} says of a table holding exactly rows 0..n-1. */
    static String exactly(long n) {
        return n + "/" + n + "/" + (n * (n - 1) / 2) + "/0";
    }

    /** The same four numbers computed by Spark over what it read (each row through pauseAt). */
    static String contents(Dataset<Row> read) {
        Row r = read.selectExpr("pauseAt(id) AS id", "name").selectExpr("count(*)", "count(DISTINCT id)",
                "coalesce(sum(DISTINCT id), 0)", "count_if(name IS DISTINCT FROM concat('name ', id))").first();
        return r.get(0) + "/" + r.get(1) + "/" + r.get(2) + "/" + r.get(3);
    }

    /** For commit=task (at-least-once): every row there, none of them wrong; duplicates allowed. */
    static void assertNoLoss(String contents, long n, String label) {
        String[] parts = contents.split("/");
        assertTrue(Long.parseLong(parts[0]) >= n, label + ": " + contents);
        assertEquals(n + "/" + (n * (n - 1) / 2) + "/0", parts[1] + "/" + parts[2] + "/" + parts[3], label);
    }

    /** Waits until {@code n} tasks of the running stage have finished (the others are paused or running). */
    static void awaitFinishedTasks(SparkSession spark, int n) throws Exception {
        var tracker = spark.sparkContext().statusTracker();
        Poll.until(n + " finished task(s)", Duration.ofSeconds(30), () -> {
            for (int id : tracker.getActiveStageIds()) {
                var info = tracker.getStageInfo(id);
                if (info.isDefined() && info.get().numCompletedTasks() >= n) return true;
            }
            return false;
        });
    }

    static <T> CompletableFuture<T> background(java.util.concurrent.Callable<T> job) {
        CompletableFuture<T> f = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                f.complete(job.call());
            } catch (Throwable e) {
                f.completeExceptionally(e);
            }
        }, "fault-test-job");
        t.setDaemon(true);
        t.start();
        return f;
    }

    /** The job's outcome within the time, or an AssertionError naming a hang. */
    static <T> T await(CompletableFuture<T> job, long seconds, String what) throws Exception {
        try {
            return job.get(seconds, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError(what + " hangs: no outcome after " + seconds + " s");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception x) throw x;
            throw e;
        }
    }

    static String messages(Throwable e) {
        StringBuilder sb = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) sb.append(t).append('\n');
        return sb.toString();
    }
}
