package io.pgcopy.spark.line;

import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.TimeType;

/** Spark 4.1 and newer: TimeType (nanoseconds of the day) is written to time, timetz and JSON. */
public class TimeTypeLine extends Spark40Line {
    @Override
    public boolean isTime(DataType type) {
        return type instanceof TimeType;
    }
}
