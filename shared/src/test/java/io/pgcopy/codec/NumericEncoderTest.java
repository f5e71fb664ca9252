package io.pgcopy.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.pgcopy.catalog.TypeModifiers;
import io.pgcopy.testing.CopyBytes;
import io.pgcopy.testing.ObjectValues;
import io.pgcopy.values.SourceType;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Known numeric_send byte strings (checked against a server in GoldenEncodingTest too). */
class NumericEncoderTest {
    private static String encode(SourceType source, int typmod, Object value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CopyBuffer buffer = new CopyBuffer(out::write, 1024);
        new NumericEncoder(source, typmod, true).encode(new ObjectValues(value), 0, buffer);
        buffer.flush();
        byte[] b = out.toByteArray();
        return CopyBytes.hex(Arrays.copyOfRange(b, 4, b.length)); // without the field length
    }

    @Test
    void layoutsFromTheWireNotes() {
        SourceType dec = SourceType.decimal(18, 4);
        assertEquals("00020000 00000004 04d2162e", encode(dec, -1, new BigDecimal("1234.5678")));
        assertEquals("0001fffe 00000005 03e8", encode(SourceType.decimal(10, 5), -1, new BigDecimal("0.00001")));
        assertEquals("00020000 40000001 00011388", encode(SourceType.decimal(5, 1), -1, new BigDecimal("-1.5")));
    }

    @Test
    void bigDecimalsWithNegativeScaleAreWholeNumbers() {
        assertEquals(encode(SourceType.decimal(40, 0), -1, new BigDecimal("17500000")),
                encode(SourceType.decimal(40, 0), -1, new BigDecimal("1.75E+7")));
    }

    @Test
    void thirtySixNinesStayNines() {
        // PgBulkInsert #135 wrote 10^36 for 999...9
        String nines = "9".repeat(36);
        assertEquals("00090008 00000000" + " 270f270f".repeat(4) + " 270f",
                encode(SourceType.decimal(38, 0), -1, new BigDecimal(nines)));
    }

    @Test
    void typmodRoundsHalfAwayFromZeroAndChecksPrecision() {
        int typmod = TypeModifiers.numericTypmod(5, 2);
        assertEquals(encode(SourceType.decimal(5, 2), typmod, new BigDecimal("1.01")),
                encode(SourceType.decimal(6, 3), typmod, new BigDecimal("1.005")));
        assertEquals(encode(SourceType.decimal(5, 2), typmod, new BigDecimal("-1.01")),
                encode(SourceType.decimal(6, 3), typmod, new BigDecimal("-1.005")));
        assertThrows(BadValueException.class,
                () -> encode(SourceType.decimal(6, 2), typmod, new BigDecimal("1000.00")));
        assertThrows(BadValueException.class, () -> encode(SourceType.DOUBLE, typmod, Double.POSITIVE_INFINITY));
    }
}
