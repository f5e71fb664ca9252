package io.pgcopy.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgcopy.testing.PostgresExtension;
import io.pgcopy.testing.TestDatabase;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.postgresql.PGConnection;
import org.postgresql.copy.PGCopyInputStream;

@Tag("compat")
@ExtendWith(PostgresExtension.class)
class BinaryCopyReaderTest {

    /** A stream of rows of (int4, text-or-NULL, bytea) built with the encoder side's CopyBuffer. */
    private static byte[] stream(int rows, int extension) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CopyBuffer b = new CopyBuffer((chunk, off, len) -> out.write(chunk, off, len), 1024);
        b.write(CopyBuffer.SIGNATURE, 0, CopyBuffer.SIGNATURE.length);
        b.writeInt(0);
        b.writeInt(extension);
        for (int k = 0; k < extension; k++) b.writeByte(k);
        for (int r = 0; r < rows; r++) {
            b.startRow(3);
            b.writeInt(4);
            b.writeInt(r);
            if (r % 3 == 0) {
                b.writeNull();
            } else {
                byte[] t = ("row " + r).getBytes(StandardCharsets.UTF_8);
                b.writeInt(t.length);
                b.write(t, 0, t.length);
            }
            byte[] bytes = new byte[r % 300];
            Arrays.fill(bytes, (byte) r);
            b.writeInt(bytes.length);
            b.write(bytes, 0, bytes.length);
            b.endRow();
        }
        b.writeTrailer();
        b.flush();
        return out.toByteArray();
    }

    /** Hands out at most {@code max} bytes (at least 1) per read, at random. */
    private static InputStream chopped(byte[] data, int max, long seed) {
        Random random = new Random(seed);
        return new FilterInputStream(new ByteArrayInputStream(data)) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return super.read(b, off, Math.min(len, 1 + random.nextInt(max)));
            }
        };
    }

    private static void readAll(BinaryCopyReader r, int rows) throws IOException {
        for (int row = 0; row < rows; row++) {
            assertTrue(r.nextRow(), "row " + row);
            assertEquals(3, r.fieldCount());
            assertEquals(4, r.nextField());
            int v = (r.buffer()[r.offset()] << 24) | ((r.buffer()[r.offset() + 1] & 0xFF) << 16)
                    | ((r.buffer()[r.offset() + 2] & 0xFF) << 8) | (r.buffer()[r.offset() + 3] & 0xFF);
            assertEquals(row, v);
            int len = r.nextField();
            if (row % 3 == 0) {
                assertEquals(-1, len);
            } else {
                assertEquals("row " + row, new String(r.buffer(), r.offset(), len, StandardCharsets.UTF_8));
            }
            len = r.nextField();
            assertEquals(row % 300, len);
            for (int k = 0; k < len; k++) assertEquals((byte) row, r.buffer()[r.offset() + k]);
        }
        assertFalse(r.nextRow());
        assertFalse(r.nextRow());
        assertTrue(r.finished());
    }

    @Test
    void readsRowsWhateverTheReadBoundaries() throws IOException {
        byte[] data = stream(2000, 0);
        readAll(new BinaryCopyReader(new ByteArrayInputStream(data)), 2000);
        readAll(new BinaryCopyReader(chopped(data, 1, 1), 64), 2000);
        readAll(new BinaryCopyReader(chopped(data, 7, 2), 100), 2000);
        readAll(new BinaryCopyReader(chopped(data, 5000, 3), 4096), 2000);
        BinaryCopyReader r = new BinaryCopyReader(new ByteArrayInputStream(data));
        readAll(r, 2000);
        assertEquals(data.length, r.bytesRead());
        assertEquals(2000, r.rowsRead());
    }

    @Test
    void skipsTheHeaderExtensionAndUnreadFields() throws IOException {
        byte[] data = stream(10, 77);
        BinaryCopyReader r = new BinaryCopyReader(chopped(data, 3, 4), 64);
        int rows = 0;
        while (r.nextRow()) {
            // read only the first field: the rest is skipped by nextRow
            assertEquals(4, r.nextField());
            rows++;
        }
        assertEquals(10, rows);
    }

    @Test
    void aFieldLargerThanTheBufferGrowsIt() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CopyBuffer b = new CopyBuffer((chunk, off, len) -> out.write(chunk, off, len), 1024);
        b.writeHeader();
        byte[] big = new byte[100_000];
        new Random(5).nextBytes(big);
        b.startRow(1);
        b.writeInt(big.length);
        b.write(big, 0, big.length);
        b.writeTrailer();
        b.flush();
        BinaryCopyReader r = new BinaryCopyReader(chopped(out.toByteArray(), 999, 6), 64);
        assertTrue(r.nextRow());
        int len = r.nextField();
        assertEquals(big.length, len);
        assertArrayEquals(big, Arrays.copyOfRange(r.buffer(), r.offset(), r.offset() + len));
        assertFalse(r.nextRow());
    }

    @Test
    void truncatedAnywhereIsAClearError() {
        byte[] data = stream(20, 5);
        for (int cut = 0; cut < data.length; cut++) {
            byte[] part = Arrays.copyOf(data, cut);
            CopyFormatException e = assertThrows(CopyFormatException.class, () -> drain(part), "cut at " + cut);
            String m = e.getMessage();
            assertTrue(m.contains("truncated") || m.contains("ends"), m);
            if (cut >= 19 + 5 + 2 && cut < data.length - 2) {
                assertTrue(m.contains("row"), m);
            }
        }
    }

    @Test
    void corruptInputIsAClearError() {
        byte[] good = stream(3, 0);

        byte[] badSignature = good.clone();
        badSignature[0] = 'X';
        assertMessage(badSignature, "bad signature");

        byte[] notCopy = "id,name\n1,foo\n2,bar\n".getBytes(StandardCharsets.US_ASCII);
        assertMessage(notCopy, "not a binary COPY stream");

        byte[] oids = good.clone();
        oids[12] = 1; // flags bit 16
        assertMessage(oids, "OIDs");

        byte[] critical = good.clone();
        critical[12] = 0x40; // an unknown bit of the high half
        assertMessage(critical, "critical flags");

        byte[] lowFlags = good.clone();
        lowFlags[14] = 0x7F; // low bits are ignored, as PostgreSQL does
        assertEquals(3, assertDoesNotThrowCount(lowFlags));

        byte[] negativeExtension = good.clone();
        negativeExtension[15] = (byte) 0xFF;
        assertMessage(negativeExtension, "header extension");

        byte[] badLength = good.clone();
        // first row: field count at 19, first field length at 21
        badLength[21] = (byte) 0xFF;
        badLength[22] = (byte) 0xFF;
        badLength[23] = (byte) 0xFF;
        badLength[24] = (byte) 0xFE;
        assertMessage(badLength, "invalid field length -2");

        byte[] badCount = good.clone();
        badCount[19] = (byte) 0x80;
        assertMessage(badCount, "invalid field count");

        byte[] extra = Arrays.copyOf(good, good.length + 1);
        assertMessage(extra, "after its trailer");

        byte[] noTrailer = Arrays.copyOf(good, good.length - 2);
        assertMessage(noTrailer, "without its trailer");
    }

    private static int assertDoesNotThrowCount(byte[] data) {
        try {
            return drain(data);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static void assertMessage(byte[] data, String expected) {
        CopyFormatException e = assertThrows(CopyFormatException.class, () -> drain(data));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    private static int drain(byte[] data) throws IOException {
        BinaryCopyReader r = new BinaryCopyReader(new ByteArrayInputStream(data), 64);
        int rows = 0;
        while (r.nextRow()) {
            for (int f = 0; f < r.fieldCount(); f++) r.nextField();
            rows++;
        }
        return rows;
    }

    @Test
    void readsARealCopyStream(TestDatabase db) throws Exception {
        try (Connection c = db.connect()) {
            String sql = "COPY (SELECT g, CASE WHEN g % 7 = 0 THEN NULL ELSE repeat('x', g % 500) END,"
                    + " g::numeric * 1.5 FROM generate_series(1, 50000) g) TO STDOUT (FORMAT binary)";
            PGCopyInputStream in = new PGCopyInputStream(c.unwrap(PGConnection.class), sql);
            BinaryCopyReader r = new BinaryCopyReader(in, 4096);
            long sum = 0;
            long textBytes = 0;
            int nulls = 0;
            int rows = 0;
            while (r.nextRow()) {
                assertEquals(3, r.fieldCount());
                assertEquals(4, r.nextField());
                byte[] b = r.buffer();
                int o = r.offset();
                sum += (b[o] << 24) | ((b[o + 1] & 0xFF) << 16) | ((b[o + 2] & 0xFF) << 8) | (b[o + 3] & 0xFF);
                int len = r.nextField();
                if (len < 0) nulls++;
                else textBytes += len;
                assertTrue(r.nextField() >= 8);
                rows++;
            }
            r.close();
            assertEquals(50000, rows);
            assertEquals(50000L * 50001 / 2, sum);
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                    "SELECT count(*) FILTER (WHERE g % 7 = 0), sum(CASE WHEN g % 7 = 0 THEN 0 ELSE g % 500 END)"
                            + " FROM generate_series(1, 50000) g")) {
                rs.next();
                assertEquals(rs.getInt(1), nulls);
                assertEquals(rs.getLong(2), textBytes);
            }
        }
    }
}
