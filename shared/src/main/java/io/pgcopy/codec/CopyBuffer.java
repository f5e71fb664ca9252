package io.pgcopy.codec;

import io.pgcopy.values.ByteSink;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
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
    /** Big-endian views of the byte array: one bounds check and one store per integer. */
    private static final VarHandle SHORT_BE = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle INT_BE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle LONG_BE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

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
        SHORT_BE.set(buf, pos, (short) v);
        pos += 2;
    }

    public void writeInt(int v) {
        ensure(4);
        putInt(pos, v);
        pos += 4;
    }

    public void writeLong(long v) {
        ensure(8);
        LONG_BE.set(buf, pos, v);
        pos += 8;
    }

    @Override
    public void write(byte[] src, int offset, int length) {
        ensure(length);
        System.arraycopy(src, offset, buf, pos, length);
        pos += length;
    }

    public void putInt(int at, int v) {
        INT_BE.set(buf, at, v);
    }

    /** Stores a big-endian int16 into {@code b} (for encoders that write a whole field via {@link #array()}). */
    public static void putShort(byte[] b, int at, int v) {
        SHORT_BE.set(b, at, (short) v);
    }

    /** Stores a big-endian int32 into {@code b}. */
    public static void putInt(byte[] b, int at, int v) {
        INT_BE.set(b, at, v);
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
