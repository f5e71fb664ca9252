package io.pgcopy.codec;

/**
 * A JSON syntax check over UTF-8 bytes, in place and without allocation (RFC 8259, as json_in
 * accepts it: any value at the top level, surrounding white space allowed).
 */
final class JsonSyntax {
    private final byte[] b;
    private final int end;
    private int p;

    private JsonSyntax(byte[] b, int from, int end) {
        this.b = b;
        this.p = from;
        this.end = end;
    }

    /** The offset of the first syntax error, or -1 when the bytes are one valid JSON value. */
    static int firstError(byte[] b, int from, int end) {
        JsonSyntax s = new JsonSyntax(b, from, end);
        try {
            s.ws();
            if (!s.value(0)) return s.p;
            s.ws();
            return s.p == end ? -1 : s.p;
        } catch (ArrayIndexOutOfBoundsException e) {
            return end;
        }
    }

    private void ws() {
        while (p < end && (b[p] == ' ' || b[p] == '\t' || b[p] == '\n' || b[p] == '\r')) p++;
    }

    private boolean value(int depth) {
        if (p >= end || depth > 6400) return false;
        switch (b[p]) {
            case '{': return object(depth);
            case '[': return array(depth);
            case '"': return string();
            case 't': return literal("true");
            case 'f': return literal("false");
            case 'n': return literal("null");
            default: return number();
        }
    }

    private boolean object(int depth) {
        p++;
        ws();
        if (p < end && b[p] == '}') {
            p++;
            return true;
        }
        while (true) {
            ws();
            if (p >= end || b[p] != '"' || !string()) return false;
            ws();
            if (p >= end || b[p] != ':') return false;
            p++;
            ws();
            if (!value(depth + 1)) return false;
            ws();
            if (p >= end) return false;
            if (b[p] == ',') {
                p++;
            } else if (b[p] == '}') {
                p++;
                return true;
            } else {
                return false;
            }
        }
    }

    private boolean array(int depth) {
        p++;
        ws();
        if (p < end && b[p] == ']') {
            p++;
            return true;
        }
        while (true) {
            ws();
            if (!value(depth + 1)) return false;
            ws();
            if (p >= end) return false;
            if (b[p] == ',') {
                p++;
            } else if (b[p] == ']') {
                p++;
                return true;
            } else {
                return false;
            }
        }
    }

    private boolean string() {
        p++;
        while (p < end) {
            int c = b[p] & 0xFF;
            if (c == '"') {
                p++;
                return true;
            }
            if (c < 0x20) return false;
            if (c == '\\') {
                p++;
                if (p >= end) return false;
                switch (b[p]) {
                    case '"': case '\\': case '/': case 'b': case 'f': case 'n': case 'r': case 't':
                        p++;
                        break;
                    case 'u':
                        for (int k = 1; k <= 4; k++) {
                            if (p + k >= end || Character.digit(b[p + k], 16) < 0) return false;
                        }
                        p += 5;
                        break;
                    default:
                        return false;
                }
            } else {
                p++;
            }
        }
        return false;
    }

    private boolean literal(String word) {
        if (end - p < word.length()) return false;
        for (int k = 0; k < word.length(); k++) if (b[p + k] != word.charAt(k)) return false;
        p += word.length();
        return true;
    }

    private boolean number() {
        int start = p;
        if (p < end && b[p] == '-') p++;
        if (p >= end) return false;
        if (b[p] == '0') {
            p++;
        } else if (b[p] >= '1' && b[p] <= '9') {
            while (p < end && b[p] >= '0' && b[p] <= '9') p++;
        } else {
            p = start;
            return false;
        }
        if (p < end && b[p] == '.') {
            p++;
            if (p >= end || b[p] < '0' || b[p] > '9') return false;
            while (p < end && b[p] >= '0' && b[p] <= '9') p++;
        }
        if (p < end && (b[p] == 'e' || b[p] == 'E')) {
            p++;
            if (p < end && (b[p] == '+' || b[p] == '-')) p++;
            if (p >= end || b[p] < '0' || b[p] > '9') return false;
            while (p < end && b[p] >= '0' && b[p] <= '9') p++;
        }
        return true;
    }
}
