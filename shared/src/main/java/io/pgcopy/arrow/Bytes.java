package io.pgcopy.arrow;

/** Big-endian reads from a byte array (the wire order of binary COPY). */
final class Bytes {
    private Bytes() {}

    static short getShort(byte[] b, int at) {
        return (short) ((b[at] << 8) | (b[at + 1] & 0xFF));
    }

    static int getInt(byte[] b, int at) {
        return (b[at] << 24) | ((b[at + 1] & 0xFF) << 16) | ((b[at + 2] & 0xFF) << 8) | (b[at + 3] & 0xFF);
    }

    static long getLong(byte[] b, int at) {
        return ((long) getInt(b, at) << 32) | (getInt(b, at + 4) & 0xFFFFFFFFL);
    }

    /** Two digits of {@code v} (0..99) at {@code at}. */
    static void put2(byte[] out, int at, int v) {
        out[at] = (byte) ('0' + v / 10);
        out[at + 1] = (byte) ('0' + v % 10);
    }

    static final byte[] HEX = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
}
