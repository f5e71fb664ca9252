package io.pgcopy.arrow;

import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.types.pojo.ArrowType;

/**
 * Types Arrow has no equivalent for, read as Utf8 exactly as PostgreSQL's output function prints
 * them (with DateStyle ISO, which pgjdbc sets): timetz, inet, cidr, macaddr, macaddr8. Each renders
 * into a reusable scratch array, so there is no allocation per value.
 */
final class TextDecoders {
    private TextDecoders() {}

    /** The common part: a Utf8 vector and a scratch array. */
    private abstract static class Rendering extends ColumnDecoder {
        VarCharVector v;
        final byte[] out = new byte[64];

        @Override ArrowType arrowType() { return ArrowType.Utf8.INSTANCE; }
        @Override void bind(FieldVector vector) { super.bind(vector); v = (VarCharVector) vector; }

        @Override
        final void decode(byte[] b, int off, int len, int index) {
            v.setSafe(index, out, 0, render(b, off, len));
        }

        /** Renders the value into {@link #out}; returns the length. */
        abstract int render(byte[] b, int off, int len);
    }

    /**
     * timetz: int64 microseconds since midnight, then int32 zone offset in seconds WEST of UTC.
     * Printed as {@code HH:MM:SS[.ffffff]} (trailing fraction zeros dropped) and the offset east as
     * {@code +HH}, {@code +HH:MM} or {@code +HH:MM:SS} (date.c EncodeTimeOnly, EncodeTimezone).
     */
    static ColumnDecoder timetz() {
        return new Rendering() {
            @Override
            int render(byte[] b, int off, int len) {
                expectLength(len, 12, "time with time zone");
                long micros = Bytes.getLong(b, off);
                int west = Bytes.getInt(b, off + 8);
                if (micros < 0 || micros > 86_400_000_000L) throw new DecodeException("time out of range: " + micros);
                int p = time(micros, out, 0);
                out[p++] = (byte) (west <= 0 ? '+' : '-');
                int abs = Math.abs(west);
                int sec = abs % 60;
                int min = abs / 60 % 60;
                int hour = abs / 3600;
                if (hour > 99) throw new DecodeException("time zone offset out of range: " + west);
                Bytes.put2(out, p, hour);
                p += 2;
                if (sec != 0 || min != 0) {
                    out[p++] = ':';
                    Bytes.put2(out, p, min);
                    p += 2;
                }
                if (sec != 0) {
                    out[p++] = ':';
                    Bytes.put2(out, p, sec);
                    p += 2;
                }
                return p;
            }
        };
    }

    /** {@code HH:MM:SS} and a fraction without trailing zeros, as AppendSeconds prints it. */
    static int time(long micros, byte[] out, int p) {
        long seconds = micros / 1_000_000;
        int fraction = (int) (micros % 1_000_000);
        Bytes.put2(out, p, (int) (seconds / 3600));
        out[p + 2] = ':';
        Bytes.put2(out, p + 3, (int) (seconds / 60 % 60));
        out[p + 5] = ':';
        Bytes.put2(out, p + 6, (int) (seconds % 60));
        p += 8;
        if (fraction != 0) {
            out[p++] = '.';
            int div = 100_000;
            while (fraction != 0) {
                out[p++] = (byte) ('0' + fraction / div);
                fraction %= div;
                div /= 10;
            }
        }
        return p;
    }

    /**
     * inet and cidr (network.c network_send): byte family (2 = IPv4, 3 = IPv6), byte bits, byte
     * is_cidr, byte address length, the address. Printed as network_out does: IPv4 as four decimal
     * octets, IPv6 with the longest run (at least two) of zero groups as {@code ::} and an embedded
     * IPv4 tail for IPv4-compatible and -mapped addresses; {@code /bits} unless it is the full
     * width, and always for cidr.
     */
    static ColumnDecoder inet(boolean cidrColumn) {
        return new Rendering() {
            private final int[] words = new int[8];

            @Override
            int render(byte[] b, int off, int len) {
                if (len < 4) throw new DecodeException("incorrect binary data format: inet needs 4 header bytes");
                int family = b[off];
                int bits = b[off + 1] & 0xFF;
                // the is_cidr byte is ignored, as inet_recv does: the column's type decides
                int n = b[off + 3] & 0xFF;
                int width = family == 2 ? 4 : family == 3 ? 16 : -1;
                if (width < 0) throw new DecodeException("invalid address family in external inet value: " + family);
                if (n != width || len != 4 + n) throw new DecodeException("invalid length in external inet value");
                if (bits > width * 8) throw new DecodeException("invalid bits in external inet value: " + bits);
                int a = off + 4;
                if (cidrColumn && !hostBitsZero(b, a, width, bits)) {
                    throw new DecodeException("invalid external cidr value: bits set to the right of the /" + bits
                            + " mask");
                }
                int p;
                if (width == 4) {
                    p = ipv4(b, a, out, 0);
                } else {
                    p = ipv6(b, a);
                }
                if (bits != width * 8 || cidrColumn) {
                    out[p++] = '/';
                    p = decimal(bits, out, p);
                }
                return p;
            }

            private boolean hostBitsZero(byte[] b, int a, int width, int bits) {
                for (int k = bits / 8; k < width; k++) {
                    int keep = k == bits / 8 ? bits % 8 : 0;
                    if ((b[a + k] & (0xFF >> keep)) != 0) return false;
                }
                return true;
            }

            private int ipv6(byte[] b, int a) {
                for (int k = 0; k < 8; k++) words[k] = ((b[a + 2 * k] & 0xFF) << 8) | (b[a + 2 * k + 1] & 0xFF);
                // the longest run of zero groups (the first of equal ones), if at least two long
                int bestBase = -1;
                int bestLen = 0;
                for (int k = 0; k < 8;) {
                    if (words[k] != 0) {
                        k++;
                        continue;
                    }
                    int start = k;
                    while (k < 8 && words[k] == 0) k++;
                    if (k - start > bestLen) {
                        bestBase = start;
                        bestLen = k - start;
                    }
                }
                if (bestLen < 2) bestBase = -1;
                int p = 0;
                for (int k = 0; k < 8; k++) {
                    if (bestBase >= 0 && k >= bestBase && k < bestBase + bestLen) {
                        if (k == bestBase) out[p++] = ':';
                        continue;
                    }
                    if (k != 0) out[p++] = ':';
                    if (k == 6 && bestBase == 0
                            && (bestLen == 6 || (bestLen == 7 && words[7] != 1) || (bestLen == 5 && words[5] == 0xFFFF))) {
                        return ipv4(b, a + 12, out, p);
                    }
                    p = hex(words[k], out, p);
                }
                if (bestBase >= 0 && bestBase + bestLen == 8) out[p++] = ':';
                return p;
            }
        };
    }

    private static int ipv4(byte[] b, int a, byte[] out, int p) {
        for (int k = 0; k < 4; k++) {
            if (k > 0) out[p++] = '.';
            p = decimal(b[a + k] & 0xFF, out, p);
        }
        return p;
    }

    private static int decimal(int v, byte[] out, int p) {
        if (v >= 100) out[p++] = (byte) ('0' + v / 100);
        if (v >= 10) out[p++] = (byte) ('0' + v / 10 % 10);
        out[p++] = (byte) ('0' + v % 10);
        return p;
    }

    private static int hex(int v, byte[] out, int p) {
        boolean started = false;
        for (int shift = 12; shift >= 0; shift -= 4) {
            int d = (v >> shift) & 0xF;
            if (d != 0 || started || shift == 0) {
                out[p++] = Bytes.HEX[d];
                started = true;
            }
        }
        return p;
    }

    /** macaddr (6 bytes) and macaddr8 (8 bytes): lower-case hex pairs joined by colons. */
    static ColumnDecoder macaddr(int bytes) {
        String type = bytes == 6 ? "macaddr" : "macaddr8";
        return new Rendering() {
            @Override
            int render(byte[] b, int off, int len) {
                expectLength(len, bytes, type);
                int p = 0;
                for (int k = 0; k < bytes; k++) {
                    if (k > 0) out[p++] = ':';
                    out[p++] = Bytes.HEX[(b[off + k] >> 4) & 0xF];
                    out[p++] = Bytes.HEX[b[off + k] & 0xF];
                }
                return p;
            }
        };
    }
}
