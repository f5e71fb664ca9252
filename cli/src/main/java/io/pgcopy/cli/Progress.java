package io.pgcopy.cli;

import java.io.PrintStream;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.scheduler.AccumulableInfo;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerExecutorMetricsUpdate;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import scala.Tuple4;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Live progress of the step running, on a terminal: rows and megabytes pgcopy has moved so far
 * (its Spark UI metrics, which tasks report with every executor heartbeat) and the rate. Off the
 * terminal it prints nothing; the step results are printed either way.
 */
final class Progress extends SparkListener implements AutoCloseable {
    private static final String[] ROWS = {"rows written by COPY", "rows read by COPY"};
    private static final String[] BYTES = {"bytes of binary COPY data sent", "bytes of binary COPY data received"};

    private final PrintStream out;
    private final boolean live;
    private final Map<Long, long[]> byTask = new ConcurrentHashMap<>();
    private volatile String step;
    private volatile long stepStart;
    private final Thread printer;

    Progress(PrintStream out, boolean live) {
        this.out = out;
        this.live = live;
        this.printer = new Thread(this::printLoop, "pgcopy-demo-progress");
        printer.setDaemon(true);
        if (live) printer.start();
    }

    void start(String name) {
        byTask.clear();
        stepStart = System.nanoTime();
        step = name;
    }

    void stop() {
        step = null;
        if (live) out.print("\r\033[K");
    }

    private void printLoop() {
        while (!Thread.currentThread().isInterrupted()) {
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                return;
            }
            String s = step;
            if (s == null) continue;
            double seconds = (System.nanoTime() - stepStart) / 1e9;
            long rows = 0;
            long bytes = 0;
            for (long[] v : byTask.values()) {
                rows += v[0];
                bytes += v[1];
            }
            String moved = rows == 0 ? "" : String.format(", %,d rows, %.1f MB, %,.0f rows/s", rows, bytes / 1e6,
                    rows / seconds);
            out.printf("\r\033[K  %s: %.1f s%s", s, seconds, moved);
            out.flush();
        }
    }

    @Override
    public void onExecutorMetricsUpdate(SparkListenerExecutorMetricsUpdate update) {
        for (Tuple4<Object, Object, Object, scala.collection.immutable.Seq<AccumulableInfo>> t
                : CollectionConverters.asJava(update.accumUpdates())) {
            record((Long) t._1(), t._4());
        }
    }

    @Override
    public void onTaskEnd(SparkListenerTaskEnd end) {
        if (end.taskInfo() != null) record(end.taskInfo().taskId(), end.taskInfo().accumulables());
    }

    private void record(long taskId, scala.collection.Seq<AccumulableInfo> infos) {
        for (AccumulableInfo info : CollectionConverters.asJava(infos)) {
            if (info.name().isEmpty() || info.update().isEmpty()) continue;
            int slot = slot(info.name().get());
            if (slot < 0 || !(info.update().get() instanceof Long value)) continue;
            byTask.computeIfAbsent(taskId, k -> new long[2])[slot] = value;
        }
    }

    private static int slot(String name) {
        for (String n : ROWS) if (n.equals(name)) return 0;
        for (String n : BYTES) if (n.equals(name)) return 1;
        return -1;
    }

    @Override
    public void close() {
        printer.interrupt();
    }
}
