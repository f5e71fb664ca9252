package io.pgcopy.spark.metrics;

import org.apache.spark.sql.connector.metric.CustomSumMetric;

/** Spark UI metric: rows inserted or updated by the merge into the target. */
public final class RowsMerged extends CustomSumMetric {
    public static final String NAME = "rowsMerged";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "rows inserted or updated by the merge into the target";
    }
}
