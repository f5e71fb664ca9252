package io.pgcopy.spark.metrics;

/** Spark UI metric: rows read by COPY. */
public final class RowsRead extends SumMetric {
    public static final String NAME = "rowsRead";

    public RowsRead() {
        super(NAME, "rows read by COPY");
    }
}
