package io.pgcopy.spark;

import java.util.concurrent.atomic.AtomicReference;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.execution.QueryExecution;
import org.apache.spark.sql.execution.SparkPlan;
import org.apache.spark.sql.util.QueryExecutionListener;

/** Test helper: the executed plan (with its metrics) of the query an action runs. */
public final class SparkPlans {
    private SparkPlans() {}

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
