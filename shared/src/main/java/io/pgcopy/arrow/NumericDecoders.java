package io.pgcopy.arrow;

import static io.pgcopy.codec.NumericFormat.SIGN_NAN;
import static io.pgcopy.codec.NumericFormat.SIGN_NEG;
import static io.pgcopy.codec.NumericFormat.SIGN_NINF;
import static io.pgcopy.codec.NumericFormat.SIGN_PINF;
import static io.pgcopy.codec.NumericFormat.SIGN_POS;
import static io.pgcopy.codec.NumericFormat.pow10;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Arrays;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.types.pojo.ArrowType;

/**
 * numeric (numeric.c numeric_send): int16 ndigits, int16 weight, uint16 sign, uint16 dscale, then
 * ndigits base-10000 digits; value = sum(d[k] * 10000^(weight - k)). Sign 0x4000 is negative,
 * 0xC000 NaN, 0xD000 +Infinity, 0xF000 -Infinity (PostgreSQL 14+).
 */
final class NumericDecoders {
    private NumericDecoders() {}


    /** LIMIT[k]: the largest x with x * 10^k < 10^18. */
    private static final long[] LIMIT = new long[19];

    static {
        for (int k = 0; k < LIMIT.length; k++) LIMIT[k] = (pow10(18) - 1) / pow10(k);
    }

    /** Into Decimal(precision, scale); a value with digits the decimal cannot hold is an error. */
    static ColumnDecoder decimal(int precision, int scale, boolean specialsToNull, String hint) {
        return new ColumnDecoder() {
            DecimalVector v;

            @Override ArrowType arrowType() { return new ArrowType.Decimal(precision, scale, 128); }
            @Override void bind(FieldVector vector) { super.bind(vector); v = (DecimalVector) vector; }

            @Override
            void decode(byte[] b, int off, int len, int index) {
                if (len < 8) header(b, off, len);
                int ndigits = Bytes.getShort(b, off);
                int weight = Bytes.getShort(b, off + 2);
                int sign = Bytes.getShort(b, off + 4) & 0xFFFF;
                if (ndigits < 0 || len != 8 + 2 * ndigits) header(b, off, len);
                if (sign != SIGN_POS && sign != SIGN_NEG) {
                    String name = special(sign);
                    if (specialsToNull) {
                        v.setNull(index);
                        return;
                    }
                    throw new DecodeException("numeric " + name + " has no Decimal value (read it as NULL with the"
                            + " numericSpecials option" + hint + ")");
                }
                // the hot path: up to 4 base-10000 digits (16 decimal digits) in a long, one scaling step,
                // no allocation; the unscaled value is digits * 10^(scale - 4 * fractional groups)
                int dscale = Bytes.getShort(b, off + 6) & 0xFFFF;
                if ((dscale & 0xC000) != 0) throw new DecodeException("invalid scale in numeric value: " + dscale);
                // digits past dscale would be cut off by numeric_recv (trunc_var): refuse rather than differ
                int hidden = 4 * (ndigits - 1 - weight) - dscale;
                boolean slow = ndigits > 4;
                long acc = 0;
                if (!slow) {
                    for (int k = 0; k < ndigits; k++) {
                        int d = Bytes.getShort(b, off + 8 + 2 * k);
                        if (d < 0 || d > 9999) header(b, off, len);
                        acc = acc * 10_000 + d;
                    }
                    if (hidden > 0 && acc != 0 && (hidden > 18 || acc % pow10(hidden) != 0)) throw hiddenDigits(dscale);
                    int exp = scale - 4 * (ndigits - 1 - weight);
                    if (acc == 0) {
                        exp = 0;
                    } else if (exp < 0) {
                        if (exp < -18) throw lostDigits(b, off, len);
                        long p = pow10(-exp);
                        if (acc % p != 0) throw lostDigits(b, off, len);
                        acc /= p;
                    } else if (exp > 0) {
                        if (exp > 18 || acc > LIMIT[exp]) {
                            slow = true;
                        } else {
                            acc *= pow10(exp);
                        }
                    }
                }
                if (slow) {
                    header(b, off, len);
                    BigDecimal value = toBigDecimal(b, off, len);
                    if (hidden > 0 && value.signum() != 0 && value.stripTrailingZeros().scale() > dscale) {
                        throw hiddenDigits(dscale);
                    }
                    BigDecimal scaled;
                    try {
                        scaled = value.setScale(scale);
                    } catch (ArithmeticException e) {
                        throw lostDigits(b, off, len);
                    }
                    if (scaled.precision() > precision && scaled.signum() != 0) throw overflow(value);
                    reserve(index);
                    v.set(index, scaled);
                    return;
                }
                if (precision < 18 && acc >= pow10(precision)) throw overflow(toBigDecimal(b, off, len));
                reserve(index);
                v.set(index, sign == SIGN_NEG ? -acc : acc);
            }

            private DecodeException hiddenDigits(int dscale) {
                return new DecodeException("incorrect binary data format: numeric has digits beyond its display scale "
                        + dscale);
            }

            private DecodeException lostDigits(byte[] b, int off, int len) {
                return new DecodeException("numeric value " + toBigDecimal(b, off, len).toPlainString() + " has more"
                        + " than " + scale + " fractional digits: it does not fit Decimal(" + precision + "," + scale
                        + ")" + hint);
            }

            private DecodeException overflow(BigDecimal value) {
                return new DecodeException("numeric value " + value.toPlainString() + " has more than "
                        + (precision - scale) + " integer digits: it does not fit Decimal(" + precision + ","
                        + scale + ")" + hint);
            }
        };
    }

    /** Into Utf8, exactly as numeric_out prints it: dscale fractional digits, NaN, Infinity. */
    static ColumnDecoder text() {
        return new ColumnDecoder() {
            VarCharVector v;
            byte[] out = new byte[64];

            @Override ArrowType arrowType() { return ArrowType.Utf8.INSTANCE; }
            @Override void bind(FieldVector vector) { super.bind(vector); v = (VarCharVector) vector; }

            @Override
            void decode(byte[] b, int off, int len, int index) {
                int ndigits = header(b, off, len);
                int weight = Bytes.getShort(b, off + 2);
                int sign = Bytes.getShort(b, off + 4) & 0xFFFF;
                int dscale = Bytes.getShort(b, off + 6) & 0xFFFF;
                if (sign != SIGN_POS && sign != SIGN_NEG) {
                    byte[] name = special(sign).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
                    v.setSafe(index, name, 0, name.length);
                    return;
                }
                if ((dscale & 0xC000) != 0) throw new DecodeException("invalid scale in numeric value: " + dscale);
                int max = 2 + 4 * (Math.max(weight, 0) + 1) + 1 + dscale + 4;
                if (out.length < max) out = Arrays.copyOf(out, Math.max(max, out.length * 2));
                int n = format(b, off, ndigits, weight, sign, dscale, out);
                v.setSafe(index, out, 0, n);
            }
        };
    }

    /** Checks the length against the header and returns ndigits. */
    static int header(byte[] b, int off, int len) {
        if (len < 8) throw new DecodeException("incorrect binary data format: numeric needs 8 header bytes, got " + len);
        int ndigits = Bytes.getShort(b, off);
        if (ndigits < 0 || len != 8 + 2 * ndigits) {
            throw new DecodeException("incorrect binary data format: numeric with " + ndigits + " digits in " + len
                    + " bytes");
        }
        for (int k = 0; k < ndigits; k++) {
            int d = Bytes.getShort(b, off + 8 + 2 * k);
            if (d < 0 || d > 9999) throw new DecodeException("invalid digit in numeric value: " + d);
        }
        return ndigits;
    }

    static String special(int sign) {
        switch (sign) {
            case SIGN_NAN: return "NaN";
            case SIGN_PINF: return "Infinity";
            case SIGN_NINF: return "-Infinity";
            default: throw new DecodeException("invalid sign in numeric value: 0x" + Integer.toHexString(sign));
        }
    }

    /** numeric_out's get_str_from_var: the integer part without leading zeros, then dscale digits. */
    static int format(byte[] b, int off, int ndigits, int weight, int sign, int dscale, byte[] out) {
        int p = 0;
        if (sign == SIGN_NEG) out[p++] = '-';
        if (weight < 0) {
            out[p++] = '0';
        } else {
            for (int k = 0; k <= weight; k++) {
                int d = k < ndigits ? Bytes.getShort(b, off + 8 + 2 * k) : 0;
                if (k == 0) {
                    // the first group without leading zeros
                    if (d >= 1000) out[p++] = (byte) ('0' + d / 1000);
                    if (d >= 100) out[p++] = (byte) ('0' + d / 100 % 10);
                    if (d >= 10) out[p++] = (byte) ('0' + d / 10 % 10);
                    out[p++] = (byte) ('0' + d % 10);
                } else {
                    out[p++] = (byte) ('0' + d / 1000);
                    out[p++] = (byte) ('0' + d / 100 % 10);
                    out[p++] = (byte) ('0' + d / 10 % 10);
                    out[p++] = (byte) ('0' + d % 10);
                }
            }
        }
        if (dscale > 0) {
            out[p++] = '.';
            int written = 0;
            for (int k = weight + 1; written < dscale; k++) {
                int d = k >= 0 && k < ndigits ? Bytes.getShort(b, off + 8 + 2 * k) : 0;
                int div = 1000;
                for (int j = 0; j < 4 && written < dscale; j++, written++) {
                    out[p++] = (byte) ('0' + d / div % 10);
                    div /= 10;
                }
            }
        }
        return p;
    }

    /** The exact value (allocates: for long values and error messages only). */
    static BigDecimal toBigDecimal(byte[] b, int off, int len) {
        int ndigits = Bytes.getShort(b, off);
        int weight = Bytes.getShort(b, off + 2);
        int sign = Bytes.getShort(b, off + 4) & 0xFFFF;
        if (ndigits == 0) return BigDecimal.ZERO;
        StringBuilder digits = new StringBuilder(ndigits * 4);
        for (int k = 0; k < ndigits; k++) {
            String d = Integer.toString(Bytes.getShort(b, off + 8 + 2 * k));
            for (int z = d.length(); z < 4; z++) digits.append('0');
            digits.append(d);
        }
        // the last digit group is worth 10000^(weight - ndigits + 1)
        BigDecimal value = new BigDecimal(new BigInteger(digits.toString()), -4 * (weight - ndigits + 1));
        return sign == SIGN_NEG ? value.negate() : value;
    }
}
