package io.pgcopy.spark;

import io.pgcopy.spark.line.SparkLines;
import io.pgcopy.values.ByteSink;
import io.pgcopy.values.IndexedValues;
import java.math.RoundingMode;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.types.Decimal;
import org.apache.spark.unsafe.Platform;
import org.apache.spark.unsafe.types.CalendarInterval;
import org.apache.spark.unsafe.types.UTF8String;

/** Spark's internal value representations turned into the ones {@link IndexedValues} fixes. */
final class SparkScalars {
    private SparkScalars() {}

    /** How a field's value is read beyond the plain getter of its representation. */
    static final byte PLAIN = 0;
    /** TimeType: Spark keeps nanoseconds of the day, the core wants microseconds. */
    static final byte TIME_NANOS = 1;
    /** MapType / StructType: serialized to JSON text. */
    static final byte JSON = 2;

    static byte readKind(DataType t) {
        if (SparkLines.current().isTime(t)) return TIME_NANOS;
        if (t instanceof MapType || t instanceof StructType) return JSON;
        return PLAIN;
    }

    static long nanosToMicros(long nanos) {
        return Math.floorDiv(nanos, 1000L);
    }

    /** Copies the string's UTF-8 bytes: straight from its backing array when it has one (the usual case). */
    static void writeUtf8(UTF8String s, ByteSink sink) {
        if (s.getBaseObject() instanceof byte[] bytes) {
            sink.write(bytes, (int) (s.getBaseOffset() - Platform.BYTE_ARRAY_OFFSET), s.numBytes());
        } else {
            byte[] b = s.getBytes(); // off-heap string: one copy
            sink.write(b, 0, b.length);
        }
    }

    /** The unscaled value at {@code scale}; a Decimal built with another scale is rescaled, never reinterpreted. */
    static long unscaled(Decimal d, int scale) {
        if (d.scale() == scale) return d.toUnscaledLong();
        return d.toJavaBigDecimal().setScale(scale, RoundingMode.HALF_UP).unscaledValue().longValueExact();
    }

    static IndexedValues.Interval interval(CalendarInterval c) {
        return new IndexedValues.Interval(c.months, c.days, c.microseconds);
    }
}
