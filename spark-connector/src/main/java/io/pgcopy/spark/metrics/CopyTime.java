package io.pgcopy.spark.metrics;

import org.apache.spark.sql.connector.metric.CustomSumMetric;

/** Spark UI metric: time spent encoding and sending COPY data (ms). */
public final class CopyTime extends CustomSumMetric {
    public static final String NAME = "copyTimeMs";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "time spent encoding and sending COPY data (ms)";
    }
}
