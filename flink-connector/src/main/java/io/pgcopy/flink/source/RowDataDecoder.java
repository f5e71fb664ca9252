package io.pgcopy.flink.source;

import io.pgcopy.codec.BinaryCopyReader;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.apache.flink.table.data.ArrayData;
import org.apache.flink.table.data.DecimalData;
import org.apache.flink.table.data.GenericArrayData;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;

/**
 * Decodes the rows of a binary COPY straight into Flink's internal data (GenericRowData with
 * StringData, DecimalData, TimestampData, GenericArrayData): one row at a time, with no buffer
 * beyond the COPY reader's. Formats: PostgreSQL's *send functions (int8send, numeric_send,
 * timestamp_send, array_send, ...); dates and timestamps count from 2000-01-01.
 */
final class RowDataDecoder {
    private static final long PG_EPOCH_DAYS = 10_957; // 2000-01-01 - 1970-01-01
    private static final long PG_EPOCH_MICROS = PG_EPOCH_DAYS * 86_400_000_000L;

    private final List<SourceColumn> columns;

    RowDataDecoder(List<SourceColumn> columns) {
        this.columns = List.copyOf(columns);
    }

    /** The current row of {@code in} (after {@code nextRow()} returned true). */
    RowData decode(BinaryCopyReader in) throws IOException {
        if (in.fieldCount() != columns.size()) {
            throw new IOException("the COPY sends " + in.fieldCount() + " columns, " + columns.size() + " were selected");
        }
        GenericRowData row = new GenericRowData(columns.size());
        for (int i = 0; i < columns.size(); i++) {
            int len = in.nextField();
            if (len < 0) continue;
            SourceColumn c = columns.get(i);
            try {
                row.setField(i, c.arrayDepth() > 0 ? array(c, in.buffer(), in.offset(), len)
                        : value(c, in.buffer(), in.offset(), len));
            } catch (RuntimeException e) {
                throw new IOException("cannot read column \"" + c.name() + "\" (" + c.pgType() + ") of row "
                        + in.rowsRead() + ": " + e.getMessage(), e);
            }
        }
        return row;
    }

    static Object value(SourceColumn c, byte[] b, int off, int len) {
        return switch (c.decoding()) {
            case BOOL -> b[off] != 0;
            case INT2 -> (short) (((b[off] & 0xFF) << 8) | (b[off + 1] & 0xFF));
            case INT4 -> int4(b, off);
            case INT8 -> int8(b, off);
            case OID -> int4(b, off) & 0xFFFFFFFFL;
            case FLOAT4 -> Float.intBitsToFloat(int4(b, off));
            case FLOAT8 -> Double.longBitsToDouble(int8(b, off));
            case NUMERIC -> numeric(c, b, off);
            case TEXT -> StringData.fromBytes(Arrays.copyOfRange(b, off, off + len));
            case BYTEA -> Arrays.copyOfRange(b, off, off + len);
            case DATE -> date(int4(b, off));
            case TIMESTAMP, TIMESTAMPTZ -> timestamp(int8(b, off));
            case UUID -> StringData.fromString(new UUID(int8(b, off), int8(b, off + 8)).toString());
            // jsonb_send: a version byte (1), then the text
            case JSONB -> StringData.fromBytes(Arrays.copyOfRange(b, off + 1, off + len));
        };
    }

    /**
     * array_send: ndim, has-nulls flag, element oid, (length, lower bound) per dimension, then the
     * elements row-major, each with its length (-1 for NULL). An empty array has 0 dimensions.
     */
    private static Object array(SourceColumn c, byte[] b, int off, int len) {
        int ndim = int4(b, off);
        if (ndim == 0) {
            return new GenericArrayData((Object[]) java.lang.reflect.Array.newInstance(c.arrayDepth() > 1 ? ArrayData.class
                    : elementClass(c.decoding()), 0));
        }
        if (ndim != c.arrayDepth()) {
            throw new IllegalArgumentException("an array of " + ndim + " dimensions in a column read as "
                    + c.arrayDepth() + "-dimensional");
        }
        int[] dims = new int[ndim];
        for (int d = 0; d < ndim; d++) dims[d] = int4(b, off + 12 + 8 * d);
        int[] at = {off + 12 + 8 * ndim};
        return level(c, b, at, dims, 0);
    }

    private static Object level(SourceColumn c, byte[] b, int[] at, int[] dims, int d) {
        // typed arrays (Long[], not Object[]): Flink's converters to Java arrays keep the array they are given
        Object[] out = (Object[]) java.lang.reflect.Array.newInstance(d + 1 < dims.length ? ArrayData.class
                : elementClass(c.decoding()), dims[d]);
        for (int k = 0; k < out.length; k++) {
            if (d + 1 < dims.length) {
                out[k] = level(c, b, at, dims, d + 1);
            } else {
                int len = int4(b, at[0]);
                at[0] += 4;
                if (len >= 0) {
                    out[k] = value(c, b, at[0], len);
                    at[0] += len;
                }
            }
        }
        return new GenericArrayData(out);
    }

    private static Class<?> elementClass(SourceColumn.Decoding d) {
        return switch (d) {
            case BOOL -> Boolean.class;
            case INT2 -> Short.class;
            case INT4, DATE -> Integer.class;
            case INT8, OID -> Long.class;
            case FLOAT4 -> Float.class;
            case FLOAT8 -> Double.class;
            case NUMERIC -> DecimalData.class;
            case TEXT, UUID, JSONB -> StringData.class;
            case BYTEA -> byte[].class;
            case TIMESTAMP, TIMESTAMPTZ -> TimestampData.class;
        };
    }

    private static final int NUMERIC_NEG = 0x4000;
    private static final int NUMERIC_NAN = 0xC000;
    private static final BigInteger NBASE = BigInteger.valueOf(10_000);

    /** numeric_send: ndigits, weight (of the first base-10000 digit), sign, dscale, then the digits. */
    private static DecimalData numeric(SourceColumn c, byte[] b, int off) {
        int ndigits = int2(b, off);
        int weight = (short) int2(b, off + 2);
        int sign = int2(b, off + 4);
        int dscale = int2(b, off + 6);
        if ((sign & 0xC000) == NUMERIC_NAN) {
            throw new IllegalArgumentException((sign == NUMERIC_NAN ? "NaN" : "an infinite numeric")
                    + " has no DECIMAL form");
        }
        if (c.precision() <= MAX_LONG_DIGITS && ndigits <= 4) {
            DecimalData fast = compactNumeric(c, b, off, ndigits, weight, sign == NUMERIC_NEG);
            if (fast != null) return fast;
        }
        BigInteger unscaled = BigInteger.ZERO;
        long small = 0;
        boolean big = false;
        for (int k = 0; k < ndigits; k++) {
            int digit = int2(b, off + 8 + 2 * k);
            if (!big && small < Long.MAX_VALUE / 10_000 - 10_000) {
                small = small * 10_000 + digit;
            } else {
                if (!big) unscaled = BigInteger.valueOf(small);
                big = true;
                unscaled = unscaled.multiply(NBASE).add(BigInteger.valueOf(digit));
            }
        }
        if (!big) unscaled = BigInteger.valueOf(small);
        // the digits stand for unscaled * 10000^(weight - ndigits + 1)
        BigDecimal v = new BigDecimal(unscaled, -4 * (weight - ndigits + 1));
        if (sign == NUMERIC_NEG) v = v.negate();
        v = v.setScale(Math.max(dscale, 0), java.math.RoundingMode.UNNECESSARY);
        DecimalData d = DecimalData.fromBigDecimal(v.setScale(c.scale(), java.math.RoundingMode.UNNECESSARY),
                c.precision(), c.scale());
        if (d == null) {
            throw new IllegalArgumentException(v.toPlainString() + " does not fit DECIMAL(" + c.precision() + ", "
                    + c.scale() + ")");
        }
        return d;
    }

    private static final int MAX_LONG_DIGITS = 18;
    private static final long[] POW10 = new long[MAX_LONG_DIGITS + 1];

    static {
        POW10[0] = 1;
        for (int k = 1; k < POW10.length; k++) POW10[k] = POW10[k - 1] * 10;
    }

    /**
     * The common case without BigDecimal: at most 16 significant digits and a DECIMAL that fits a
     * long. Null when the value needs the general path (more fractional digits than the scale, or
     * more integer digits than the precision), which then decides exactly.
     */
    private static DecimalData compactNumeric(SourceColumn c, byte[] b, int off, int ndigits, int weight,
            boolean negative) {
        long digits = 0;
        for (int k = 0; k < ndigits; k++) digits = digits * 10_000 + int2(b, off + 8 + 2 * k);
        // digits stand for digits * 10^(4 * (weight - ndigits + 1)); unscaled at scale s: times 10^s more
        int exponent = 4 * (weight - ndigits + 1) + c.scale();
        long unscaled;
        if (exponent >= 0) {
            if (exponent > MAX_LONG_DIGITS || digits > POW10[MAX_LONG_DIGITS - exponent]) return null;
            unscaled = digits * POW10[exponent];
        } else {
            if (-exponent > MAX_LONG_DIGITS) return digits == 0 ? DecimalData.fromUnscaledLong(0, c.precision(), c.scale()) : null;
            long p = POW10[-exponent];
            if (digits % p != 0) return null;
            unscaled = digits / p;
        }
        if (unscaled >= POW10[c.precision()]) return null;
        return DecimalData.fromUnscaledLong(negative ? -unscaled : unscaled, c.precision(), c.scale());
    }

    private static int date(int pgDays) {
        if (pgDays == Integer.MAX_VALUE || pgDays == Integer.MIN_VALUE) {
            throw new IllegalArgumentException("an infinite date has no DATE form");
        }
        return (int) (pgDays + PG_EPOCH_DAYS);
    }

    private static TimestampData timestamp(long pgMicros) {
        if (pgMicros == Long.MAX_VALUE || pgMicros == Long.MIN_VALUE) {
            throw new IllegalArgumentException("an infinite timestamp has no TIMESTAMP form");
        }
        long micros = pgMicros + PG_EPOCH_MICROS;
        return TimestampData.fromEpochMillis(Math.floorDiv(micros, 1000L), (int) Math.floorMod(micros, 1000L) * 1000);
    }

    private static int int2(byte[] b, int off) {
        return ((b[off] & 0xFF) << 8) | (b[off + 1] & 0xFF);
    }

    private static int int4(byte[] b, int off) {
        return ((b[off] & 0xFF) << 24) | ((b[off + 1] & 0xFF) << 16) | ((b[off + 2] & 0xFF) << 8) | (b[off + 3] & 0xFF);
    }

    private static long int8(byte[] b, int off) {
        return ((long) int4(b, off) << 32) | (int4(b, off + 4) & 0xFFFFFFFFL);
    }
}
