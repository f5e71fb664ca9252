package io.pgcopy.cli;

import io.pgcopy.catalog.PgColumn;
import io.pgcopy.catalog.PgType;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.CalendarIntervalType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.TimeType;

/**
 * The Spark type a value must have to be written into a PostgreSQL column by pgcopy's typed
 * mapping: what load casts file values to, and what copy casts the few columns to that pgcopy
 * reads as text but cannot write from text ({@code time}).
 */
final class TargetTypes {
    private TargetTypes() {}

    static DataType of(PgColumn column) {
        return of(column.type(), column.effectiveTypmod());
    }

    /** Fails for a column no Spark value can be written into: Spark refuses to write its CalendarInterval. */
    static void checkWritable(PgColumn column, String table) {
        if (of(column) instanceof CalendarIntervalType) {
            throw new IllegalStateException("column \"" + column.name() + "\" of table " + table + " is an interval:"
                    + " Spark cannot write its interval type into a table, so this command cannot fill it"
                    + " (leave the column out, or load it with psql's \\copy)");
        }
    }

    static DataType of(PgType type, int typmod) {
        PgType t = type.resolved();
        if (t.isArray()) return new ArrayType(of(t.element(), typmod), true);
        switch (t.name()) {
            case "bool": return DataTypes.BooleanType;
            case "int2": return DataTypes.ShortType;
            case "int4": return DataTypes.IntegerType;
            case "int8": case "oid": return DataTypes.LongType;
            case "float4": return DataTypes.FloatType;
            case "float8": return DataTypes.DoubleType;
            case "numeric": return numeric(typmod);
            case "date": return DataTypes.DateType;
            case "timestamp": return DataTypes.TimestampNTZType;
            case "timestamptz": return DataTypes.TimestampType;
            case "time": return new TimeType(6);
            case "interval": return DataTypes.CalendarIntervalType;
            case "bytea": return DataTypes.BinaryType;
            default: return DataTypes.StringType; // text types, json, uuid, inet, enums, timetz: from text
        }
    }

    /** numeric(p,s) as DECIMAL(p,s); unconstrained or wider than Spark's 38 digits as DECIMAL(38,18). */
    private static DataType numeric(int typmod) {
        if (typmod < 4) return DataTypes.createDecimalType(38, 18);
        int precision = ((typmod - 4) >> 16) & 0xffff;
        int scale = (typmod - 4) & 0xffff;
        if (precision > 38 || scale > precision) return DataTypes.createDecimalType(38, 18);
        return DataTypes.createDecimalType(precision, scale);
    }
}
