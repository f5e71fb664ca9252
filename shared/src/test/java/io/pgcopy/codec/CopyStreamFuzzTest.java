package io.pgcopy.codec;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.pgcopy.testing.PostgresExtension;
import io.pgcopy.testing.TestDatabase;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.sql.Connection;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.postgresql.PGConnection;

/**
 * Thousands of damaged binary COPY streams, made from one PostgreSQL emitted, into the stream
 * reader: each ends in a {@link CopyFormatException} or reads through — never another exception, a
 * hang, or a buffer larger than twice what the stream holds.
 */
@ExtendWith(PostgresExtension.class)
class CopyStreamFuzzTest {
    private static final int CASES = 20_000;

    @Test
    void damagedStreamsFailCleanlyWithBoundedMemory(TestDatabase db) throws Exception {
        byte[] original = postgresStream(db);
        Random random = new Random(20261122L);
        int[] outcomes = new int[2];
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            for (int c = 0; c < CASES; c++) {
                byte[] damaged = damage(original, random);
                outcomes[read(damaged, c) ? 0 : 1]++;
            }
        });
        assertTrue(outcomes[1] > CASES / 2, "most damaged streams are refused: " + Arrays.toString(outcomes));
    }

    /** Reads every field; true when the stream read through, false when it was refused. */
    private static boolean read(byte[] data, int caseNumber) {
        BinaryCopyReader reader = new BinaryCopyReader(new ByteArrayInputStream(data), 64);
        try {
            while (reader.nextRow()) {
                for (int f = 0; f < reader.fieldCount(); f++) reader.nextField();
                assertBounded(reader, data, caseNumber);
            }
            return true;
        } catch (CopyFormatException e) {
            assertTrue(e.getMessage() != null && !e.getMessage().isBlank(), "case " + caseNumber + " has a message");
            assertBounded(reader, data, caseNumber);
            return false;
        } catch (Exception | OutOfMemoryError e) {
            fail("case " + caseNumber + ": " + e, e);
            return false;
        }
    }

    private static void assertBounded(BinaryCopyReader reader, byte[] data, int caseNumber) {
        assertTrue(reader.buffer().length <= 2L * data.length + 64, "case " + caseNumber + ": buffer of "
                + reader.buffer().length + " bytes for a stream of " + data.length);
    }

    private static byte[] damage(byte[] original, Random random) {
        byte[] d = original.clone();
        switch (random.nextInt(6)) {
            case 0 -> d = Arrays.copyOf(d, random.nextInt(d.length)); // truncated
            case 1 -> { // a few flipped bytes
                for (int k = random.nextInt(4); k >= 0; k--) d[random.nextInt(d.length)] ^= (byte) (1 + random.nextInt(255));
            }
            case 2 -> putInt(d, 19 + random.nextInt(d.length - 23), // a huge or negative length or count
                    new int[] {Integer.MAX_VALUE, 0x3FFFFFFF, 0x40000000, -2, Integer.MIN_VALUE, 1 << 24}[random.nextInt(6)]);
            case 3 -> { // a field count changed
                int at = 19 + random.nextInt(d.length - 21);
                d[at] = 0;
                d[at + 1] = (byte) random.nextInt(256);
            }
            case 4 -> { // garbage in the middle
                int at = random.nextInt(d.length);
                byte[] garbage = new byte[1 + random.nextInt(64)];
                random.nextBytes(garbage);
                System.arraycopy(garbage, 0, d, at, Math.min(garbage.length, d.length - at));
            }
            default -> { // nothing but garbage
                d = new byte[random.nextInt(200)];
                random.nextBytes(d);
            }
        }
        return d;
    }

    private static void putInt(byte[] d, int at, int v) {
        d[at] = (byte) (v >>> 24);
        d[at + 1] = (byte) (v >>> 16);
        d[at + 2] = (byte) (v >>> 8);
        d[at + 3] = (byte) v;
    }

    private static byte[] postgresStream(TestDatabase db) throws Exception {
        try (Connection c = db.connect()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            c.unwrap(PGConnection.class).getCopyAPI().copyOut("COPY (SELECT g::int8, g::int4, g::numeric(12,3) / 7,"
                    + " 'text ' || g, CASE WHEN g % 3 = 0 THEN NULL ELSE g::text::bytea END, now() + g * interval '1 s',"
                    + " ARRAY[g, NULL, g + 1], gen_random_uuid(), (g % 2 = 0), ('{\"k\": ' || g || '}')::jsonb"
                    + " FROM generate_series(1, 40) g) TO STDOUT (FORMAT binary)", out);
            return out.toByteArray();
        }
    }
}
