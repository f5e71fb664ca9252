package io.pgcopy.spark.line;

import org.apache.spark.sql.types.DataType;

/**
 * What differs between the Spark lines pgcopy runs on. This class is the oldest supported line's
 * behaviour (Spark 3.5); a line module whose Spark has more overrides it, and its runtime jar names
 * the subclass in its {@link LineDescriptor}. The glue asks {@link SparkLines#current()} for it.
 */
public class SparkLine {

    /**
     * Whether Spark reads Arrow's month-day-nano intervals (as CalendarIntervalType): from 4.0 on. Spark 3.5's
     * ArrowColumnVector has no accessor for them, so there pgcopy reads interval columns as their text.
     */
    public boolean readsArrowIntervals() {
        return false;
    }

    /** Spark 4.1's TimeType (nanoseconds of the day); older lines have no time type. */
    public boolean isTime(DataType type) {
        return false;
    }
}
