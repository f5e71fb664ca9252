package io.pgcopy.flink;

import io.pgcopy.values.ByteSink;
import java.math.RoundingMode;
import org.apache.flink.core.memory.MemorySegment;
import org.apache.flink.table.data.DecimalData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.data.binary.BinarySegmentUtils;
import org.apache.flink.table.data.binary.BinaryStringData;
import org.apache.flink.table.types.logical.LocalZonedTimestampType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.TimestampType;

/** Flink's internal value representations turned into the ones {@link io.pgcopy.values.IndexedValues} fixes. */
final class FlinkScalars {
    private FlinkScalars() {}

    /** How a field's value is read beyond the plain getter of its representation. */
    static final byte PLAIN = 0;
    /** TIME: Flink keeps milliseconds of the day (an int), the core wants microseconds (a long). */
    static final byte TIME_MILLIS = 1;
    /** TIMESTAMP and TIMESTAMP_LTZ: a TimestampData, read at the type's precision. */
    static final byte TIMESTAMP = 2;
    /** INTERVAL DAY TO SECOND: Flink keeps milliseconds, the core wants microseconds. */
    static final byte INTERVAL_MILLIS = 3;
    /** MAP, MULTISET, ROW: serialized to JSON text. */
    static final byte JSON = 4;

    static byte readKind(LogicalType t) {
        switch (t.getTypeRoot()) {
            case TIME_WITHOUT_TIME_ZONE: return TIME_MILLIS;
            case TIMESTAMP_WITHOUT_TIME_ZONE: case TIMESTAMP_WITH_LOCAL_TIME_ZONE: return TIMESTAMP;
            case INTERVAL_DAY_TIME: return INTERVAL_MILLIS;
            case MAP: case MULTISET: case ROW: return JSON;
            default: return PLAIN;
        }
    }

    /** The precision a TimestampData is stored with (compact, millis only, when &le; 3). */
    static int timestampPrecision(LogicalType t) {
        if (t instanceof TimestampType ts) return ts.getPrecision();
        if (t instanceof LocalZonedTimestampType lz) return lz.getPrecision();
        return 0;
    }

    static long micros(TimestampData t) {
        return t.getMillisecond() * 1000L + t.getNanoOfMillisecond() / 1000;
    }

    /**
     * Copies the string's UTF-8 bytes: straight from its heap segment when it lies in one (the usual
     * case), else through one temporary array.
     */
    static void writeUtf8(StringData s, ByteSink sink) {
        if (s instanceof BinaryStringData b) {
            b.ensureMaterialized();
            MemorySegment[] segments = b.getSegments();
            int offset = b.getOffset();
            int n = b.getSizeInBytes();
            MemorySegment first = segments[0];
            if (!first.isOffHeap() && offset + n <= first.size()) {
                sink.write(first.getArray(), offset, n);
            } else {
                sink.write(BinarySegmentUtils.copyToBytes(segments, offset, n), 0, n);
            }
        } else {
            byte[] bytes = s.toBytes();
            sink.write(bytes, 0, bytes.length);
        }
    }

    /** The unscaled value at {@code scale}; a DecimalData of another scale is rescaled, never reinterpreted. */
    static long unscaled(DecimalData d, int scale) {
        if (d.scale() == scale) return d.toUnscaledLong();
        return d.toBigDecimal().setScale(scale, RoundingMode.HALF_UP).unscaledValue().longValueExact();
    }
}
