package io.pgcopy.arrow;

import java.io.Serializable;
import java.util.Map;

/**
 * How PostgreSQL values become Arrow values when reading.
 *
 * @param unconstrainedNumeric how a {@code numeric} without precision (or one Arrow's 128-bit
 *     decimal cannot hold, such as {@code numeric(50,2)}) is read
 * @param numericPrecision the precision of the Decimal an unconstrained numeric is read into
 *     (1..38; default 38)
 * @param numericScale the scale of that Decimal (0..precision; default 18). A value with more
 *     integer or fractional digits than it holds is an error, never rounded
 * @param numericSpecials what a numeric NaN, Infinity or -Infinity read into a Decimal becomes
 * @param infinity what an infinite date, timestamp, timestamptz or interval becomes (Arrow has no
 *     infinity)
 * @param arrayDimensions per column name, the number of dimensions of its arrays, for array
 *     columns whose declared dimensions (pg_attribute.attndims) are missing or wrong; the default
 *     is attndims, or 1 when it is 0 (e.g. in query results)
 */
public record ReadOptions(NumericMode unconstrainedNumeric, int numericPrecision, int numericScale,
        OnSpecial numericSpecials, OnSpecial infinity, Map<String, Integer> arrayDimensions) implements Serializable {

    /** How an unconstrained numeric is read. */
    public enum NumericMode {
        /** Into Decimal(numericPrecision, numericScale); a value that does not fit is an error. */
        DECIMAL,
        /** Into Utf8, exactly as PostgreSQL prints it (NaN and Infinity included). */
        TEXT
    }

    /** What a value Arrow cannot represent (NaN/Infinity numeric, infinite date or timestamp) becomes. */
    public enum OnSpecial {
        ERROR,
        NULL
    }

    public static final ReadOptions DEFAULT = new ReadOptions(NumericMode.DECIMAL, 38, 18, OnSpecial.ERROR,
            OnSpecial.ERROR, Map.of());

    public ReadOptions {
        if (unconstrainedNumeric == null) unconstrainedNumeric = NumericMode.DECIMAL;
        if (numericSpecials == null) numericSpecials = OnSpecial.ERROR;
        if (infinity == null) infinity = OnSpecial.ERROR;
        if (numericPrecision < 1 || numericPrecision > 38) {
            throw new IllegalArgumentException("numericPrecision must be 1..38: " + numericPrecision);
        }
        if (numericScale < 0 || numericScale > numericPrecision) {
            throw new IllegalArgumentException("numericScale must be 0.." + numericPrecision + ": " + numericScale);
        }
        arrayDimensions = arrayDimensions == null ? Map.of() : Map.copyOf(arrayDimensions);
        for (Map.Entry<String, Integer> e : arrayDimensions.entrySet()) {
            if (e.getValue() == null || e.getValue() < 1 || e.getValue() > 6) {
                throw new IllegalArgumentException("arrayDimensions of \"" + e.getKey() + "\" must be 1..6");
            }
        }
    }

    public ReadOptions withUnconstrainedNumeric(NumericMode mode) {
        return new ReadOptions(mode, numericPrecision, numericScale, numericSpecials, infinity, arrayDimensions);
    }

    public ReadOptions withNumericDecimal(int precision, int scale) {
        return new ReadOptions(NumericMode.DECIMAL, precision, scale, numericSpecials, infinity, arrayDimensions);
    }

    public ReadOptions withNumericSpecials(OnSpecial onSpecial) {
        return new ReadOptions(unconstrainedNumeric, numericPrecision, numericScale, onSpecial, infinity,
                arrayDimensions);
    }

    public ReadOptions withInfinity(OnSpecial onInfinity) {
        return new ReadOptions(unconstrainedNumeric, numericPrecision, numericScale, numericSpecials, onInfinity,
                arrayDimensions);
    }

    public ReadOptions withArrayDimensions(Map<String, Integer> dimensions) {
        return new ReadOptions(unconstrainedNumeric, numericPrecision, numericScale, numericSpecials, infinity,
                dimensions);
    }
}
