package io.pgcopy.spark.metrics;

import org.apache.spark.sql.connector.metric.CustomTaskMetric;

/** One value of a metric, reported by a task or by the driver. */
public record MetricValue(String name, long value) implements CustomTaskMetric {}
