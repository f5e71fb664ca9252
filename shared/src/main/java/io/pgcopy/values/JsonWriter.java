package io.pgcopy.values;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Base64;

/**
 * Writes JSON text (RFC 8259) as UTF-8 into one reusable buffer: what engine adapters use to turn
 * maps and structs into the text of a JSON field. Separators are placed by the writer; callers only
 * open and close containers and emit names and values. Values JSON has no type for (dates, times,
 * intervals, bytes) are written as ISO 8601 / base64 strings, from the representations
 * {@link IndexedValues} fixes. Not thread-safe; {@link #reset} per value.
 */
public final class JsonWriter {
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NULL = {'n', 'u', 'l', 'l'};
    private static final byte[] TRUE = {'t', 'r', 'u', 'e'};
    private static final byte[] FALSE = {'f', 'a', 'l', 's', 'e'};

    private byte[] buf = new byte[256];
    private int len;
    /** Per open container: whether a value was already written (so the next one needs a comma). */
    private boolean[] hasValue = new boolean[16];
    private int depth;
    private boolean afterName;

    /** Empties the buffer for the next value. */
    public JsonWriter reset() {
        len = 0;
        depth = 0;
        afterName = false;
        return this;
    }

    public void beginObject() {
        open('{');
    }

    public void endObject() {
        close('}');
    }

    public void beginArray() {
        open('[');
    }

    public void endArray() {
        close(']');
    }

    /** An object member's name. */
    public void name(String name) {
        byte[] b = name.getBytes(StandardCharsets.UTF_8);
        nameUtf8(b, 0, b.length);
    }

    /** An object member's name given as UTF-8 bytes. */
    public void nameUtf8(byte[] utf8, int offset, int length) {
        separate();
        quoted(utf8, offset, length);
        put((byte) ':');
        afterName = true;
    }

    /**
     * An object member's name from the value {@code key} holds: a JSON string as it is, any other
     * value (a number, an object) as its JSON text, quoted. Maps with non-string keys need this.
     */
    public void name(JsonWriter key) {
        separate();
        if (key.len > 0 && key.buf[0] == '"') {
            put(key.buf, 0, key.len);
        } else {
            quoted(key.buf, 0, key.len);
        }
        put((byte) ':');
        afterName = true;
    }

    public void nullValue() {
        separate();
        put(NULL, 0, NULL.length);
    }

    public void value(boolean v) {
        separate();
        byte[] b = v ? TRUE : FALSE;
        put(b, 0, b.length);
    }

    public void value(long v) {
        separate();
        ascii(Long.toString(v));
    }

    /** A number; NaN and the infinities have no JSON form and become the strings "NaN", "Infinity", "-Infinity". */
    public void value(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            value(Double.toString(v));
        } else {
            separate();
            ascii(Double.toString(v));
        }
    }

    /** A float as its shortest decimal text (not widened to double, which would add digits). */
    public void value(float v) {
        if (Float.isNaN(v) || Float.isInfinite(v)) {
            value(Float.toString(v));
        } else {
            separate();
            ascii(Float.toString(v));
        }
    }

    public void value(BigDecimal v) {
        separate();
        ascii(v.toPlainString());
    }

    /** A string value, escaped. */
    public void value(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        valueUtf8(b, 0, b.length);
    }

    /** A string value given as UTF-8 bytes, escaped. */
    public void valueUtf8(byte[] utf8, int offset, int length) {
        separate();
        quoted(utf8, offset, length);
    }

    /** Bytes as a base64 string. */
    public void binaryValue(byte[] bytes) {
        separate();
        put((byte) '"');
        byte[] b = Base64.getEncoder().encode(bytes);
        put(b, 0, b.length);
        put((byte) '"');
    }

    /** A date, days since 1970-01-01, as "2024-02-29"; Integer.MAX_VALUE / MIN_VALUE as "infinity" / "-infinity". */
    public void dateValue(int epochDays) {
        if (epochDays == Integer.MAX_VALUE || epochDays == Integer.MIN_VALUE) {
            value(epochDays > 0 ? "infinity" : "-infinity");
        } else {
            value(LocalDate.ofEpochDay(epochDays).toString());
        }
    }

    /** A time of day, µs since midnight, as "13:45:00.5". */
    public void timeValue(long micros) {
        value(DateTimeFormatter.ISO_LOCAL_TIME.format(LocalTime.ofNanoOfDay(micros * 1000)));
    }

    /** A zone-less timestamp, µs since 1970-01-01 00:00, as "2024-02-29T13:45:00.5". */
    public void timestampValue(long micros) {
        if (isInfinity(micros)) return;
        value(DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(LocalDateTime.ofEpochSecond(
                Math.floorDiv(micros, 1_000_000L), (int) Math.floorMod(micros, 1_000_000L) * 1000, ZoneOffset.UTC)));
    }

    /** An instant, µs since 1970-01-01 00:00 UTC, as "2024-02-29T13:45:00.5Z". */
    public void instantValue(long micros) {
        if (isInfinity(micros)) return;
        value(Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000)
                .toString());
    }

    /** Long.MAX_VALUE / MIN_VALUE µs stand for infinity, as in the encoders; written as PostgreSQL spells them. */
    private boolean isInfinity(long micros) {
        if (micros != Long.MAX_VALUE && micros != Long.MIN_VALUE) return false;
        value(micros > 0 ? "infinity" : "-infinity");
        return true;
    }

    /** An interval as ISO 8601 with designators, "P14M3DT4.5S" (PostgreSQL reads it back as an interval). */
    public void intervalValue(int months, int days, long micros) {
        StringBuilder sb = new StringBuilder("P");
        if (months != 0) sb.append(months).append('M');
        if (days != 0) sb.append(days).append('D');
        if (micros != 0 || sb.length() == 1) {
            sb.append('T').append(BigDecimal.valueOf(micros, 6).stripTrailingZeros().toPlainString()).append('S');
        }
        value(sb.toString());
    }

    /** Copies the JSON text written since the last {@link #reset} into {@code sink}. */
    public void writeTo(ByteSink sink) {
        sink.write(buf, 0, len);
    }

    @Override
    public String toString() {
        return new String(buf, 0, len, StandardCharsets.UTF_8);
    }

    private void open(char c) {
        separate();
        put((byte) c);
        if (++depth == hasValue.length) hasValue = Arrays.copyOf(hasValue, depth * 2);
        hasValue[depth] = false;
    }

    private void close(char c) {
        if (depth == 0 || afterName) throw new IllegalStateException("unbalanced JSON: " + c);
        depth--;
        put((byte) c);
    }

    private void separate() {
        if (afterName) {
            afterName = false;
            return;
        }
        if (depth > 0) {
            if (hasValue[depth]) put((byte) ',');
            hasValue[depth] = true;
        }
    }

    /** A JSON string: '"' and '\' escaped, control characters as short or \\u00XX escapes, the rest as is. */
    private void quoted(byte[] s, int offset, int length) {
        put((byte) '"');
        int end = offset + length;
        int run = offset;
        for (int k = offset; k < end; k++) {
            int c = s[k] & 0xFF;
            if (c >= 0x20 && c != '"' && c != '\\') continue;
            put(s, run, k - run);
            run = k + 1;
            switch (c) {
                case '"': put((byte) '\\'); put((byte) '"'); break;
                case '\\': put((byte) '\\'); put((byte) '\\'); break;
                case '\n': put((byte) '\\'); put((byte) 'n'); break;
                case '\r': put((byte) '\\'); put((byte) 'r'); break;
                case '\t': put((byte) '\\'); put((byte) 't'); break;
                case '\b': put((byte) '\\'); put((byte) 'b'); break;
                case '\f': put((byte) '\\'); put((byte) 'f'); break;
                default:
                    put((byte) '\\');
                    put((byte) 'u');
                    put((byte) '0');
                    put((byte) '0');
                    put(HEX[c >> 4]);
                    put(HEX[c & 0xF]);
            }
        }
        put(s, run, end - run);
        put((byte) '"');
    }

    private void ascii(String s) {
        int n = s.length();
        ensure(n);
        for (int k = 0; k < n; k++) buf[len + k] = (byte) s.charAt(k);
        len += n;
    }

    private void put(byte b) {
        ensure(1);
        buf[len++] = b;
    }

    private void put(byte[] src, int offset, int n) {
        ensure(n);
        System.arraycopy(src, offset, buf, len, n);
        len += n;
    }

    private void ensure(int n) {
        if (len + n > buf.length) buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + n));
    }
}
