package io.pgcopy.spark;

import java.util.concurrent.atomic.AtomicReference;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.execution.QueryExecution;
import org.apache.spark.sql.execution.SparkPlan;
import org.apache.spark.sql.util.QueryExecutionListener;

/** Test helper: the executed plan (with its metrics) of the query an action runs. */
public final class SparkPlans {
    private SparkPlans() {}

    /**
     * The first node of {@code plan} (depth first) that has the metric, found without Scala collections,
     * whose types differ between Scala 2.12 and 2.13.
     */
    public static SparkPlan nodeWithMetric(SparkPlan plan, String metric) {
        AtomicReference<SparkPlan> found = new AtomicReference<>();
        plan.foreach(node -> {
            if (found.get() == null && node.metrics().contains(metric)) found.set(node);
            return scala.runtime.BoxedUnit.UNIT;
        });
        if (found.get() == null) throw new AssertionError("no node with metric " + metric + " in\n" + plan);
        return found.get();
    }

    /** The executed plan of the last query {@code action} runs. */
    public static SparkPlan executed(SparkSession spark, Runnable action) throws InterruptedException {
        AtomicReference<SparkPlan> executed = new AtomicReference<>();
        QueryExecutionListener listener = new QueryExecutionListener() {
            @Override
            public void onSuccess(String funcName, QueryExecution qe, long durationNs) {
                executed.set(qe.executedPlan());
            }

            @Override
            public void onFailure(String funcName, QueryExecution qe, Exception e) {}
        };
        spark.listenerManager().register(listener);
        try {
            action.run();
            long deadline = System.currentTimeMillis() + 10_000;
            while (executed.get() == null && System.currentTimeMillis() < deadline) Thread.sleep(20);
        } finally {
            spark.listenerManager().unregister(listener);
        }
        return executed.get();
    }
}
