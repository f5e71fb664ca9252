package io.pgcopy.spark.metrics;

/** Spark UI metric: bytes of binary COPY data sent. */
public final class BytesSent extends SumMetric {
    public static final String NAME = "bytesSent";

    public BytesSent() {
        super(NAME, "bytes of binary COPY data sent");
    }
}
