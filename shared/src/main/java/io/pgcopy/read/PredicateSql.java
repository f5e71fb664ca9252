package io.pgcopy.read;

import io.pgcopy.sql.Identifiers;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;

/**
 * Renders a {@link Predicate} as SQL. COPY takes no bind parameters, so values become literals,
 * built only from validated numbers or quoted strings (standard_conforming_strings is on since
 * PostgreSQL 9.1; readers set it explicitly) — a user value is never spliced in raw.
 */
public final class PredicateSql {
    private final Set<String> columns;
    private final Set<String> textColumns;

    /**
     * @param columns the column names that may be referenced; anything else is not pushed
     * @param textColumns those of them that hold text: compared byte-wise ({@code COLLATE "C"}, as
     *     engines compare strings, whatever the column's collation: under a nondeterministic one
     *     'a' = 'A'), and the only ones LIKE is used on
     */
    public PredicateSql(Set<String> columns, Set<String> textColumns) {
        this.columns = Set.copyOf(columns);
        this.textColumns = Set.copyOf(textColumns);
    }

    /** The SQL, or empty when some part cannot be rendered safely (then the engine filters). */
    public Optional<String> render(Predicate p) {
        try {
            return Optional.of(sql(p));
        } catch (UnsupportedOperationException e) {
            return Optional.empty();
        }
    }

    private String sql(Predicate p) {
        if (p instanceof Predicate.Compare c) {
            String col = column(c.column());
            if (c.value() == null) throw new UnsupportedOperationException();
            boolean text = textColumns.contains(c.column());
            // the plain test first keeps an index on the column usable; the byte-wise one is exact
            if (text && c.op() == Predicate.Op.EQ) return "(" + col + " = " + literal(c.value()) + " AND " + col
                    + " COLLATE \"C\" = " + literal(c.value()) + ")";
            if (text) col += " COLLATE \"C\"";
            String op = switch (c.op()) {
                case EQ -> " = ";
                case NE -> " <> ";
                case LT -> " < ";
                case LE -> " <= ";
                case GT -> " > ";
                case GE -> " >= ";
                case NULL_SAFE_EQ -> " IS NOT DISTINCT FROM ";
            };
            return col + op + literal(c.value());
        }
        if (p instanceof Predicate.In in) {
            if (in.values().isEmpty()) return "false";
            StringBuilder list = new StringBuilder(" IN (");
            for (int k = 0; k < in.values().size(); k++) {
                if (k > 0) list.append(", ");
                Object v = in.values().get(k);
                list.append(v == null ? "NULL" : literal(v));
            }
            list.append(')');
            String col = column(in.column());
            if (!textColumns.contains(in.column())) return col + list;
            return "(" + col + list + " AND " + col + " COLLATE \"C\"" + list + ")";
        }
        if (p instanceof Predicate.IsNull n) return column(n.column()) + (n.negated() ? " IS NOT NULL" : " IS NULL");
        if (p instanceof Predicate.StringMatch m) {
            String escaped = m.text().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
            String pattern = switch (m.match()) {
                case STARTS_WITH -> escaped + "%";
                case ENDS_WITH -> "%" + escaped;
                case CONTAINS -> "%" + escaped + "%";
            };
            if (!textColumns.contains(m.column())) throw new UnsupportedOperationException();
            return column(m.column()) + " COLLATE \"C\" LIKE " + Identifiers.literal(pattern) + " ESCAPE '\\'";
        }
        if (p instanceof Predicate.And a) return "(" + sql(a.left()) + " AND " + sql(a.right()) + ")";
        if (p instanceof Predicate.Or o) return "(" + sql(o.left()) + " OR " + sql(o.right()) + ")";
        if (p instanceof Predicate.Not n) return "(NOT " + sql(n.child()) + ")";
        throw new UnsupportedOperationException();
    }

    private String column(String name) {
        if (!columns.contains(name)) throw new UnsupportedOperationException();
        return Identifiers.quote(name);
    }

    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSSSSS");

    /** A typed SQL literal for a Java value. */
    static String literal(Object v) {
        if (v instanceof Boolean b) return b ? "true" : "false";
        if (v instanceof Byte || v instanceof Short || v instanceof Integer || v instanceof Long) {
            return "(" + v + ")";
        }
        if (v instanceof Float f) return floatLiteral(f.doubleValue(), Float.toString(f), "real");
        if (v instanceof Double d) return floatLiteral(d, Double.toString(d), "double precision");
        if (v instanceof BigDecimal d) return "(" + d.toPlainString() + "::numeric)";
        if (v instanceof String s) {
            if (s.indexOf('\0') >= 0) throw new UnsupportedOperationException();
            return Identifiers.literal(s);
        }
        if (v instanceof byte[] b) return "'\\x" + HexFormat.of().formatHex(b) + "'::bytea";
        if (v instanceof LocalDate d) {
            if (d.getYear() > 9999) throw new UnsupportedOperationException();
            return "'" + (d.getYear() > 0 ? d.toString() : d.withYear(1 - d.getYear()) + " BC") + "'::date";
        }
        if (v instanceof LocalDateTime t) return "'" + timestamp(t) + "'::timestamp";
        if (v instanceof Instant i) {
            return "'" + timestamp(LocalDateTime.ofInstant(i, ZoneOffset.UTC)) + "+00'::timestamptz";
        }
        throw new UnsupportedOperationException();
    }

    private static String floatLiteral(double d, String text, String type) {
        if (Double.isNaN(d)) return "'NaN'::" + type;
        if (Double.isInfinite(d)) return (d > 0 ? "'Infinity'::" : "'-Infinity'::") + type;
        return "'" + text + "'::" + type;
    }

    /** ISO years 0 and below are 1 BC and earlier in PostgreSQL's notation. */
    private static String timestamp(LocalDateTime t) {
        if (t.getYear() > 9999) throw new UnsupportedOperationException();
        if (t.getYear() > 0) return t.format(TIMESTAMP);
        LocalDateTime shifted = t.withYear(1 - t.getYear());
        return shifted.format(TIMESTAMP) + " BC";
    }
}
