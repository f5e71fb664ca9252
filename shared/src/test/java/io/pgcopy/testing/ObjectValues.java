package io.pgcopy.testing;

import io.pgcopy.values.ByteSink;
import io.pgcopy.values.IndexedValues;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.List;

/**
 * An {@link IndexedValues} over plain Java objects, for tests: LocalDate, LocalTime, LocalDateTime
 * and Instant are converted to the accessor's day/microsecond counts; Lists are arrays.
 */
public final class ObjectValues implements IndexedValues {
    private final Object[] values;

    public ObjectValues(Object... values) {
        this.values = values;
    }

    public static ObjectValues of(List<?> values) {
        return new ObjectValues(values.toArray());
    }

    @Override
    public int size() {
        return values.length;
    }

    @Override
    public boolean isNull(int i) {
        return values[i] == null;
    }

    @Override
    public boolean getBoolean(int i) {
        return (Boolean) values[i];
    }

    @Override
    public byte getByte(int i) {
        return ((Number) values[i]).byteValue();
    }

    @Override
    public short getShort(int i) {
        return ((Number) values[i]).shortValue();
    }

    @Override
    public int getInt(int i) {
        Object v = values[i];
        if (v instanceof LocalDate d) return Math.toIntExact(d.toEpochDay());
        return ((Number) v).intValue();
    }

    @Override
    public long getLong(int i) {
        Object v = values[i];
        if (v instanceof LocalTime t) return t.toNanoOfDay() / 1000;
        if (v instanceof LocalDateTime t) return micros(t.toInstant(ZoneOffset.UTC));
        if (v instanceof Instant t) return micros(t);
        return ((Number) v).longValue();
    }

    private static long micros(Instant t) {
        return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1000);
    }

    @Override
    public float getFloat(int i) {
        return ((Number) values[i]).floatValue();
    }

    @Override
    public double getDouble(int i) {
        return ((Number) values[i]).doubleValue();
    }

    @Override
    public long getDecimalUnscaled(int i, int precision, int scale) {
        return getDecimal(i, precision, scale).unscaledValue().longValueExact();
    }

    @Override
    public BigDecimal getDecimal(int i, int precision, int scale) {
        return ((BigDecimal) values[i]).setScale(scale, RoundingMode.UNNECESSARY);
    }

    @Override
    public void writeUtf8(int i, ByteSink sink) {
        byte[] b = values[i].toString().getBytes(StandardCharsets.UTF_8);
        sink.write(b, 0, b.length);
    }

    @Override
    public byte[] getBinary(int i) {
        return (byte[]) values[i];
    }

    @Override
    public Interval getInterval(int i) {
        return (Interval) values[i];
    }

    @Override
    public IndexedValues getArray(int i) {
        return of((List<?>) values[i]);
    }
}
