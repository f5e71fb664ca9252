package io.pgcopy.cli;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.raise_error;
import static org.apache.spark.sql.functions.substring;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.Column;

/**
 * A value of a file that cannot become its column's type, raised inside the Spark job with
 * {@code raise_error} and read back from the failure on the driver: the message carries the file,
 * the record index and the column between control characters no file name or SQL name contains.
 *
 * @param column null for a malformed record
 */
record BadValue(String file, long record, String column, String type, String value) {
    private static final String START = "\u0001pgcopy-bad-value\u0001";
    private static final String SEP = "\u0001";
    private static final String END = "\u0002";
    private static final int MAX_VALUE_CHARS = 200;
    private static final Pattern RAISED = Pattern.compile(Pattern.quote(START) + "([^\u0001]*)\u0001(\\d+)\u0001([^\u0001]*)"
            + "\u0001([^\u0001]*)\u0001([^\u0002]*)" + END, Pattern.DOTALL);

    /** A Spark expression that fails the task with this value's place; {@code column} null: a malformed record. */
    static Column raise(String column, String type, Column value) {
        return raise_error(concat(lit(START), col(SourceFiles.FILE), lit(SEP), col(SourceFiles.RECORD).cast("string"),
                lit(SEP), lit(column == null ? "" : column), lit(SEP), lit(type), lit(SEP),
                coalesce(substring(value, 1, MAX_VALUE_CHARS), lit("")), lit(END)));
    }

    /** The bad value a failure's message carries, if any. */
    static Optional<BadValue> in(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            Matcher m = RAISED.matcher(String.valueOf(t.getMessage()));
            if (m.find()) {
                return Optional.of(new BadValue(m.group(1), Long.parseLong(m.group(2)),
                        m.group(3).isEmpty() ? null : m.group(3), m.group(4), m.group(5)));
            }
        }
        return Optional.empty();
    }

    String problem() {
        if (column == null) return "malformed record (" + value.strip() + ")";
        return "column \"" + column + "\": '" + value + "' is not a valid " + type.toLowerCase(java.util.Locale.ROOT);
    }
}
