package io.pgcopy.arrow;

import java.util.function.IntConsumer;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.IntervalMonthDayNanoVector;
import org.apache.arrow.vector.SmallIntVector;
import org.apache.arrow.vector.TimeMicroVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.IntervalUnit;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;

/** The decoders of fixed-width and plain text/binary types: no allocation per value. */
final class Decoders {
    private Decoders() {}

    /** PostgreSQL counts days and microseconds from 2000-01-01, Arrow from 1970-01-01. */
    static final int EPOCH_DAYS = 10_957;
    static final long EPOCH_MICROS = EPOCH_DAYS * 86_400_000_000L;
    static final long MICROS_PER_DAY = 86_400_000_000L;
    /** datatype/timestamp.h: Julian day 0 and DATE_END_JULIAN / END_TIMESTAMP, relative to 2000-01-01. */
    static final int MIN_DATE = -2_451_545;
    static final int END_DATE = 2_145_031_949;
    static final long MIN_TIMESTAMP = -211_813_488_000_000_000L;
    static final long END_TIMESTAMP = 9_223_371_331_200_000_000L;

    static ColumnDecoder bool() {
        return new ColumnDecoder() {
            BitVector v;

            @Override ArrowType arrowType() { return ArrowType.Bool.INSTANCE; }
            @Override void bind(FieldVector vector) { super.bind(vector); v = (BitVector) vector; }

            @Override
            void decode(byte[] b, int off, int len, int index) {
                expectLength(len, 1, "boolean");
                reserve(index);
                v.set(index, b[off] != 0 ? 1 : 0);
            }
        };
    }

    static ColumnDecoder int2() {
        return new ColumnDecoder() {
            SmallIntVector v;

            @Override ArrowType arrowType() { return new ArrowType.Int(16, true); }
            @Override void bind(FieldVector vector) { super.bind(vector); v = (SmallIntVector) vector; }

            @Override
            void decode(byte[] b, int off, int len, int index) {
                expectLength(len, 2, "smallint");
                reserve(index);
                v.set(index, Bytes.getShort(b, off));
            }
        };
    }

    static ColumnDecoder int4() {
        return new ColumnDecoder() {
            IntVector v;

            @Override ArrowType arrowType() { return new ArrowType.Int(32, true); }
            @Override void bind(FieldVector vector) { super.bind(vector); v = (IntVector) vector; }

            @Override
            void decode(byte[] b, int off, int len, int index) {
                expectLength(len, 4, "integer");
                reserve(index);
                v.set(index, Bytes.getInt(b, off));
            }
        };
    }

    static ColumnDecoder int8() {
        return new ColumnDecoder() {
            BigIntVector v;

            @Override ArrowType arrowType() { return new ArrowType.Int(64, true); }
            @Override void bind(FieldVector vector) { super.bind(vector); v = (BigIntVector) vector; }

            @Override
            void decode(byte[] b, int off, int len, int index) {
                expectLength(len, 8, "bigint");
                reserve(index);
                v.set(index, Bytes.getLong(b, off));
            }
        };
    }

    /** oid: an unsigned 32-bit integer, widened to a signed 64-bit one. */
    static ColumnDecoder oid() {
        return new ColumnDecoder() {
            BigIntVector v;

            @Override ArrowType arrowType() { return new ArrowType.Int(64, true); }
            @Override void bind(FieldVector vector) { super.bind(vector); v = (BigIntVector) vector; }

            @Override
            void decode(byte[] b, int off, int len, int index) {
                expectLength(len, 4, "oid");
                reserve(index);
                v.set(index, Bytes.getInt(b, off) & 0xFFFFFFFFL);
            }
        };
    }

    static ColumnDecoder float4() {
        return new ColumnDecoder() {
            Float4Vector v;

            @Override ArrowType arrowType() { return new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE); }
            @Override void bind(FieldVector vector) { super.bind(vector); v = (Float4Vector) vector; }

            @Override
            void decode(byte[] b, int off, int len, int index) {
                expectLength(len, 4, "real");
                reserve(index);
                v.set(index, Float.intBitsToFloat(Bytes.getInt(b, off)));
            }
        };
    }

    static ColumnDecoder float8() {
        return new ColumnDecoder() {
            Float8Vector v;

            @Override ArrowType arrowType() { return new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE); }
            @Override void bind(FieldVector vector) { super.bind(vector); v = (Float8Vector) vector; }

            @Override
            void decode(byte[] b, int off, int len, int index) {
                expectLength(len, 8, "double precision");
                reserve(index);
                v.set(index, Double.longBitsToDouble(Bytes.getLong(b, off)));
            }
        };
    }

    /** text, varchar, bpchar, name, citext, enum, json, xml: the UTF-8 bytes, copied straight in. */
    static ColumnDecoder text() {
        return new ColumnDecoder() {
            VarCharVector v;

            @Override ArrowType arrowType() { return ArrowType.Utf8.INSTANCE; }
            @Override void bind(FieldVector vector) { super.bind(vector); v = (VarCharVector) vector; }

            @Override
            void decode(byte[] b, int off, int len, int index) {
                v.setSafe(index, b, off, len);
            }
        };
    }

    /** jsonb: a version byte (1), then the JSON text. */
    static ColumnDecoder jsonb() {
        return new ColumnDecoder() {
            VarCharVector v;

            @Override ArrowType arrowType() { return ArrowType.Utf8.INSTANCE; }
            @Override void bind(FieldVector vector) { super.bind(vector); v = (VarCharVector) vector; }

            @Override
            void decode(byte[] b, int off, int len, int index) {
                if (len < 1 || b[off] != 1) {
                    throw new DecodeException("unsupported jsonb version number " + (len < 1 ? "(empty value)" : b[off]));
                }
                v.setSafe(index, b, off + 1, len - 1);
            }
        };
    }

    static ColumnDecoder bytea() {
        return new ColumnDecoder() {
            VarBinaryVector v;

            @Override ArrowType arrowType() { return ArrowType.Binary.INSTANCE; }
            @Override void bind(FieldVector vector) { super.bind(vector); v = (VarBinaryVector) vector; }

            @Override
            void decode(byte[] b, int off, int len, int index) {
                v.setSafe(index, b, off, len);
            }
        };
    }

    /** uuid: 16 bytes, as the canonical lower-case text 8-4-4-4-12. */
    static ColumnDecoder uuid() {
        return new ColumnDecoder() {
            VarCharVector v;
            final byte[] text = new byte[36];

            @Override ArrowType arrowType() { return ArrowType.Utf8.INSTANCE; }
            @Override void bind(FieldVector vector) { super.bind(vector); v = (VarCharVector) vector; }

            @Override
            void decode(byte[] b, int off, int len, int index) {
                expectLength(len, 16, "uuid");
                int p = 0;
                for (int k = 0; k < 16; k++) {
                    if (k == 4 || k == 6 || k == 8 || k == 10) text[p++] = '-';
                    text[p++] = Bytes.HEX[(b[off + k] >> 4) & 0xF];
                    text[p++] = Bytes.HEX[b[off + k] & 0xF];
                }
                v.setSafe(index, text, 0, 36);
            }
        };
    }

    /** date: int32 days since 2000-01-01; INT32_MAX / INT32_MIN are infinity / -infinity. */
    static ColumnDecoder date(boolean infinityToNull) {
        return new ColumnDecoder() {
            DateDayVector v;

            @Override ArrowType arrowType() { return new ArrowType.Date(DateUnit.DAY); }
            @Override void bind(FieldVector vector) { super.bind(vector); v = (DateDayVector) vector; }

            @Override
            void decode(byte[] b, int off, int len, int index) {
                expectLength(len, 4, "date");
                int days = Bytes.getInt(b, off);
                if (days == Integer.MAX_VALUE || days == Integer.MIN_VALUE) {
                    infinity(days > 0, "date", infinityToNull, v::setNull, index);
                    return;
                }
                // date_recv's IS_VALID_DATE: 4714-11-24 BC up to 5874897 AD (far below where this overflows)
                if (days < MIN_DATE || days >= END_DATE) throw new DecodeException("date out of range: " + days
                        + " days since 2000-01-01");
                reserve(index);
                v.set(index, days + EPOCH_DAYS);
            }
        };
    }

    /** time: int64 microseconds since midnight. */
    static ColumnDecoder time() {
        return new ColumnDecoder() {
            TimeMicroVector v;

            @Override ArrowType arrowType() { return new ArrowType.Time(TimeUnit.MICROSECOND, 64); }
            @Override void bind(FieldVector vector) { super.bind(vector); v = (TimeMicroVector) vector; }

            @Override
            void decode(byte[] b, int off, int len, int index) {
                expectLength(len, 8, "time");
                long micros = Bytes.getLong(b, off);
                // time_recv accepts 00:00:00 up to 24:00:00
                if (micros < 0 || micros > MICROS_PER_DAY) throw new DecodeException("time out of range: " + micros);
                reserve(index);
                v.set(index, micros);
            }
        };
    }

    /**
     * timestamp and timestamptz: int64 microseconds since 2000-01-01 (UTC for timestamptz);
     * INT64_MAX / INT64_MIN are infinity / -infinity.
     */
    static ColumnDecoder timestamp(boolean withZone, boolean infinityToNull) {
        String type = withZone ? "timestamp with time zone" : "timestamp without time zone";
        return new ColumnDecoder() {
            TimeStampVector v;

            @Override ArrowType arrowType() { return new ArrowType.Timestamp(TimeUnit.MICROSECOND, withZone ? "UTC" : null); }
            @Override void bind(FieldVector vector) { super.bind(vector); v = (TimeStampVector) vector; }

            @Override
            void decode(byte[] b, int off, int len, int index) {
                expectLength(len, 8, type);
                long micros = Bytes.getLong(b, off);
                if (micros == Long.MAX_VALUE || micros == Long.MIN_VALUE) {
                    infinity(micros > 0, type, infinityToNull, v::setNull, index);
                    return;
                }
                // timestamp_recv's IS_VALID_TIMESTAMP: 4714-11-24 BC up to (not including) 294277-01-01
                if (micros < MIN_TIMESTAMP || micros >= END_TIMESTAMP) {
                    throw new DecodeException(type + " out of range: " + micros + " us since 2000-01-01");
                }
                long unix = micros + EPOCH_MICROS;
                if (micros > 0 && unix < 0) {
                    throw new DecodeException("timestamp is after 294247-01-10, beyond Arrow's microseconds since"
                            + " 1970 (" + micros + " us since 2000-01-01)");
                }
                reserve(index);
                v.set(index, unix);
            }
        };
    }

    /**
     * interval: int64 microseconds, int32 days, int32 months, into Arrow's month-day-nanosecond
     * interval. PostgreSQL 17's infinite intervals have all three fields at their max (min).
     */
    static ColumnDecoder interval(boolean infinityToNull) {
        return new ColumnDecoder() {
            IntervalMonthDayNanoVector v;

            @Override ArrowType arrowType() { return new ArrowType.Interval(IntervalUnit.MONTH_DAY_NANO); }
            @Override void bind(FieldVector vector) { super.bind(vector); v = (IntervalMonthDayNanoVector) vector; }

            @Override
            void decode(byte[] b, int off, int len, int index) {
                expectLength(len, 16, "interval");
                long micros = Bytes.getLong(b, off);
                int days = Bytes.getInt(b, off + 8);
                int months = Bytes.getInt(b, off + 12);
                if ((micros == Long.MAX_VALUE && days == Integer.MAX_VALUE && months == Integer.MAX_VALUE)
                        || (micros == Long.MIN_VALUE && days == Integer.MIN_VALUE && months == Integer.MIN_VALUE)) {
                    infinity(micros > 0, "interval", infinityToNull, v::setNull, index);
                    return;
                }
                long nanos = micros * 1000;
                if (micros > Long.MAX_VALUE / 1000 || micros < Long.MIN_VALUE / 1000) {
                    throw new DecodeException("interval of " + micros + " microseconds (+ " + days + " days, "
                            + months + " months) does not fit Arrow's 64-bit nanoseconds");
                }
                reserve(index);
                v.set(index, months, days, nanos);
            }
        };
    }

    static void infinity(boolean positive, String type, boolean toNull, IntConsumer setNull, int index) {
        if (toNull) {
            setNull.accept(index);
            return;
        }
        throw new DecodeException((positive ? "infinity" : "-infinity") + " has no Arrow " + type
                + " value (read infinite values as NULL with the infinity option)");
    }
}
