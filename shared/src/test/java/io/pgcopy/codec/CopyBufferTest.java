package io.pgcopy.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class CopyBufferTest {
    @Test
    void memoryStaysBoundedByTheThresholdWhateverTheRowCount() {
        int threshold = 64 << 10;
        long[] chunks = {0, 0};
        CopyBuffer buffer = new CopyBuffer((b, off, len) -> {
            chunks[0]++;
            chunks[1] = Math.max(chunks[1], len);
        }, threshold);
        int capacity = buffer.array().length;
        byte[] payload = new byte[100];
        buffer.writeHeader();
        for (int row = 0; row < 1_000_000; row++) {
            buffer.startRow(2);
            buffer.writeLong(row);
            buffer.writeInt(payload.length);
            buffer.write(payload, 0, payload.length);
            buffer.endRow();
        }
        assertEquals(capacity, buffer.array().length, "the buffer never grew");
        assertTrue(chunks[0] > 1000, "sent in many chunks");
        assertTrue(chunks[1] < threshold + 200, "no chunk much larger than the threshold: " + chunks[1]);
    }

    @Test
    void aRowLargerThanTheBufferGrowsItAndIsSentWhole() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CopyBuffer buffer = new CopyBuffer(out::write, 1024);
        byte[] big = new byte[10_000];
        Arrays.fill(big, (byte) 7);
        buffer.startRow(1);
        int at = buffer.beginField();
        buffer.write(big, 0, big.length);
        buffer.endField(at);
        buffer.endRow();
        byte[] sent = out.toByteArray();
        assertEquals(2 + 4 + big.length, sent.length);
        assertEquals(10_000, ((sent[2] & 0xFF) << 24) | ((sent[3] & 0xFF) << 16) | ((sent[4] & 0xFF) << 8)
                | (sent[5] & 0xFF));
    }

    @Test
    void headerAndTrailerAreThoseOfTheCopyBinaryFormat() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CopyBuffer buffer = new CopyBuffer(out::write, 1024);
        buffer.writeHeader();
        buffer.writeTrailer();
        buffer.flush();
        assertArrayEquals(new byte[] {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xFF, '\r', '\n', 0,
            0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xFF, (byte) 0xFF}, out.toByteArray());
    }
}
