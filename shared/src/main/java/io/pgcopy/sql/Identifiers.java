package io.pgcopy.sql;

/** Quotes SQL identifiers. Every identifier pgcopy puts into SQL goes through here. */
public final class Identifiers {
    private Identifiers() {}

    /** {@code "a""b"} for {@code a"b}; NUL cannot appear in a PostgreSQL identifier. */
    public static String quote(String identifier) {
        if (identifier == null || identifier.isEmpty()) {
            throw new IllegalArgumentException("an identifier must not be empty");
        }
        if (identifier.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("an identifier cannot contain NUL: " + identifier.replace("\0", "\\0"));
        }
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    /** A comma-separated list of quoted identifiers. */
    public static String quoteList(Iterable<String> identifiers) {
        StringBuilder sb = new StringBuilder();
        for (String id : identifiers) {
            if (sb.length() > 0) sb.append(", ");
            sb.append(quote(id));
        }
        return sb.toString();
    }

    /** A single-quoted SQL string literal (standard_conforming_strings is on since PostgreSQL 9.1). */
    public static String literal(String value) {
        if (value.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("a string literal cannot contain NUL");
        }
        return '\'' + value.replace("'", "''") + '\'';
    }
}
