package io.pgcopy.spark;

import io.pgcopy.spark.line.SparkLines;
import io.pgcopy.values.SourceField;
import io.pgcopy.values.SourceType;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.BinaryType;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.ByteType;
import org.apache.spark.sql.types.CalendarIntervalType;
import org.apache.spark.sql.types.CharType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DateType;
import org.apache.spark.sql.types.DayTimeIntervalType;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.FloatType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.NullType;
import org.apache.spark.sql.types.ShortType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.types.TimestampNTZType;
import org.apache.spark.sql.types.TimestampType;
import org.apache.spark.sql.types.VarcharType;
import org.apache.spark.sql.types.YearMonthIntervalType;

/** Spark SQL types to the core's source model: what each Spark value is, for the typed mapping. */
public final class SparkSchemas {
    private SparkSchemas() {}

    /**
     * One source field per top-level field of {@code schema}, in order (the source index of a field
     * is its ordinal in the InternalRow).
     *
     * @throws IllegalArgumentException naming the field and its type when pgcopy cannot write it
     */
    public static List<SourceField> toSourceFields(StructType schema) {
        List<SourceField> fields = new ArrayList<>(schema.fields().length);
        for (StructField f : schema.fields()) {
            SourceType type;
            try {
                type = toSourceType(f.dataType());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("field \"" + f.name() + "\": " + e.getMessage(), e);
            }
            fields.add(new SourceField(f.name(), type, f.nullable(), engineType(f.dataType())));
        }
        return fields;
    }

    /** How messages name a Spark type: {@code Spark StringType}, {@code Spark DecimalType(15,2)}. */
    public static String engineType(DataType type) {
        return "Spark " + type;
    }

    /**
     * The source type of a Spark type. Maps and structs become JSON: {@link SparkRowValues} serializes
     * them, so any JSON-able content is accepted.
     *
     * @throws IllegalArgumentException for a type pgcopy cannot write (e.g. VariantType, NullType)
     */
    public static SourceType toSourceType(DataType t) {
        if (t instanceof BooleanType) return SourceType.BOOLEAN;
        if (t instanceof ByteType) return SourceType.BYTE;
        if (t instanceof ShortType) return SourceType.SHORT;
        if (t instanceof IntegerType) return SourceType.INT;
        if (t instanceof LongType) return SourceType.LONG;
        if (t instanceof FloatType) return SourceType.FLOAT;
        if (t instanceof DoubleType) return SourceType.DOUBLE;
        if (t instanceof DecimalType d) return SourceType.decimal(d.precision(), d.scale());
        // CharType and VarcharType are StringTypes from Spark 4.0 on, but not in 3.5
        if (isString(t)) return SourceType.STRING;
        if (t instanceof BinaryType) return SourceType.BINARY;
        if (t instanceof DateType) return SourceType.DATE;
        if (t instanceof TimestampType) return SourceType.TIMESTAMP_LTZ;
        if (t instanceof TimestampNTZType) return SourceType.TIMESTAMP;
        if (SparkLines.current().isTime(t)) return SourceType.TIME;
        if (t instanceof YearMonthIntervalType) return SourceType.INTERVAL_YEAR_MONTH;
        if (t instanceof DayTimeIntervalType) return SourceType.INTERVAL_DAY_TIME;
        if (t instanceof CalendarIntervalType) return SourceType.INTERVAL;
        if (t instanceof ArrayType a) return SourceType.array(toSourceType(a.elementType()), a.containsNull());
        if (t instanceof MapType || t instanceof StructType) {
            requireJson(t, t);
            return SourceType.JSON;
        }
        throw unsupported(t);
    }

    /** Every type nested in a map or struct must have a JSON form ({@link SparkJson}). */
    private static void requireJson(DataType t, DataType outer) {
        if (t instanceof MapType m) {
            requireJson(m.keyType(), outer);
            requireJson(m.valueType(), outer);
        } else if (t instanceof StructType s) {
            for (StructField f : s.fields()) requireJson(f.dataType(), outer);
        } else if (t instanceof ArrayType a) {
            requireJson(a.elementType(), outer);
        } else if (!(t instanceof NullType)) {
            try {
                toSourceType(t);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(engineType(outer) + " contains " + engineType(t)
                        + ", which pgcopy cannot write as JSON", e);
            }
        }
    }

    /** StringType, CharType or VarcharType: all hold UTF8Strings. */
    static boolean isString(DataType t) {
        return t instanceof StringType || t instanceof CharType || t instanceof VarcharType;
    }

    private static IllegalArgumentException unsupported(DataType t) {
        return new IllegalArgumentException(engineType(t) + " cannot be written by pgcopy");
    }
}
