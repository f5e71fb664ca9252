package io.pgcopy.arrow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgcopy.catalog.Oids;
import io.pgcopy.codec.BinaryCopyReader;
import io.pgcopy.codec.CopyBuffer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Decoders fed hand-made binary values: malformed input and the no-allocation hot path. */
class DecoderTest {
    private BufferAllocator allocator;

    @BeforeEach
    void open() {
        allocator = new RootAllocator();
    }

    @AfterEach
    void close() {
        allocator.close();
    }

    private VectorSchemaRoot root(ColumnDecoder... decoders) {
        Schema schema = new Schema(java.util.Arrays.stream(decoders).map(d -> d.field("c", true, Map.of())).toList());
        VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator);
        for (int k = 0; k < decoders.length; k++) {
            FieldVector v = root.getVector(k);
            v.setInitialCapacity(4096);
            v.allocateNew();
            decoders[k].bind(v);
        }
        return root;
    }

    /** numeric_send's layout: ndigits, weight, sign, dscale, digits. */
    private static byte[] numeric(int weight, int sign, int dscale, int... digits) {
        ByteBuffer b = ByteBuffer.allocate(8 + 2 * digits.length);
        b.putShort((short) digits.length).putShort((short) weight).putShort((short) sign).putShort((short) dscale);
        for (int d : digits) b.putShort((short) d);
        return b.array();
    }

    private static byte[] array(int ndim, int flags, int oid, int[] dims, byte[]... elements) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuffer h = ByteBuffer.allocate(12 + 8 * dims.length);
        h.putInt(ndim).putInt(flags).putInt(oid);
        for (int d : dims) h.putInt(d).putInt(1);
        out.writeBytes(h.array());
        for (byte[] e : elements) {
            out.writeBytes(ByteBuffer.allocate(4).putInt(e == null ? -1 : e.length).array());
            if (e != null) out.writeBytes(e);
        }
        return out.toByteArray();
    }

    private static byte[] int4(int v) {
        return ByteBuffer.allocate(4).putInt(v).array();
    }

    private static String decodeError(ColumnDecoder d, byte[] value) {
        return assertThrows(DecodeException.class, () -> d.decode(value, 0, value.length, 0)).getMessage();
    }

    @Test
    void numericDigitsMapOntoDecimalsExactly() {
        ColumnDecoder d = NumericDecoders.decimal(38, 4, false, "");
        try (VectorSchemaRoot root = root(d)) {
            DecimalVector v = (DecimalVector) root.getVector(0);
            Object[][] cases = {
                {numeric(1, 0, 4, 1234, 5678, 9000), "12345678.9000"},
                {numeric(-1, 0x4000, 4, 1), "-0.0001"},
                {numeric(0, 0, 0), "0.0000"},
                {numeric(4, 0, 0, 1), "10000000000000000.0000"},
                {numeric(7, 0, 0, 9999, 9999, 9999, 9999, 9999, 9999, 9999, 9999), "99999999999999999999999999999999.0000"},
                {numeric(8, 0x4000, 0, 9, 9999, 9999, 9999, 9999, 9999, 9999, 9999, 9999), "-" + "9".repeat(33) + ".0000"},
                {numeric(0, 0x4000, 4, 1, 5000), "-1.5000"},
            };
            for (int k = 0; k < cases.length; k++) {
                byte[] b = (byte[]) cases[k][0];
                d.decode(b, 0, b.length, k);
                assertEquals(new BigDecimal((String) cases[k][1]), v.getObject(k), "case " + k);
            }
            // one digit more than the scale holds, or the precision: errors, not rounding
            assertTrue(decodeError(d, numeric(-2, 0, 5, 1000)).contains("fractional digits"));
            assertTrue(decodeError(d, numeric(9, 0, 0, 1)).contains("integer digits"));
            assertTrue(decodeError(d, numeric(0, 0xC000, 0)).contains("NaN"));
            assertTrue(decodeError(d, numeric(0, 0x1234, 0)).contains("invalid sign"));
            assertTrue(decodeError(d, numeric(0, 0, 0, 10000)).contains("invalid digit"));
            byte[] bad = numeric(0, 0, 0, 1, 2);
            assertTrue(assertThrows(DecodeException.class, () -> d.decode(bad, 0, bad.length - 1, 0)).getMessage()
                    .contains("incorrect binary data format"));
        }
    }

    @Test
    void arrayPayloadsAreChecked() {
        ArrayDecoder d = new ArrayDecoder(Oids.INT4, "integer", Decoders.int4(), 1);
        try (VectorSchemaRoot root = root(d)) {
            byte[] good = array(1, 1, Oids.INT4, new int[] {3}, int4(1), null, int4(3));
            d.decode(good, 0, good.length, 0);
            root.setRowCount(1);
            assertEquals(java.util.Arrays.asList(1, null, 3), root.getVector(0).getObject(0));
            assertTrue(decodeError(d, array(1, 0, Oids.INT8, new int[] {1}, new byte[8])).contains("wrong element type"));
            assertTrue(decodeError(d, array(2, 0, Oids.INT4, new int[] {1, 1}, int4(1))).contains("2 dimensions"));
            assertTrue(decodeError(d, array(1, 2, Oids.INT4, new int[] {1}, int4(1))).contains("flags"));
            assertTrue(decodeError(d, array(1, 0, Oids.INT4, new int[] {2}, int4(1))).contains("incorrect binary data"));
            assertTrue(decodeError(d, array(1, 0, Oids.INT4, new int[] {1}, new byte[3])).contains("takes 4 bytes"));
            assertTrue(decodeError(d, array(1, 0, Oids.INT4, new int[] {1000000}, int4(1))).contains("elements in"));
            byte[] extra = array(1, 0, Oids.INT4, new int[] {1}, int4(1), int4(2));
            assertTrue(decodeError(d, extra).contains("bytes after the array"));
        }
    }

    @Test
    void malformedFixedWidthValues() {
        assertTrue(decodeError(Decoders.int8(), new byte[4]).contains("bigint takes 8 bytes, got 4"));
        assertTrue(decodeError(Decoders.uuid(), new byte[15]).contains("uuid takes 16 bytes"));
        assertTrue(decodeError(Decoders.jsonb(), new byte[] {2, '{', '}'}).contains("jsonb version"));
        assertTrue(decodeError(TextDecoders.inet(false), new byte[] {7, 32, 0, 4, 1, 2, 3, 4}).contains("family"));
    }

    private static long allocatedBytes() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }

    /** A COPY stream of rows (int4, int8, float8, text, numeric(15,2), date, timestamptz). */
    private static byte[] stream(int rows) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CopyBuffer b = new CopyBuffer((chunk, off, len) -> out.write(chunk, off, len), 1 << 16);
        b.writeHeader();
        byte[] text = "some text value ☃".getBytes(StandardCharsets.UTF_8);
        for (int r = 0; r < rows; r++) {
            b.startRow(7);
            b.writeInt(4);
            b.writeInt(r);
            b.writeInt(8);
            b.writeLong(r * 3L);
            b.writeInt(8);
            b.writeLong(Double.doubleToLongBits(r * 0.5));
            b.writeInt(text.length);
            b.write(text, 0, text.length);
            byte[] n = numeric(1, r % 2 == 0 ? 0 : 0x4000, 2, 12, r % 10000, 5000); // 12xxxx.50
            b.writeInt(n.length);
            b.write(n, 0, n.length);
            b.writeInt(4);
            b.writeInt(r % 1000);
            b.writeInt(8);
            b.writeLong(r * 1_000_000L);
        }
        b.writeTrailer();
        b.flush();
        return out.toByteArray();
    }

    @Test
    void theHotPathDoesNotAllocatePerValue() throws Exception {
        int rows = 4096;
        byte[] data = stream(rows);
        ColumnDecoder[] decoders = {Decoders.int4(), Decoders.int8(), Decoders.float8(), Decoders.text(),
            NumericDecoders.decimal(15, 2, false, ""), Decoders.date(false), Decoders.timestamp(true, false)};
        try (VectorSchemaRoot root = root(decoders)) {
            long perPass = 0;
            for (int pass = 0; pass < 30; pass++) {
                for (FieldVector v : root.getFieldVectors()) v.reset();
                BinaryCopyReader reader = new BinaryCopyReader(new ByteArrayInputStream(data), 1 << 16);
                long before = allocatedBytes();
                int n = 0;
                while (reader.nextRow()) {
                    for (int c = 0; c < decoders.length; c++) {
                        int len = reader.nextField();
                        if (len < 0) decoders[c].setNull(n);
                        else decoders[c].decode(reader.buffer(), reader.offset(), len, n);
                    }
                    n++;
                }
                perPass = allocatedBytes() - before;
                assertEquals(rows, n);
            }
            root.setRowCount(rows);
            assertEquals(new BigDecimal("-120001.50"), ((DecimalVector) root.getVector(4)).getObject(1));
            assertEquals("some text value ☃", new String(((VarCharVector) root.getVector(3)).get(7), StandardCharsets.UTF_8));
            // 28,672 values per pass: a few bytes of slack per pass, far below one object per value
            assertTrue(perPass < 4096, "allocated " + perPass + " bytes for " + rows * decoders.length + " values");
        }
    }

    @Test
    void fieldsOfReadSchemasCarryThePostgresType() {
        ColumnDecoder d = DecoderFactory.column(io.pgcopy.catalog.PgType.base(Oids.NUMERIC, "numeric"),
                io.pgcopy.catalog.TypeModifiers.numericTypmod(12, 3), 0, ReadOptions.DEFAULT);
        assertEquals(new org.apache.arrow.vector.types.pojo.ArrowType.Decimal(12, 3, 128), d.arrowType());
        assertEquals(List.of(), d.children());
    }
}
