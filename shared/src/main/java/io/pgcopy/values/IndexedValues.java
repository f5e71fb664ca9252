package io.pgcopy.values;

import java.math.BigDecimal;

/**
 * The engine-neutral view of one row, or of one array, that the encoders read from. Spark's
 * InternalRow/ArrayData, Flink's RowData/ArrayData and Arrow vectors each get a thin adapter.
 *
 * <p>Which getter is called for a field follows its {@link SourceType}; representations are fixed
 * so that adapters hand over primitives and bytes with no boxing and no String on the hot path:
 * <ul>
 *   <li>DATE: {@link #getInt} days since 1970-01-01;</li>
 *   <li>TIME: {@link #getLong} microseconds since midnight;</li>
 *   <li>TIMESTAMP (zone-less wall clock) and TIMESTAMP_LTZ (an instant): {@link #getLong}
 *       microseconds since 1970-01-01 00:00 (UTC for the instant);</li>
 *   <li>DECIMAL(p,s): {@link #getDecimalUnscaled} when p &le; 18, else {@link #getDecimal};</li>
 *   <li>STRING and JSON: {@link #writeUtf8}; BINARY: {@link #getBinary};</li>
 *   <li>INTERVAL_YEAR_MONTH: {@link #getInt} months; INTERVAL_DAY_TIME: {@link #getLong} µs;
 *       INTERVAL: {@link #getInterval};</li>
 *   <li>ARRAY: {@link #getArray}, itself an IndexedValues of {@link #size()} elements.</li>
 * </ul>
 */
public interface IndexedValues {
    /** Number of fields of a row, or elements of an array. */
    int size();

    boolean isNull(int i);

    boolean getBoolean(int i);

    byte getByte(int i);

    short getShort(int i);

    int getInt(int i);

    long getLong(int i);

    float getFloat(int i);

    double getDouble(int i);

    /** The unscaled value of a DECIMAL(precision, scale) with precision &le; 18. */
    long getDecimalUnscaled(int i, int precision, int scale);

    BigDecimal getDecimal(int i, int precision, int scale);

    /** Copies the field's UTF-8 bytes into {@code sink}. */
    void writeUtf8(int i, ByteSink sink);

    byte[] getBinary(int i);

    /** A calendar interval: months, days and microseconds are kept apart, as PostgreSQL does. */
    default Interval getInterval(int i) {
        throw new UnsupportedOperationException("this source has no calendar intervals");
    }

    IndexedValues getArray(int i);

    /** A PostgreSQL-style interval value. */
    record Interval(int months, int days, long micros) {}
}
