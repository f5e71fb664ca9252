package io.pgcopy.spark.metrics;

/** Spark UI metric: bytes of binary COPY data received. */
public final class BytesReceived extends SumMetric {
    public static final String NAME = "bytesReceived";

    public BytesReceived() {
        super(NAME, "bytes of binary COPY data received");
    }
}
