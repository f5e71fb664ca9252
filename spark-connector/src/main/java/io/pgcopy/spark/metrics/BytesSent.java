package io.pgcopy.spark.metrics;

import org.apache.spark.sql.connector.metric.CustomSumMetric;

/** Spark UI metric: bytes of binary COPY data sent. */
public final class BytesSent extends CustomSumMetric {
    public static final String NAME = "bytesSent";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "bytes of binary COPY data sent";
    }
}
