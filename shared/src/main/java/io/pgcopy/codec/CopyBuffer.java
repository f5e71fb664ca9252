package io.pgcopy.codec;

import io.pgcopy.values.ByteSink;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;

/**
 * Builds a binary COPY stream in one reusable byte array and hands it to a {@link ChunkSink} in
 * large chunks, always at row boundaries. Memory is bounded by the flush threshold plus one row.
 *
 * <p>Layout (PostgreSQL docs, COPY "Binary Format"; copyfromparse.c): an 11-byte signature, int32
 * flags, int32 header-extension length; per row an int16 field count, then per field an int32
 * length (-1 for NULL) and the bytes; an int16 -1 trailer. All integers are big-endian.
 */
public final class CopyBuffer implements ByteSink {
    static final byte[] SIGNATURE = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xFF, '\r', '\n', 0};
    /** A CopyData message may not exceed 1 GiB - 1; we stay far below. */
    private static final int MAX_CHUNK = 64 << 20;

    private final ChunkSink sink;
    private final int flushThreshold;
    private byte[] buf;
    private int pos;
    private long bytesFlushed;

    public CopyBuffer(ChunkSink sink, int flushThreshold) {
        if (flushThreshold < 1024) throw new IllegalArgumentException("flush threshold too small: " + flushThreshold);
        this.sink = sink;
        this.flushThreshold = flushThreshold;
        this.buf = new byte[flushThreshold + Math.max(1024, flushThreshold / 8)];
    }

    public void writeHeader() {
        write(SIGNATURE, 0, SIGNATURE.length);
        writeInt(0); // flags
        writeInt(0); // header extension length
    }

    public void startRow(int fieldCount) {
        writeShort((short) fieldCount);
    }

    /** Ends a row; flushes when the buffer has passed its threshold. */
    public void endRow() {
        if (pos >= flushThreshold) flush();
    }

    public void writeNull() {
        writeInt(-1);
    }

    /** Reserves the length word of a variable-length field; returns its position for {@link #endField}. */
    public int beginField() {
        ensure(4);
        int at = pos;
        pos += 4;
        return at;
    }

    /** Back-patches the length of the field begun at {@code lengthAt}. */
    public void endField(int lengthAt) {
        putInt(lengthAt, pos - lengthAt - 4);
    }

    public void writeByte(int v) {
        ensure(1);
        buf[pos++] = (byte) v;
    }

    public void writeShort(int v) {
        ensure(2);
        buf[pos] = (byte) (v >>> 8);
        buf[pos + 1] = (byte) v;
        pos += 2;
    }

    public void writeInt(int v) {
        ensure(4);
        putInt(pos, v);
        pos += 4;
    }

    public void writeLong(long v) {
        ensure(8);
        byte[] b = buf;
        int p = pos;
        b[p] = (byte) (v >>> 56);
        b[p + 1] = (byte) (v >>> 48);
        b[p + 2] = (byte) (v >>> 40);
        b[p + 3] = (byte) (v >>> 32);
        b[p + 4] = (byte) (v >>> 24);
        b[p + 5] = (byte) (v >>> 16);
        b[p + 6] = (byte) (v >>> 8);
        b[p + 7] = (byte) v;
        pos = p + 8;
    }

    @Override
    public void write(byte[] src, int offset, int length) {
        ensure(length);
        System.arraycopy(src, offset, buf, pos, length);
        pos += length;
    }

    public void putInt(int at, int v) {
        byte[] b = buf;
        b[at] = (byte) (v >>> 24);
        b[at + 1] = (byte) (v >>> 16);
        b[at + 2] = (byte) (v >>> 8);
        b[at + 3] = (byte) v;
    }

    /** Makes room for {@code n} more bytes; the array may be replaced, so re-read {@link #array()}. */
    public void ensure(int n) {
        if (pos + n > buf.length) grow(n);
    }

    private void grow(int n) {
        long needed = (long) pos + n;
        if (needed > Integer.MAX_VALUE - 16) throw new IllegalStateException("a single COPY row exceeds 2 GiB");
        int size = (int) Math.min(Integer.MAX_VALUE - 16, Math.max(needed, (long) buf.length * 2));
        buf = Arrays.copyOf(buf, size);
    }

    /** The backing array, valid until the next write. */
    public byte[] array() {
        return buf;
    }

    public int position() {
        return pos;
    }

    /** Moves the write position back (to drop bytes) or forward over bytes written via {@link #array()}. */
    public void position(int newPosition) {
        if (newPosition < 0 || newPosition > buf.length) throw new IndexOutOfBoundsException(newPosition);
        pos = newPosition;
    }

    public void writeTrailer() {
        writeShort(-1);
    }

    /** Hands all buffered bytes to the sink. */
    public void flush() {
        try {
            for (int off = 0; off < pos; off += MAX_CHUNK) {
                sink.accept(buf, off, Math.min(MAX_CHUNK, pos - off));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        bytesFlushed += pos;
        pos = 0;
    }

    /** Bytes handed to the sink so far plus those still buffered. */
    public long bytesWritten() {
        return bytesFlushed + pos;
    }
}
