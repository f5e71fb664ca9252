package io.pgcopy.spark.metrics;

/** Spark UI metric: rows written by COPY. */
public final class RowsWritten extends SumMetric {
    public static final String NAME = "rowsWritten";

    public RowsWritten() {
        super(NAME, "rows written by COPY");
    }
}
