package io.pgcopy.spark.metrics;

/** Spark UI metric: rows inserted or updated by the merge into the target. */
public final class RowsMerged extends SumMetric {
    public static final String NAME = "rowsMerged";

    public RowsMerged() {
        super(NAME, "rows inserted or updated by the merge into the target");
    }
}
