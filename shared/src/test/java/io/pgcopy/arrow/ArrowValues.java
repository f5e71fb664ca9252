package io.pgcopy.arrow;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DateMilliVector;
import org.apache.arrow.vector.Decimal256Vector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.DurationVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.FixedSizeBinaryVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.IntervalDayVector;
import org.apache.arrow.vector.IntervalMonthDayNanoVector;
import org.apache.arrow.vector.IntervalYearVector;
import org.apache.arrow.vector.LargeVarBinaryVector;
import org.apache.arrow.vector.LargeVarCharVector;
import org.apache.arrow.vector.SmallIntVector;
import org.apache.arrow.vector.TimeMicroVector;
import org.apache.arrow.vector.TimeMilliVector;
import org.apache.arrow.vector.TimeNanoVector;
import org.apache.arrow.vector.TimeSecVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.TinyIntVector;
import org.apache.arrow.vector.UInt1Vector;
import org.apache.arrow.vector.UInt2Vector;
import org.apache.arrow.vector.UInt4Vector;
import org.apache.arrow.vector.UInt8Vector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.complex.FixedSizeListVector;
import org.apache.arrow.vector.complex.LargeListVector;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;

/** Test helpers: fill Arrow vectors from Java values, and read them back as comparable Java values. */
final class ArrowValues {
    private ArrowValues() {}

    /**
     * Sets position {@code i} of {@code v}. Values: Boolean, Number, BigDecimal, String, byte[],
     * int[]{days, millis} (DAY_TIME), long[]{months, days, nanos} (MONTH_DAY_NANO), List (lists), null.
     */
    static void set(FieldVector v, int i, Object value) {
        if (value == null) {
            if (v instanceof BaseFixedWidthVector f) f.setNull(i);
            else if (v instanceof ListVector l) l.setNull(i);
            else if (v instanceof LargeListVector l) l.setNull(i);
            else if (v instanceof FixedSizeListVector l) l.setNull(i);
            else if (v instanceof VarCharVector s) s.setNull(i);
            else if (v instanceof LargeVarCharVector s) s.setNull(i);
            else if (v instanceof VarBinaryVector s) s.setNull(i);
            else if (v instanceof LargeVarBinaryVector s) s.setNull(i);
            else throw new AssertionError("cannot set null in " + v.getClass());
            return;
        }
        if (v instanceof BitVector b) b.setSafe(i, (Boolean) value ? 1 : 0);
        else if (v instanceof TinyIntVector x) x.setSafe(i, ((Number) value).byteValue());
        else if (v instanceof SmallIntVector x) x.setSafe(i, ((Number) value).shortValue());
        else if (v instanceof IntVector x) x.setSafe(i, ((Number) value).intValue());
        else if (v instanceof BigIntVector x) x.setSafe(i, ((Number) value).longValue());
        else if (v instanceof UInt1Vector x) x.setSafe(i, ((Number) value).intValue());
        else if (v instanceof UInt2Vector x) x.setSafe(i, ((Number) value).intValue());
        else if (v instanceof UInt4Vector x) x.setSafe(i, (int) ((Number) value).longValue());
        else if (v instanceof UInt8Vector x) x.setSafe(i, new BigInteger(value.toString()).longValue());
        else if (v instanceof Float4Vector x) x.setSafe(i, ((Number) value).floatValue());
        else if (v instanceof Float8Vector x) x.setSafe(i, ((Number) value).doubleValue());
        else if (v instanceof DecimalVector x) x.setSafe(i, (BigDecimal) value);
        else if (v instanceof Decimal256Vector x) x.setSafe(i, (BigDecimal) value);
        else if (v instanceof VarCharVector x) x.setSafe(i, ((String) value).getBytes(StandardCharsets.UTF_8));
        else if (v instanceof LargeVarCharVector x) x.setSafe(i, ((String) value).getBytes(StandardCharsets.UTF_8));
        else if (v instanceof VarBinaryVector x) x.setSafe(i, (byte[]) value);
        else if (v instanceof LargeVarBinaryVector x) x.setSafe(i, (byte[]) value);
        else if (v instanceof FixedSizeBinaryVector x) x.setSafe(i, (byte[]) value);
        else if (v instanceof DateDayVector x) x.setSafe(i, ((Number) value).intValue());
        else if (v instanceof DateMilliVector x) x.setSafe(i, ((Number) value).longValue());
        else if (v instanceof TimeSecVector x) x.setSafe(i, ((Number) value).intValue());
        else if (v instanceof TimeMilliVector x) x.setSafe(i, ((Number) value).intValue());
        else if (v instanceof TimeMicroVector x) x.setSafe(i, ((Number) value).longValue());
        else if (v instanceof TimeNanoVector x) x.setSafe(i, ((Number) value).longValue());
        else if (v instanceof TimeStampVector x) x.setSafe(i, ((Number) value).longValue());
        else if (v instanceof DurationVector x) x.setSafe(i, ((Number) value).longValue());
        else if (v instanceof IntervalYearVector x) x.setSafe(i, ((Number) value).intValue());
        else if (v instanceof IntervalDayVector x) x.setSafe(i, ((int[]) value)[0], ((int[]) value)[1]);
        else if (v instanceof IntervalMonthDayNanoVector x) {
            long[] m = (long[]) value;
            x.setSafe(i, (int) m[0], (int) m[1], m[2]);
        } else if (v instanceof ListVector l) {
            List<?> list = (List<?>) value;
            int start = l.startNewValue(i);
            for (int k = 0; k < list.size(); k++) set(l.getDataVector(), start + k, list.get(k));
            l.endValue(i, list.size());
        } else if (v instanceof LargeListVector l) {
            List<?> list = (List<?>) value;
            long start = l.startNewValue((long) i);
            for (int k = 0; k < list.size(); k++) set(l.getDataVector(), (int) start + k, list.get(k));
            l.endValue(i, list.size());
        } else if (v instanceof FixedSizeListVector l) {
            List<?> list = (List<?>) value;
            int start = l.startNewValue(i);
            for (int k = 0; k < list.size(); k++) set(l.getDataVector(), start + k, list.get(k));
        } else {
            throw new AssertionError("cannot set " + v.getClass());
        }
    }

    /** The value at {@code i} as a comparable Java value, in the units of the read mapping. */
    static Object canon(FieldVector v, int i) {
        if (v.isNull(i)) return null;
        if (v instanceof BitVector b) return b.get(i) != 0;
        if (v instanceof TinyIntVector x) return (long) x.get(i);
        if (v instanceof SmallIntVector x) return (long) x.get(i);
        if (v instanceof IntVector x) return (long) x.get(i);
        if (v instanceof BigIntVector x) return x.get(i);
        if (v instanceof UInt1Vector x) return (long) (x.get(i) & 0xFF);
        if (v instanceof UInt2Vector x) return (long) x.get(i);
        if (v instanceof UInt4Vector x) return x.get(i) & 0xFFFFFFFFL;
        if (v instanceof UInt8Vector x) return new BigDecimal(new BigInteger(Long.toUnsignedString(x.get(i))));
        if (v instanceof Float4Vector x) return x.get(i);
        if (v instanceof Float8Vector x) return x.get(i);
        if (v instanceof DecimalVector x) return x.getObject(i);
        if (v instanceof Decimal256Vector x) return x.getObject(i);
        if (v instanceof VarCharVector x) return new String(x.get(i), StandardCharsets.UTF_8);
        if (v instanceof LargeVarCharVector x) return new String(x.get(i), StandardCharsets.UTF_8);
        if (v instanceof VarBinaryVector x) return PgText.hex(x.get(i));
        if (v instanceof LargeVarBinaryVector x) return PgText.hex(x.get(i));
        if (v instanceof FixedSizeBinaryVector x) return PgText.hex(x.get(i));
        if (v instanceof DateDayVector x) return (long) x.get(i);
        if (v instanceof DateMilliVector x) return Math.floorDiv(x.get(i), 86_400_000L);
        if (v instanceof TimeSecVector x) return x.get(i) * 1_000_000L;
        if (v instanceof TimeMilliVector x) return x.get(i) * 1_000L;
        if (v instanceof TimeMicroVector x) return x.get(i);
        if (v instanceof TimeNanoVector x) return Math.floorDiv(x.get(i), 1_000L);
        if (v instanceof TimeStampVector x) {
            TimeUnit unit = ((ArrowType.Timestamp) x.getField().getType()).getUnit();
            return micros(x.get(i), unit);
        }
        if (v instanceof DurationVector x) {
            TimeUnit unit = ((ArrowType.Duration) x.getField().getType()).getUnit();
            return List.of(0L, 0L, micros(DurationVector.get(x.getDataBuffer(), i), unit));
        }
        if (v instanceof IntervalYearVector x) return List.of((long) x.get(i), 0L, 0L);
        if (v instanceof IntervalDayVector x) {
            ArrowBuf b = x.getDataBuffer();
            return List.of(0L, (long) IntervalDayVector.getDays(b, i), IntervalDayVector.getMilliseconds(b, i) * 1000L);
        }
        if (v instanceof IntervalMonthDayNanoVector x) {
            ArrowBuf b = x.getDataBuffer();
            return List.of((long) IntervalMonthDayNanoVector.getMonths(b, i), (long) IntervalMonthDayNanoVector.getDays(b, i),
                    Math.floorDiv(IntervalMonthDayNanoVector.getNanoseconds(b, i), 1000L));
        }
        if (v instanceof ListVector l) {
            return elements(l.getDataVector(), l.getElementStartIndex(i), l.getElementEndIndex(i));
        }
        if (v instanceof LargeListVector l) {
            return elements(l.getDataVector(), (int) l.getElementStartIndex(i), (int) l.getElementEndIndex(i));
        }
        if (v instanceof FixedSizeListVector l) {
            return elements(l.getDataVector(), i * l.getListSize(), (i + 1) * l.getListSize());
        }
        throw new AssertionError("no canonical value for " + v.getClass());
    }

    private static List<Object> elements(FieldVector child, int from, int to) {
        List<Object> out = new ArrayList<>();
        for (int k = from; k < to; k++) out.add(canon(child, k));
        return out;
    }

    static long micros(long value, TimeUnit unit) {
        switch (unit) {
            case SECOND: return value * 1_000_000L;
            case MILLISECOND: return value * 1_000L;
            case MICROSECOND: return value;
            default: return Math.floorDiv(value, 1_000L);
        }
    }

    static List<Object> list(Object... values) {
        return Arrays.asList(values);
    }
}
