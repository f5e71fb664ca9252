package io.pgcopy.spark;

import io.pgcopy.spark.line.SparkLines;
import io.pgcopy.values.ByteSink;
import io.pgcopy.values.JsonWriter;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.SpecializedGetters;
import org.apache.spark.sql.catalyst.util.ArrayData;
import org.apache.spark.sql.catalyst.util.MapData;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.BinaryType;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.ByteType;
import org.apache.spark.sql.types.CalendarIntervalType;
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
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.types.TimestampNTZType;
import org.apache.spark.sql.types.TimestampType;
import org.apache.spark.sql.types.YearMonthIntervalType;
import org.apache.spark.unsafe.Platform;
import org.apache.spark.unsafe.types.CalendarInterval;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * Spark maps, structs and arrays as JSON text: structs and maps are objects (non-string map keys
 * take their JSON text as the name), dates, times and intervals ISO 8601 strings, binary base64.
 * Reuses its buffers; one per adapter.
 */
final class SparkJson {
    private final JsonWriter writer = new JsonWriter();
    private final JsonWriter key = new JsonWriter();

    /** Writes the JSON text of value {@code i} of {@code g}, of type {@code type}, into {@code sink}. */
    void write(SpecializedGetters g, int i, DataType type, ByteSink sink) {
        writer.reset();
        value(writer, g, i, type);
        writer.writeTo(sink);
    }

    private void value(JsonWriter w, SpecializedGetters g, int i, DataType t) {
        if (g.isNullAt(i) || t instanceof NullType) {
            w.nullValue();
        } else if (t instanceof BooleanType) {
            w.value(g.getBoolean(i));
        } else if (t instanceof ByteType) {
            w.value(g.getByte(i));
        } else if (t instanceof ShortType) {
            w.value(g.getShort(i));
        } else if (t instanceof IntegerType) {
            w.value(g.getInt(i));
        } else if (t instanceof LongType) {
            w.value(g.getLong(i));
        } else if (t instanceof FloatType) {
            w.value(g.getFloat(i));
        } else if (t instanceof DoubleType) {
            w.value(g.getDouble(i));
        } else if (t instanceof DecimalType d) {
            w.value(g.getDecimal(i, d.precision(), d.scale()).toJavaBigDecimal());
        } else if (SparkSchemas.isString(t)) {
            UTF8String s = g.getUTF8String(i);
            if (s.getBaseObject() instanceof byte[] bytes) {
                w.valueUtf8(bytes, (int) (s.getBaseOffset() - Platform.BYTE_ARRAY_OFFSET), s.numBytes());
            } else {
                byte[] b = s.getBytes();
                w.valueUtf8(b, 0, b.length);
            }
        } else if (t instanceof BinaryType) {
            w.binaryValue(g.getBinary(i));
        } else if (t instanceof DateType) {
            w.dateValue(g.getInt(i));
        } else if (t instanceof TimestampType) {
            w.instantValue(g.getLong(i));
        } else if (t instanceof TimestampNTZType) {
            w.timestampValue(g.getLong(i));
        } else if (SparkLines.current().isTime(t)) {
            w.timeValue(SparkScalars.nanosToMicros(g.getLong(i)));
        } else if (t instanceof YearMonthIntervalType) {
            w.intervalValue(g.getInt(i), 0, 0);
        } else if (t instanceof DayTimeIntervalType) {
            w.intervalValue(0, 0, g.getLong(i));
        } else if (t instanceof CalendarIntervalType) {
            CalendarInterval c = g.getInterval(i);
            w.intervalValue(c.months, c.days, c.microseconds);
        } else if (t instanceof ArrayType a) {
            ArrayData d = g.getArray(i);
            w.beginArray();
            for (int k = 0, n = d.numElements(); k < n; k++) value(w, d, k, a.elementType());
            w.endArray();
        } else if (t instanceof MapType m) {
            map(w, g.getMap(i), m);
        } else if (t instanceof StructType s) {
            StructField[] fields = s.fields();
            InternalRow r = g.getStruct(i, fields.length);
            w.beginObject();
            for (int k = 0; k < fields.length; k++) {
                w.name(fields[k].name());
                value(w, r, k, fields[k].dataType());
            }
            w.endObject();
        } else {
            throw new IllegalStateException("no JSON form for " + SparkSchemas.engineType(t));
        }
    }

    private void map(JsonWriter w, MapData map, MapType type) {
        ArrayData keys = map.keyArray();
        ArrayData values = map.valueArray();
        // Spark forbids maps inside map keys, so rendering a key never needs a second key writer
        JsonWriter k = w == key ? new JsonWriter() : key;
        w.beginObject();
        for (int e = 0, n = map.numElements(); e < n; e++) {
            k.reset();
            value(k, keys, e, type.keyType());
            w.name(k);
            value(w, values, e, type.valueType());
        }
        w.endObject();
    }
}
