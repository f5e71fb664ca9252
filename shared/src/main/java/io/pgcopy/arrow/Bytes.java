package io.pgcopy.arrow;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Big-endian reads from a byte array (the wire order of binary COPY), through byte-array view
 * handles that the JIT turns into single (byte-swapped) loads.
 */
final class Bytes {
    private static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private Bytes() {}

    static short getShort(byte[] b, int at) {
        return (short) SHORT.get(b, at);
    }

    static int getInt(byte[] b, int at) {
        return (int) INT.get(b, at);
    }

    static long getLong(byte[] b, int at) {
        return (long) LONG.get(b, at);
    }

    /** Two digits of {@code v} (0..99) at {@code at}. */
    static void put2(byte[] out, int at, int v) {
        out[at] = (byte) ('0' + v / 10);
        out[at + 1] = (byte) ('0' + v % 10);
    }

    static final byte[] HEX = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
}
