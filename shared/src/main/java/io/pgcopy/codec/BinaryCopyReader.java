package io.pgcopy.codec;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * A streaming parser of a binary COPY stream ({@code COPY ... TO STDOUT (FORMAT binary)}), read
 * from any InputStream, e.g. pgjdbc's {@code PGCopyInputStream}.
 *
 * <p>The stream is read through one large reusable buffer, never assuming that reads end on row
 * or message boundaries; fields are handed out in place, so there is no allocation per row or
 * per field. Usage:
 * <pre>{@code
 * BinaryCopyReader r = new BinaryCopyReader(in);
 * while (r.nextRow()) {
 *     for (int f = 0; f < r.fieldCount(); f++) {
 *         int len = r.nextField();              // -1 for NULL
 *         if (len >= 0) use(r.buffer(), r.offset(), len);
 *     }
 * }
 * }</pre>
 *
 * <p>Layout (PostgreSQL docs, COPY "Binary Format"; copyfromparse.c): an 11-byte signature, int32
 * flags (bit 16 = OIDs included, which pgcopy refuses; other bits of the high half are critical
 * and refused when unknown; the low half is ignored), int32 header-extension length and that many
 * bytes; per row an int16 field count, then per field an int32 length (-1 = NULL) and the bytes;
 * an int16 -1 trailer. Integers are big-endian. Not thread-safe.
 */
public final class BinaryCopyReader implements AutoCloseable {
    private static final VarHandle BIG_ENDIAN_INT =
            MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    public static final int DEFAULT_BUFFER_BYTES = 1 << 20;
    /** PostgreSQL's limit for one value (a varlena), so any longer length is corruption. */
    static final int MAX_FIELD_BYTES = (1 << 30) - 1;
    private static final int OIDS_FLAG = 1 << 16;
    private static final int HEADER_BYTES = 19;

    private final InputStream in;
    private byte[] buf;
    private int pos;
    private int limit;
    private boolean eof;
    private long consumed; // bytes dropped from the front of buf so far

    private boolean headerRead;
    private boolean finished;
    private int fieldCount = -1;
    private int fieldIndex;
    private int fieldOffset;
    private long rows;

    public BinaryCopyReader(InputStream in) {
        this(in, DEFAULT_BUFFER_BYTES);
    }

    /** @param bufferBytes the size of the read buffer; it grows only for a single field larger than it */
    public BinaryCopyReader(InputStream in, int bufferBytes) {
        if (bufferBytes < 64) throw new IllegalArgumentException("buffer too small: " + bufferBytes);
        this.in = in;
        this.buf = new byte[bufferBytes];
    }

    /** Reads and checks the header; {@link #nextRow()} calls it when needed. */
    public void readHeader() throws IOException {
        if (headerRead) return;
        if (!fill(HEADER_BYTES)) {
            throw new CopyFormatException("not a binary COPY stream: it ends after " + (limit - pos)
                    + " bytes, inside the 19-byte header");
        }
        for (int k = 0; k < CopyBuffer.SIGNATURE.length; k++) {
            if (buf[pos + k] != CopyBuffer.SIGNATURE[k]) {
                throw new CopyFormatException("not a binary COPY stream: bad signature (expected PGCOPY\\n\\377\\r\\n\\0,"
                        + " got " + hexPrefix(pos, CopyBuffer.SIGNATURE.length) + ")");
            }
        }
        int flags = getInt(pos + 11);
        int extension = getInt(pos + 15);
        pos += HEADER_BYTES;
        if ((flags & OIDS_FLAG) != 0) {
            throw new CopyFormatException("binary COPY stream has OIDs (header flag bit 16); they are not supported");
        }
        if ((flags & 0xFFFF0000 & ~OIDS_FLAG) != 0) {
            throw new CopyFormatException("unrecognized critical flags in binary COPY header: 0x"
                    + Integer.toHexString(flags));
        }
        if (extension < 0) throw new CopyFormatException("invalid binary COPY header extension length " + extension);
        skip(extension, "the header extension");
        headerRead = true;
    }

    /**
     * Moves to the next row, skipping any fields of the current row that were not read.
     *
     * @return false at the trailer (the stream is then read to its end)
     */
    public boolean nextRow() throws IOException {
        if (finished) return false;
        if (!headerRead) readHeader();
        while (fieldIndex < fieldCount) nextField();
        if (!fill(2)) {
            throw new CopyFormatException("binary COPY stream ends after " + rows + " rows without its trailer"
                    + (limit > pos ? " (1 stray byte)" : ""));
        }
        int n = (short) (((buf[pos] & 0xFF) << 8) | (buf[pos + 1] & 0xFF));
        pos += 2;
        if (n == -1) {
            finished = true;
            fieldCount = -1;
            fieldIndex = 0;
            if (fill(1)) {
                throw new CopyFormatException("binary COPY stream has data after its trailer (after " + rows + " rows)");
            }
            return false;
        }
        if (n < 0) throw new CopyFormatException("invalid field count " + n + " in row " + (rows + 1));
        rows++;
        fieldCount = n;
        fieldIndex = 0;
        return true;
    }

    /** Fields in the current row. */
    public int fieldCount() {
        return fieldCount;
    }

    /**
     * Reads the next field of the current row: returns its length, or -1 for NULL. Its bytes are
     * {@code buffer()[offset() .. offset() + length)}, valid until the next call on this reader.
     */
    public int nextField() throws IOException {
        if (fieldIndex >= fieldCount) {
            throw new IllegalStateException(fieldCount < 0 ? "no current row" : "row " + rows + " has only "
                    + fieldCount + " fields");
        }
        if (!fill(4)) throw truncated(4);
        int len = getInt(pos);
        pos += 4;
        if (len < -1 || len > MAX_FIELD_BYTES) {
            throw new CopyFormatException("invalid field length " + len + " in row " + rows + ", field "
                    + (fieldIndex + 1) + (len > 0 ? " (PostgreSQL sends at most 1 GB per field)" : ""));
        }
        if (len > 0 && !fill(len)) throw truncated(len);
        fieldOffset = pos;
        if (len > 0) pos += len;
        fieldIndex++;
        return len;
    }

    /** The buffer holding the current field; it may be replaced by the next read. */
    public byte[] buffer() {
        return buf;
    }

    /** Where the current field starts in {@link #buffer()}. */
    public int offset() {
        return fieldOffset;
    }

    /** Rows read so far (the current one included). */
    public long rowsRead() {
        return rows;
    }

    /** Bytes of the stream parsed so far. */
    public long bytesRead() {
        return consumed + pos;
    }

    /** Whether the trailer has been read. */
    public boolean finished() {
        return finished;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    private CopyFormatException truncated(int needed) {
        return new CopyFormatException("binary COPY stream is truncated: it ends inside row " + rows + ", field "
                + (fieldIndex + 1) + " of " + fieldCount + " (" + needed + " bytes needed, " + (limit - pos)
                + " left, at stream offset " + bytesRead() + ")");
    }

    private void skip(long n, String what) throws IOException {
        while (n > 0) {
            if (pos == limit && !fill(1)) throw new CopyFormatException("binary COPY stream ends inside " + what);
            int k = (int) Math.min(n, limit - pos);
            pos += k;
            n -= k;
        }
    }

    /** Makes {@code n} bytes available at {@code pos}; false when the stream ends first. */
    private boolean fill(int n) throws IOException {
        if (limit - pos >= n) return true;
        if (pos > 0) {
            int rest = limit - pos;
            System.arraycopy(buf, pos, buf, 0, rest);
            consumed += pos;
            pos = 0;
            limit = rest;
        }
        while (limit < n) {
            if (eof) return false;
            // grow only as bytes arrive: a corrupt length must not allocate what the stream never sends
            if (limit == buf.length) buf = Arrays.copyOf(buf, (int) Math.min(n, 2L * buf.length));
            int r = in.read(buf, limit, buf.length - limit);
            if (r < 0) {
                eof = true;
                return false;
            }
            limit += r;
        }
        return true;
    }

    private int getInt(int at) {
        return (int) BIG_ENDIAN_INT.get(buf, at);
    }

    private String hexPrefix(int from, int n) {
        StringBuilder sb = new StringBuilder();
        for (int k = from; k < from + n && k < limit; k++) sb.append(String.format("%02x", buf[k] & 0xFF));
        return sb.toString();
    }
}
