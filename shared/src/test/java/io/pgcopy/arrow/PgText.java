package io.pgcopy.arrow;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.IntervalMonthDayNanoVector;
import org.apache.arrow.vector.SmallIntVector;
import org.apache.arrow.vector.TimeMicroVector;
import org.apache.arrow.vector.TimeStampMicroTZVector;
import org.apache.arrow.vector.TimeStampMicroVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.complex.ListVector;

/**
 * Test oracle support: renders an Arrow value read by pgcopy the way PostgreSQL's output function
 * prints the original value (DateStyle ISO, IntervalStyle postgres, TimeZone UTC), so that it can
 * be compared with {@code col::text} from the server.
 */
final class PgText {
    private PgText() {}

    /** Rows of text of a query run with TimeZone UTC (NULL stays null). */
    static List<List<String>> query(Connection c, String sql) throws Exception {
        List<List<String>> rows = new ArrayList<>();
        try (Statement s = c.createStatement()) {
            s.execute("SET TimeZone = 'UTC'");
            try (ResultSet rs = s.executeQuery(sql)) {
                int n = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    List<String> row = new ArrayList<>();
                    for (int i = 1; i <= n; i++) row.add(rs.getString(i));
                    rows.add(row);
                }
            }
        }
        return rows;
    }

    /** The value at {@code i} as PostgreSQL would print it; null for NULL. */
    static String of(FieldVector v, int i) {
        return of(v, i, false);
    }

    /** In arrays, booleans print as boolout does (t/f); the bool-to-text cast says true/false. */
    static String of(FieldVector v, int i, boolean inArray) {
        if (v.isNull(i)) return null;
        if (v instanceof BitVector b) return b.get(i) != 0 ? (inArray ? "t" : "true") : (inArray ? "f" : "false");
        if (v instanceof SmallIntVector s) return Short.toString(s.get(i));
        if (v instanceof IntVector s) return Integer.toString(s.get(i));
        if (v instanceof BigIntVector s) return Long.toString(s.get(i));
        if (v instanceof Float4Vector f) return floatText(f.get(i));
        if (v instanceof Float8Vector f) return doubleText(f.get(i));
        if (v instanceof DecimalVector d) return d.getObject(i).toPlainString();
        if (v instanceof VarCharVector s) return new String(s.get(i), java.nio.charset.StandardCharsets.UTF_8);
        if (v instanceof VarBinaryVector b) return hex(b.get(i));
        if (v instanceof DateDayVector d) return date(d.get(i));
        if (v instanceof TimeMicroVector t) return time(t.get(i));
        if (v instanceof TimeStampMicroTZVector t) return timestamp(t.get(i), true);
        if (v instanceof TimeStampMicroVector t) return timestamp(t.get(i), false);
        if (v instanceof IntervalMonthDayNanoVector iv) {
            ArrowBuf b = iv.getDataBuffer();
            long nanos = IntervalMonthDayNanoVector.getNanoseconds(b, i);
            if (nanos % 1000 != 0) throw new AssertionError("sub-microsecond interval " + nanos);
            return interval(IntervalMonthDayNanoVector.getMonths(b, i), IntervalMonthDayNanoVector.getDays(b, i),
                    nanos / 1000);
        }
        if (v instanceof ListVector l) return array(l, i);
        throw new AssertionError("no text form for " + v.getClass().getSimpleName());
    }

    static String hex(byte[] b) {
        StringBuilder sb = new StringBuilder("\\x");
        for (byte x : b) sb.append(String.format("%02x", x & 0xFF));
        return sb.toString();
    }

    /** Floats are compared as values: PostgreSQL's shortest form and Java's differ in notation only. */
    static String floatText(float f) {
        return "float4:" + Float.floatToIntBits(f);
    }

    static String doubleText(double d) {
        return "float8:" + Double.doubleToLongBits(d);
    }

    /** PostgreSQL float text parsed the way {@link #floatText} renders. */
    static String pgFloat(String text, boolean single) {
        if (text == null) return null;
        String t = text.replace("Infinity", "Infinity");
        return single ? floatText(Float.parseFloat(t)) : doubleText(Double.parseDouble(t));
    }

    static String date(int epochDay) {
        return ymd(LocalDate.ofEpochDay(epochDay)) + (LocalDate.ofEpochDay(epochDay).getYear() <= 0 ? " BC" : "");
    }

    private static String ymd(LocalDate d) {
        int year = d.getYear() <= 0 ? 1 - d.getYear() : d.getYear();
        return String.format("%04d-%02d-%02d", year, d.getMonthValue(), d.getDayOfMonth());
    }

    static String time(long micros) {
        long s = Math.floorDiv(micros, 1_000_000L);
        int frac = (int) Math.floorMod(micros, 1_000_000L);
        return String.format("%02d:%02d:%02d", s / 3600, s / 60 % 60, s % 60) + fraction(frac);
    }

    private static String fraction(int micros) {
        if (micros == 0) return "";
        String f = String.format("%06d", micros);
        while (f.endsWith("0")) f = f.substring(0, f.length() - 1);
        return "." + f;
    }

    static String timestamp(long unixMicros, boolean utc) {
        long s = Math.floorDiv(unixMicros, 1_000_000L);
        int frac = (int) Math.floorMod(unixMicros, 1_000_000L);
        LocalDateTime t = LocalDateTime.ofEpochSecond(s, 0, ZoneOffset.UTC);
        String text = ymd(t.toLocalDate()) + String.format(" %02d:%02d:%02d", t.getHour(), t.getMinute(), t.getSecond())
                + fraction(frac) + (utc ? "+00" : "");
        return t.getYear() <= 0 ? text + " BC" : text;
    }

    /** IntervalStyle postgres (EncodeInterval). */
    static String interval(int months, int days, long micros) {
        StringBuilder sb = new StringBuilder();
        boolean[] isBefore = {false};
        boolean[] isZero = {true};
        part(sb, months / 12, "year", isBefore, isZero);
        part(sb, months % 12, "mon", isBefore, isZero);
        part(sb, days, "day", isBefore, isZero);
        long hour = micros / 3_600_000_000L;
        long rest = micros % 3_600_000_000L;
        long min = rest / 60_000_000L;
        rest %= 60_000_000L;
        long sec = rest / 1_000_000L;
        long fsec = rest % 1_000_000L;
        if (isZero[0] || hour != 0 || min != 0 || sec != 0 || fsec != 0) {
            boolean minus = hour < 0 || min < 0 || sec < 0 || fsec < 0;
            sb.append(isZero[0] ? "" : " ").append(minus ? "-" : isBefore[0] ? "+" : "");
            sb.append(String.format("%02d:%02d:%02d", Math.abs(hour), Math.abs(min), Math.abs(sec)));
            sb.append(fraction((int) Math.abs(fsec)));
        }
        return sb.toString();
    }

    private static void part(StringBuilder sb, long value, String unit, boolean[] isBefore, boolean[] isZero) {
        if (value == 0) return;
        sb.append(isZero[0] ? "" : " ").append(isBefore[0] && value > 0 ? "+" : "").append(value).append(' ')
                .append(unit).append(value != 1 ? "s" : "");
        isBefore[0] = value < 0;
        isZero[0] = false;
    }

    /** array_out: {a,b}, nested braces, NULL, and quoting of elements that need it. */
    static String array(ListVector l, int i) {
        StringBuilder sb = new StringBuilder("{");
        FieldVector child = l.getDataVector();
        for (int k = l.getElementStartIndex(i); k < l.getElementEndIndex(i); k++) {
            if (sb.length() > 1) sb.append(',');
            if (child.isNull(k)) {
                sb.append("NULL");
            } else if (child instanceof ListVector) {
                sb.append(of(child, k));
            } else {
                sb.append(quote(of(child, k, true)));
            }
        }
        return sb.append('}').toString();
    }

    static String quote(String element) {
        boolean needs = element.isEmpty() || element.equalsIgnoreCase("NULL");
        for (char ch : element.toCharArray()) {
            if (ch == '{' || ch == '}' || ch == ',' || ch == '"' || ch == '\\' || ch == ' ' || ch == '\t'
                    || ch == '\n' || ch == '\r' || ch == 0x0B || ch == '\f') {
                needs = true;
            }
        }
        if (!needs) return element;
        return '"' + element.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    static BigDecimal decimal(String text) {
        return text == null ? null : new BigDecimal(text);
    }
}
