package io.pgcopy.spark.metrics;

import org.apache.spark.sql.connector.metric.CustomSumMetric;

/** Spark UI metric: rows written by COPY. */
public final class RowsWritten extends CustomSumMetric {
    public static final String NAME = "rowsWritten";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "rows written by COPY";
    }
}
