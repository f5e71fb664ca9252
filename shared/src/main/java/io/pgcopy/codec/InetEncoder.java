package io.pgcopy.codec;

import io.pgcopy.values.IndexedValues;
import io.pgcopy.values.SourceType;

/**
 * inet and cidr (network.c network_recv): byte family (2 = IPv4, 3 = IPv6), byte netmask bits,
 * byte is_cidr, byte address length, then the address. Text is parsed here, never through
 * InetAddress (which may resolve host names); cidr values may not have bits right of the mask.
 */
final class InetEncoder implements ValueEncoder {
    private static final int PGSQL_AF_INET = 2;
    private static final int PGSQL_AF_INET6 = 3;

    private final boolean cidr;
    private final ScratchBytes scratch = new ScratchBytes();
    private final byte[] addr = new byte[16];

    private InetEncoder(boolean cidr) {
        this.cidr = cidr;
    }

    static ValueEncoder create(SourceType s, boolean cidr) {
        return TextEncoders.isText(s) ? new InetEncoder(cidr) : null;
    }

    @Override
    public void encode(IndexedValues v, int i, CopyBuffer o) {
        scratch.reset();
        v.writeUtf8(i, scratch);
        String text = scratch.toString().trim();
        int slash = text.indexOf('/');
        String host = slash < 0 ? text : text.substring(0, slash);
        int length;
        int octets = 4;
        if (host.indexOf(':') >= 0) {
            length = parseIpv6(host) ? 16 : -1;
        } else if (cidr || slash >= 0) {
            octets = parseAbbreviatedIpv4(host);
            length = octets > 0 ? 4 : -1;
        } else {
            length = parseIpv4(host, 0) ? 4 : -1;
        }
        if (length < 0) throw invalid(text);
        int bits = length == 4 && slash < 0 && cidr ? classfulBits(octets) : length * 8;
        if (slash >= 0) {
            try {
                bits = Integer.parseInt(text.substring(slash + 1));
            } catch (NumberFormatException e) {
                throw invalid(text);
            }
            if (bits < 0 || bits > length * 8) throw invalid(text);
        }
        if (cidr && hasBitsRightOfMask(length, bits)) {
            throw new BadValueException("invalid cidr value: it has bits set to the right of the mask", text);
        }
        o.writeInt(4 + length);
        o.writeByte(length == 4 ? PGSQL_AF_INET : PGSQL_AF_INET6);
        o.writeByte(bits);
        o.writeByte(cidr ? 1 : 0);
        o.writeByte(length);
        o.write(addr, 0, length);
    }

    private boolean hasBitsRightOfMask(int length, int bits) {
        for (int bit = bits; bit < length * 8; bit++) {
            if ((addr[bit / 8] & (0x80 >>> (bit % 8))) != 0) return true;
        }
        return false;
    }

    /**
     * cidr input, and inet input with /bits, take 1 to 4 octets ({@code 10}, {@code 128.1}, {@code
     * 192.168.1/24}); the rest are zero. Returns how many were given, or -1.
     */
    private int parseAbbreviatedIpv4(String s) {
        String[] parts = s.split("\\.", -1);
        if (parts.length > 4) return -1;
        StringBuilder full = new StringBuilder(s);
        for (int k = parts.length; k < 4; k++) full.append(".0");
        return parseIpv4(full.toString(), 0) ? parts.length : -1;
    }

    /**
     * A cidr without /bits gets the mask of its old address class, widened to cover the octets given
     * (inet_cidr_pton_ipv4 in PostgreSQL's inet_net_pton.c).
     */
    private int classfulBits(int octets) {
        int first = addr[0] & 0xFF;
        int bits = first >= 240 ? 32 : first >= 224 ? 8 : first >= 192 ? 24 : first >= 128 ? 16 : 8;
        bits = Math.max(bits, octets * 8);
        return bits == 8 && first == 224 ? 4 : bits;
    }

    private boolean parseIpv4(String s, int at) {
        String[] parts = s.split("\\.", -1);
        if (parts.length != 4) return false;
        for (int k = 0; k < 4; k++) {
            String p = parts[k];
            if (p.isEmpty() || p.length() > 3) return false;
            int x = 0;
            for (int c = 0; c < p.length(); c++) {
                char ch = p.charAt(c);
                if (ch < '0' || ch > '9') return false;
                x = x * 10 + (ch - '0');
            }
            if (x > 255) return false;
            addr[at + k] = (byte) x;
        }
        return true;
    }

    private boolean parseIpv6(String s) {
        int gap = s.indexOf("::");
        if (gap >= 0 && s.indexOf("::", gap + 1) >= 0) return false;
        java.util.Arrays.fill(addr, (byte) 0);
        if (gap < 0) return parseGroups(s, 0, 16);
        String head = s.substring(0, gap);
        String tail = s.substring(gap + 2);
        int headBytes = head.isEmpty() ? 0 : groupBytes(head);
        int tailBytes = tail.isEmpty() ? 0 : groupBytes(tail);
        if (headBytes < 0 || tailBytes < 0 || headBytes + tailBytes > 14) return false;
        return (head.isEmpty() || parseGroups(head, 0, headBytes))
                && (tail.isEmpty() || parseGroups(tail, 16 - tailBytes, tailBytes));
    }

    /** Bytes a group list covers: 2 per hex group, 4 for a trailing dotted IPv4 part. */
    private static int groupBytes(String s) {
        String[] g = s.split(":", -1);
        int n = 0;
        for (int k = 0; k < g.length; k++) n += (k == g.length - 1 && g[k].indexOf('.') >= 0) ? 4 : 2;
        return n;
    }

    private boolean parseGroups(String s, int at, int expectedBytes) {
        String[] g = s.split(":", -1);
        int p = at;
        for (int k = 0; k < g.length; k++) {
            String part = g[k];
            if (k == g.length - 1 && part.indexOf('.') >= 0) {
                if (!parseIpv4(part, p)) return false;
                p += 4;
                continue;
            }
            if (part.isEmpty() || part.length() > 4) return false;
            int x = 0;
            for (int c = 0; c < part.length(); c++) {
                int d = Character.digit(part.charAt(c), 16);
                if (d < 0) return false;
                x = x * 16 + d;
            }
            addr[p++] = (byte) (x >>> 8);
            addr[p++] = (byte) x;
        }
        return p - at == expectedBytes;
    }

    private static BadValueException invalid(String text) {
        return new BadValueException("invalid input syntax for type inet", text);
    }
}
