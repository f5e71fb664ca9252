package io.pgcopy.spark.metrics;

import org.apache.spark.sql.connector.metric.CustomSumMetric;

/**
 * A summed Spark UI metric. Spark re-creates metrics on the driver from their class name, so each
 * metric is a subclass with a no-argument constructor.
 */
abstract class SumMetric extends CustomSumMetric {
    private final String name;
    private final String description;

    SumMetric(String name, String description) {
        this.name = name;
        this.description = description;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String description() {
        return description;
    }
}
