package io.pgcopy.codec;

import static io.pgcopy.codec.NumericFormat.SIGN_NAN;
import static io.pgcopy.codec.NumericFormat.SIGN_NEG;
import static io.pgcopy.codec.NumericFormat.SIGN_NINF;
import static io.pgcopy.codec.NumericFormat.SIGN_PINF;
import static io.pgcopy.codec.NumericFormat.SIGN_POS;
import static io.pgcopy.codec.NumericFormat.pow10;

import io.pgcopy.catalog.TypeModifiers;
import io.pgcopy.values.IndexedValues;
import io.pgcopy.values.SourceType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;

/**
 * numeric, as numeric_recv reads it (numeric.c): int16 ndigits, int16 weight, uint16 sign, uint16
 * dscale, then ndigits base-10000 digits; value = sum(d[k] * 10000^(weight - k)). Leading and
 * trailing zero digits are stripped as numeric_send does, so the bytes equal PostgreSQL's own.
 *
 * <p>For numeric(p,s) the value is rounded half away from zero to s digits (apply_typmod does the
 * same) and sent with dscale s; more than p - s integer digits is an error here, before the server.
 */
final class NumericEncoder implements ValueEncoder {


    /** The largest value that can be multiplied by 10^pad (pad = 0..3) without overflowing a long. */
    private static final long[] MAX_PADDABLE = new long[4];

    static {
        for (int pad = 0; pad < 4; pad++) MAX_PADDABLE[pad] = Long.MAX_VALUE / pow10(pad);
    }

    private final SourceType source;
    private final int precision; // -1: unconstrained
    private final int scale;
    private final String typeName;
    private final boolean infinityHeld;
    private final short[] digits = new short[64];

    NumericEncoder(SourceType source, int typmod, boolean infinityHeld) {
        this.source = source;
        this.infinityHeld = infinityHeld;
        this.precision = TypeModifiers.numericPrecision(typmod);
        this.scale = precision < 0 ? 0 : TypeModifiers.numericScale(typmod);
        this.typeName = precision < 0 ? "numeric" : "numeric(" + precision + "," + scale + ")";
    }

    /** @param infinityHeld whether the server's numeric has ±Infinity (PostgreSQL 14 on) */
    static ValueEncoder create(SourceType s, int typmod, boolean infinityHeld) {
        switch (s.kind()) {
            case DECIMAL: case BYTE: case SHORT: case INT: case LONG: case FLOAT: case DOUBLE:
                return new NumericEncoder(s, typmod, infinityHeld);
            default:
                return null;
        }
    }

    @Override
    public void encode(IndexedValues v, int i, CopyBuffer out) {
        switch (source.kind()) {
            case DECIMAL:
                if (source.precision() <= 18) {
                    writeUnscaled(out, v.getDecimalUnscaled(i, source.precision(), source.scale()), source.scale());
                } else {
                    writeBig(out, v.getDecimal(i, source.precision(), source.scale()));
                }
                return;
            case BYTE: case SHORT: case INT: case LONG:
                writeUnscaled(out, NumberEncoders.integral(v, i, source.kind()), 0);
                return;
            case FLOAT:
                writeDouble(out, v.getFloat(i), true);
                return;
            default:
                writeDouble(out, v.getDouble(i), false);
        }
    }

    private void writeDouble(CopyBuffer out, double d, boolean fromFloat) {
        if (Double.isNaN(d)) {
            writeSpecial(out, SIGN_NAN);
        } else if (Double.isInfinite(d)) {
            if (precision >= 0) throw new BadValueException(typeName + " cannot hold infinity", Double.toString(d));
            if (!infinityHeld) {
                throw new BadValueException("numeric holds no infinity before PostgreSQL 14", Double.toString(d));
            }
            writeSpecial(out, d > 0 ? SIGN_PINF : SIGN_NINF);
        } else {
            // the shortest decimal that reads back as the same float/double, as PostgreSQL's float8 -> numeric
            writeBig(out, new BigDecimal(fromFloat ? Float.toString((float) d) : Double.toString(d)));
        }
    }

    /** NaN and infinities have no digits; numeric_send shows dscale 32 for infinities, which recv ignores. */
    private static void writeSpecial(CopyBuffer out, int sign) {
        out.writeInt(8);
        out.writeShort(0);
        out.writeShort(0);
        out.writeShort(sign);
        out.writeShort(sign == SIGN_NAN ? 0 : 0x20);
    }

    /** The hot path: a decimal that fits a long, e.g. Spark's Decimal(15,2). */
    private void writeUnscaled(CopyBuffer out, long unscaled, int valueScale) {
        if (unscaled == Long.MIN_VALUE || valueScale < 0 || valueScale > 18) {
            writeBig(out, BigDecimal.valueOf(unscaled, valueScale));
            return;
        }
        if (precision >= 0) {
            long original = unscaled;
            int originalScale = valueScale;
            if (valueScale > scale) {
                if (scale < 0) {
                    writeBig(out, BigDecimal.valueOf(unscaled, valueScale));
                    return;
                }
                long d = pow10(valueScale - scale);
                long q = unscaled / d;
                long r = unscaled % d;
                if (Math.abs(r) * 2 >= d) q += unscaled < 0 ? -1 : 1;
                unscaled = q;
            } else if (valueScale < scale) {
                int up = scale - valueScale;
                if (up > 18 || Math.abs(unscaled) > Long.MAX_VALUE / pow10(up)) {
                    writeBig(out, BigDecimal.valueOf(unscaled, valueScale));
                    return;
                }
                unscaled *= pow10(up);
            }
            valueScale = scale;
            if (precision <= 18 && Math.abs(unscaled) >= pow10(precision)) {
                throw overflow(BigDecimal.valueOf(original, originalScale));
            }
        }
        boolean negative = unscaled < 0;
        long abs = Math.abs(unscaled);
        // Append zeros so the fraction fills whole base-10000 groups: then the digits, and the
        // weight, fall out of divisions by constants (multiplications once JIT-compiled).
        int pad = (4 - valueScale % 4) % 4;
        if (abs > MAX_PADDABLE[pad]) {
            writeDigits(out, Long.toString(abs), valueScale, negative);
            return;
        }
        long x = abs * pow10(pad);
        // base-10000 groups g0 (least significant) .. g4; split at 10^8 first so that most of the
        // work is int arithmetic in independent chains rather than one long chain of divisions
        long high = x / 100_000_000L; // < 10^11
        int low8 = (int) (x - high * 100_000_000L);
        int top = (int) (high / 100_000_000L); // < 10^3
        int mid8 = (int) (high - top * 100_000_000L);
        int g0 = low8 % 10000;
        int g1 = low8 / 10000;
        int g2 = mid8 % 10000;
        int g3 = mid8 / 10000;
        int n = top != 0 ? 5 : g3 != 0 ? 4 : g2 != 0 ? 3 : g1 != 0 ? 2 : g0 != 0 ? 1 : 0;
        // trailing zero groups are not sent (numeric_send strips them)
        int trailing = n == 0 ? 0 : g0 != 0 ? 0 : g1 != 0 ? 1 : g2 != 0 ? 2 : g3 != 0 ? 3 : 4;
        int ndigits = n - trailing;
        int weight = n == 0 ? 0 : n - 1 - (valueScale + pad) / 4;

        out.ensure(4 + 8 + 2 * n);
        byte[] b = out.array();
        int p = out.position();
        CopyBuffer.putInt(b, p, 8 + 2 * ndigits);
        CopyBuffer.putShort(b, p + 4, ndigits);
        CopyBuffer.putShort(b, p + 6, weight);
        CopyBuffer.putShort(b, p + 8, negative && ndigits > 0 ? SIGN_NEG : SIGN_POS);
        CopyBuffer.putShort(b, p + 10, valueScale);
        // most significant first: g(n-1) at p + 12 ... g0 at last; groups in the stripped tail
        // are written past the field's end and dropped by the final position
        int last = p + 12 + 2 * (n - 1);
        if (n >= 5) CopyBuffer.putShort(b, last - 8, top);
        if (n >= 4) CopyBuffer.putShort(b, last - 6, g3);
        if (n >= 3) CopyBuffer.putShort(b, last - 4, g2);
        if (n >= 2) CopyBuffer.putShort(b, last - 2, g1);
        if (n >= 1) CopyBuffer.putShort(b, last, g0);
        out.position(p + 12 + 2 * ndigits);
    }

    private void writeBig(CopyBuffer out, BigDecimal value) {
        BigDecimal v = value;
        if (precision >= 0) {
            v = v.setScale(scale, RoundingMode.HALF_UP);
            if (v.unscaledValue().abs().compareTo(BigInteger.TEN.pow(precision)) >= 0) throw overflow(value);
        }
        if (v.scale() < 0) v = v.setScale(0);
        if (v.scale() > 0x3FFF) throw new BadValueException("scale " + v.scale() + " is more than numeric allows (16383)",
                value.toString());
        int valueScale = v.scale();
        if (v.unscaledValue().bitLength() < 63 && valueScale <= 18) {
            writeUnscaled(out, v.unscaledValue().longValue(), valueScale);
            return;
        }
        writeDigits(out, v.unscaledValue().abs().toString(), valueScale, v.signum() < 0);
    }

    /** The slow path: the decimal digits of the unscaled magnitude, grouped by 4 around the decimal point. */
    private void writeDigits(CopyBuffer out, String s, int valueScale, boolean negative) {
        String intStr = s.length() > valueScale ? s.substring(0, s.length() - valueScale) : "";
        String fracStr = s.length() > valueScale ? s.substring(s.length() - valueScale)
                : "0".repeat(valueScale - s.length()) + s;
        int intGroups = (intStr.length() + 3) / 4;
        int fracGroups = (valueScale + 3) / 4;
        // pad so that both parts fill whole base-10000 groups, aligned on the decimal point
        String padded = "0".repeat(intGroups * 4 - intStr.length()) + intStr + fracStr
                + "0".repeat(fracGroups * 4 - fracStr.length());
        int total = intGroups + fracGroups;
        short[] d = total <= digits.length ? digits : new short[total];
        for (int g = 0; g < total; g++) d[g] = (short) Integer.parseInt(padded, g * 4, g * 4 + 4, 10);
        emit(out, d, total, intGroups, negative, valueScale);
    }

    /** Strips zero groups at both ends, as numeric_send sees a normalized value, and writes the field. */
    private static void emit(CopyBuffer out, short[] d, int n, int intGroups, boolean negative, int dscale) {
        int start = 0;
        while (start < n && d[start] == 0) start++;
        int end = n;
        while (end > start && d[end - 1] == 0) end--;
        int ndigits = end - start;
        int weight = ndigits == 0 ? 0 : intGroups - 1 - start;
        int sign = negative && ndigits > 0 ? SIGN_NEG : SIGN_POS;
        out.writeInt(8 + 2 * ndigits);
        out.writeShort(ndigits);
        out.writeShort(weight);
        out.writeShort(sign);
        out.writeShort(dscale);
        for (int k = start; k < end; k++) out.writeShort(d[k]);
    }

    private BadValueException overflow(BigDecimal value) {
        return new BadValueException("numeric field overflow: " + typeName + " holds at most " + (precision - scale)
                + " integer digits", value.toPlainString());
    }
}
