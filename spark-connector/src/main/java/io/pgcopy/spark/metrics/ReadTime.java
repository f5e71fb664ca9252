package io.pgcopy.spark.metrics;

/** Spark UI metric: time spent receiving and decoding COPY data (ms). */
public final class ReadTime extends SumMetric {
    public static final String NAME = "readTimeMs";

    public ReadTime() {
        super(NAME, "time spent receiving and decoding COPY data (ms)");
    }
}
