package io.pgcopy.codec;

import io.pgcopy.catalog.TypeModifiers;
import io.pgcopy.values.IndexedValues;
import io.pgcopy.values.SourceType;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * text, varchar(n), bpchar(n), name, citext, xml, json, jsonb and enum labels: UTF-8 bytes copied
 * straight from the source into the COPY buffer, then checked in place. PostgreSQL rejects NUL in
 * text (22021), so it is caught here with the row and column.
 */
final class TextEncoders {
    private TextEncoders() {}

    private static final VarHandle LONG_LE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;

    static boolean isText(SourceType s) {
        return s.kind() == SourceType.Kind.STRING || s.kind() == SourceType.Kind.JSON;
    }

    static ValueEncoder text(SourceType s) {
        if (!isText(s)) return null;
        return (v, i, o) -> {
            int at = o.beginField();
            v.writeUtf8(i, o);
            rejectNul(o, at + 4);
            o.endField(at);
        };
    }

    /** name: at most NAMEDATALEN - 1 = 63 bytes (namerecv errors beyond). */
    static ValueEncoder name(SourceType s) {
        if (!isText(s)) return null;
        return (v, i, o) -> {
            int at = o.beginField();
            v.writeUtf8(i, o);
            rejectNul(o, at + 4);
            if (o.position() - at - 4 > 63) {
                throw new BadValueException("value too long for type name (at most 63 bytes)", fieldText(o, at));
            }
            o.endField(at);
        };
    }

    /**
     * varchar(n): at most n characters. As varchar_input does, characters beyond n are dropped when
     * they are all spaces, and are an error otherwise.
     */
    static ValueEncoder varchar(SourceType s, int typmod) {
        if (!isText(s)) return null;
        int max = TypeModifiers.charLength(typmod);
        if (max < 0) return text(s);
        return (v, i, o) -> {
            int at = o.beginField();
            v.writeUtf8(i, o);
            int start = at + 4;
            rejectNul(o, start);
            if (o.position() - start > max) {
                int cut = byteOffsetOfChar(o.array(), start, o.position(), max);
                if (cut >= 0) {
                    if (!allSpaces(o.array(), cut, o.position())) {
                        throw new BadValueException("value too long for type character varying(" + max + ")",
                                fieldText(o, at));
                    }
                    o.position(cut);
                }
            }
            o.endField(at);
        };
    }

    /** bpchar(n): padded with spaces to n characters, as bpchar_input does, so the bytes equal the server's. */
    static ValueEncoder bpchar(SourceType s, int typmod) {
        if (!isText(s)) return null;
        int len = TypeModifiers.charLength(typmod);
        if (len < 0) return text(s);
        return (v, i, o) -> {
            int at = o.beginField();
            v.writeUtf8(i, o);
            int start = at + 4;
            rejectNul(o, start);
            int chars = countChars(o.array(), start, o.position());
            if (chars > len) {
                int cut = byteOffsetOfChar(o.array(), start, o.position(), len);
                if (!allSpaces(o.array(), cut, o.position())) {
                    throw new BadValueException("value too long for type character(" + len + ")", fieldText(o, at));
                }
                o.position(cut);
            } else {
                int pad = len - chars;
                o.ensure(pad);
                byte[] b = o.array();
                int p = o.position();
                for (int k = 0; k < pad; k++) b[p + k] = ' ';
                o.position(p + pad);
            }
            o.endField(at);
        };
    }

    /** json: the text, checked for JSON syntax here (json_recv would reject it with less context). */
    static ValueEncoder json(SourceType s) {
        if (!isText(s)) return null;
        boolean trusted = s.kind() == SourceType.Kind.JSON;
        return (v, i, o) -> {
            int at = o.beginField();
            v.writeUtf8(i, o);
            rejectNul(o, at + 4);
            if (!trusted) checkJson(o, at + 4, at);
            o.endField(at);
        };
    }

    /** jsonb: a version byte 1, then the JSON text (jsonb_recv). */
    static ValueEncoder jsonb(SourceType s) {
        if (!isText(s)) return null;
        boolean trusted = s.kind() == SourceType.Kind.JSON;
        return (v, i, o) -> {
            int at = o.beginField();
            o.writeByte(1);
            v.writeUtf8(i, o);
            rejectNul(o, at + 5);
            if (!trusted) checkJson(o, at + 5, at);
            o.endField(at);
        };
    }

    /** enum: the label as text; enum_recv looks it up, we check first so the error names the row. */
    static ValueEncoder enumLabel(SourceType s, String typeName, List<String> labels) {
        if (!isText(s)) return null;
        Set<String> known = new HashSet<>(labels);
        return (v, i, o) -> {
            int at = o.beginField();
            v.writeUtf8(i, o);
            String label = new String(o.array(), at + 4, o.position() - at - 4, StandardCharsets.UTF_8);
            if (!known.contains(label)) {
                throw new BadValueException("invalid input value for enum " + typeName + " (labels: " + labels + ")",
                        label);
            }
            o.endField(at);
        };
    }

    static ValueEncoder bytea(SourceType s) {
        if (s.kind() != SourceType.Kind.BINARY) return null;
        return (v, i, o) -> {
            byte[] b = v.getBinary(i);
            o.writeInt(b.length);
            o.write(b, 0, b.length);
        };
    }

    private static void checkJson(CopyBuffer o, int from, int fieldAt) {
        int bad = JsonSyntax.firstError(o.array(), from, o.position());
        if (bad >= 0) {
            throw new BadValueException("invalid input syntax for type json at byte " + (bad - from),
                    new String(o.array(), from, o.position() - from, StandardCharsets.UTF_8));
        }
    }

    private static void rejectNul(CopyBuffer o, int from) {
        byte[] b = o.array();
        int end = o.position();
        if (containsNul(b, from, end)) {
            throw new BadValueException("text cannot contain the NUL character (U+0000); PostgreSQL rejects it",
                    new String(b, from, end - from, StandardCharsets.UTF_8));
        }
    }

    /**
     * Whether {@code b[from..to)} holds a 0 byte, read eight bytes at a time: short values take one
     * word with the bytes past {@code to} masked to 0xFF, longer ones end on an overlapping word.
     */
    static boolean containsNul(byte[] b, int from, int to) {
        int n = to - from;
        if (n < 8) {
            if (from + 8 <= b.length) return hasZeroByte((long) LONG_LE.get(b, from) | (-1L << (n << 3)));
            for (int k = from; k < to; k++) if (b[k] == 0) return true;
            return false;
        }
        for (int k = from; k < to - 8; k += 8) if (hasZeroByte((long) LONG_LE.get(b, k))) return true;
        return hasZeroByte((long) LONG_LE.get(b, to - 8));
    }

    /** Exactly when some byte of {@code x} is 0 ("haszero", Hacker's Delight 6-1). */
    private static boolean hasZeroByte(long x) {
        return ((x - ONES) & ~x & HIGHS) != 0;
    }

    private static String fieldText(CopyBuffer o, int at) {
        return new String(o.array(), at + 4, o.position() - at - 4, StandardCharsets.UTF_8);
    }

    static int countChars(byte[] b, int from, int to) {
        int n = 0;
        for (int k = from; k < to; k++) if ((b[k] & 0xC0) != 0x80) n++;
        return n;
    }

    /** The byte offset where character number {@code chars} starts, or -1 when there are not that many. */
    static int byteOffsetOfChar(byte[] b, int from, int to, int chars) {
        int n = 0;
        for (int k = from; k < to; k++) {
            if ((b[k] & 0xC0) != 0x80) {
                if (n == chars) return k;
                n++;
            }
        }
        return -1;
    }

    private static boolean allSpaces(byte[] b, int from, int to) {
        for (int k = from; k < to; k++) if (b[k] != ' ') return false;
        return true;
    }

}
