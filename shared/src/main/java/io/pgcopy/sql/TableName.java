package io.pgcopy.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A possibly schema-qualified table name, parsed with PostgreSQL's rules: unquoted parts fold to
 * lower case, {@code "Quoted"} parts are kept exactly ({@code ""} inside quotes is one quote).
 */
public final class TableName implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    private final String schema; // null: resolved through search_path
    private final String name;

    public TableName(String schema, String name) {
        this.schema = schema;
        this.name = Objects.requireNonNull(name, "name");
    }

    /** Parses {@code table}, {@code schema.table}, {@code "My Schema"."My.Table"}. */
    public static TableName parse(String text) {
        List<String> parts = splitParts(text.trim());
        if (parts.size() == 1) return new TableName(null, parts.get(0));
        if (parts.size() == 2) return new TableName(parts.get(0), parts.get(1));
        throw new IllegalArgumentException("not a table name (expected [schema.]table): " + text);
    }

    private static List<String> splitParts(String text) {
        List<String> parts = new ArrayList<>();
        int i = 0;
        int n = text.length();
        while (true) {
            if (i >= n) throw new IllegalArgumentException("not a table name: " + text);
            StringBuilder part = new StringBuilder();
            if (text.charAt(i) == '"') {
                i++;
                while (true) {
                    if (i >= n) throw new IllegalArgumentException("unterminated quoted identifier: " + text);
                    char c = text.charAt(i++);
                    if (c == '"') {
                        if (i < n && text.charAt(i) == '"') {
                            part.append('"');
                            i++;
                        } else {
                            break;
                        }
                    } else {
                        part.append(c);
                    }
                }
                if (part.length() == 0) throw new IllegalArgumentException("empty quoted identifier: " + text);
                parts.add(part.toString());
            } else {
                while (i < n && text.charAt(i) != '.') part.append(text.charAt(i++));
                String p = part.toString().trim();
                if (p.isEmpty() || p.indexOf('"') >= 0) throw new IllegalArgumentException("not a table name: " + text);
                parts.add(p.toLowerCase(Locale.ROOT));
            }
            if (i >= n) return parts;
            if (text.charAt(i) != '.') throw new IllegalArgumentException("not a table name: " + text);
            i++;
        }
    }

    /** The schema, or null when the name is unqualified. */
    public String schema() {
        return schema;
    }

    public String name() {
        return name;
    }

    /** The name as SQL, every part quoted. */
    public String quoted() {
        return schema == null ? Identifiers.quote(name) : Identifiers.quote(schema) + "." + Identifiers.quote(name);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TableName t && Objects.equals(schema, t.schema) && name.equals(t.name);
    }

    @Override
    public int hashCode() {
        return Objects.hash(schema, name);
    }

    @Override
    public String toString() {
        return schema == null ? name : schema + "." + name;
    }
}
