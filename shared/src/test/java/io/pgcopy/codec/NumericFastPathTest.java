package io.pgcopy.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import io.pgcopy.catalog.Oids;
import io.pgcopy.catalog.PgType;
import io.pgcopy.catalog.TypeModifiers;
import io.pgcopy.values.ByteSink;
import io.pgcopy.values.IndexedValues;
import io.pgcopy.values.SourceType;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The long-based numeric path (decimals with precision &le; 18) against a reference built from the
 * definition numeric_recv reads: value = sum(d[k] * 10000^(weight - k)), no zero digit at either end.
 */
class NumericFastPathTest {
    private static final BigDecimal BASE = BigDecimal.valueOf(10_000);

    @Test
    void everyScaleAndMagnitudeMatchesTheDefinition() throws IOException {
        SplittableRandom r = new SplittableRandom(11);
        for (int scale = 0; scale <= 18; scale++) {
            for (int digits = 1; digits <= 18; digits++) {
                for (int k = 0; k < 20; k++) {
                    long magnitude = (long) Math.pow(10, digits - 1);
                    long unscaled = magnitude + r.nextLong(magnitude * 9);
                    if (k % 4 == 0) unscaled = magnitude; // trailing zeros
                    if (k % 2 == 1) unscaled = -unscaled;
                    check(unscaled, 18, scale, -1);
                    check(unscaled, 18, scale, TypeModifiers.numericTypmod(38, scale));
                }
            }
        }
        for (long unscaled : new long[] {0, 1, -1, 9999, 10_000, 100_000_000, 999_999_999_999_999_999L,
                -999_999_999_999_999_999L, Long.MAX_VALUE, Long.MIN_VALUE + 1, 922_337_203_685_477_58L}) {
            for (int scale = 0; scale <= 18; scale++) check(unscaled, 18, scale, -1);
        }
    }

    @Test
    void lineitemPricesIntoNumeric15x2() throws IOException {
        SplittableRandom r = new SplittableRandom(3);
        for (int k = 0; k < 10_000; k++) {
            check(r.nextLong(-999_999_999_999_999L, 1_000_000_000_000_000L), 15, 2, TypeModifiers.numericTypmod(15, 2));
        }
    }

    private static void check(long unscaled, int sourcePrecision, int scale, int typmod) throws IOException {
        ValueEncoder encoder = EncoderFactory.create(SourceType.decimal(sourcePrecision, scale),
                PgType.base(Oids.NUMERIC, "numeric"), typmod, EncoderFactory.Options.DEFAULT);
        ByteArrayOutputStream sent = new ByteArrayOutputStream();
        CopyBuffer out = new CopyBuffer((chunk, offset, length) -> sent.write(chunk, offset, length), 1024);
        encoder.encode(new OneDecimal(unscaled), 0, out);
        out.flush();
        BigDecimal value = BigDecimal.valueOf(unscaled, scale);
        int dscale = typmod < 0 ? scale : TypeModifiers.numericScale(typmod);
        assertArrayEquals(reference(value.setScale(dscale, RoundingMode.HALF_UP)), sent.toByteArray(),
                value.toPlainString());
    }

    /** The field as numeric_send would produce it, from the definition alone. */
    static byte[] reference(BigDecimal v) throws IOException {
        List<Integer> digits = new ArrayList<>();
        int weight = 0;
        BigDecimal abs = v.abs();
        if (abs.signum() != 0) {
            while (abs.compareTo(BASE.pow(weight + 1)) >= 0) weight++;
            while (abs.compareTo(BigDecimal.ONE.movePointLeft(4 * -weight)) < 0) weight--;
            BigDecimal rest = weight >= 0 ? abs.divide(BASE.pow(weight)) : abs.multiply(BASE.pow(-weight));
            while (rest.signum() != 0) {
                BigDecimal d = rest.setScale(0, RoundingMode.DOWN);
                digits.add(d.intValueExact());
                rest = rest.subtract(d).multiply(BASE);
            }
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(8 + 2 * digits.size());
        out.writeShort(digits.size());
        out.writeShort(weight);
        out.writeShort(v.signum() < 0 ? NumericFormat.SIGN_NEG : NumericFormat.SIGN_POS);
        out.writeShort(v.scale());
        for (int d : digits) out.writeShort(d);
        return bytes.toByteArray();
    }

    /** One non-null DECIMAL value. */
    private record OneDecimal(long unscaled) implements IndexedValues {
        public int size() { return 1; }
        public boolean isNull(int i) { return false; }
        public boolean getBoolean(int i) { throw new UnsupportedOperationException(); }
        public byte getByte(int i) { throw new UnsupportedOperationException(); }
        public short getShort(int i) { throw new UnsupportedOperationException(); }
        public int getInt(int i) { throw new UnsupportedOperationException(); }
        public long getLong(int i) { throw new UnsupportedOperationException(); }
        public float getFloat(int i) { throw new UnsupportedOperationException(); }
        public double getDouble(int i) { throw new UnsupportedOperationException(); }
        public long getDecimalUnscaled(int i, int precision, int scale) { return unscaled; }
        public BigDecimal getDecimal(int i, int precision, int scale) { return BigDecimal.valueOf(unscaled, scale); }
        public void writeUtf8(int i, ByteSink sink) { throw new UnsupportedOperationException(); }
        public byte[] getBinary(int i) { throw new UnsupportedOperationException(); }
        public IndexedValues getArray(int i) { throw new UnsupportedOperationException(); }
    }
}
