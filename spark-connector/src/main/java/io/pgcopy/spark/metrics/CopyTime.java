package io.pgcopy.spark.metrics;

/** Spark UI metric: time spent encoding and sending COPY data (ms). */
public final class CopyTime extends SumMetric {
    public static final String NAME = "copyTimeMs";

    public CopyTime() {
        super(NAME, "time spent encoding and sending COPY data (ms)");
    }
}
