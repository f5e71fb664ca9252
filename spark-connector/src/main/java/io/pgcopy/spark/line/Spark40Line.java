package io.pgcopy.spark.line;

/** Spark 4.0: reads Arrow's month-day-nano intervals. Needs no 4.0 API, so it lives with the common glue. */
public class Spark40Line extends SparkLine {
    @Override
    public boolean readsArrowIntervals() {
        return true;
    }
}
