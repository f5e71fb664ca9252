package io.pgcopy.codec;

/** A value that cannot be written, with everything needed to find it: table, column, row, value, type. */
public final class CopyValueException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private static final int MAX_VALUE_CHARS = 200;

    private final String table;
    private final String column;
    private final long row;
    private final String value;
    private final String targetType;

    public CopyValueException(String table, String column, long row, String value, String targetType, String problem) {
        super(message(table, column, row, value, targetType, problem));
        this.table = table;
        this.column = column;
        this.row = row;
        this.value = value;
        this.targetType = targetType;
    }

    private static String message(String table, String column, long row, String value, String type, String problem) {
        return "cannot write row " + row + " of table " + table + ", column \"" + column + "\" (" + type + "): "
                + problem + (value == null ? "" : "; value: " + shorten(value));
    }

    /** Long values are cut so that a message stays readable. */
    static String shorten(String value) {
        String v = value.length() <= MAX_VALUE_CHARS ? value
                : value.substring(0, MAX_VALUE_CHARS) + "... (" + value.length() + " chars)";
        return v.replace("\0", "\\0");
    }

    public String table() {
        return table;
    }

    public String column() {
        return column;
    }

    /** 1-based row number within the stream (a Spark partition, a Flink flush). */
    public long row() {
        return row;
    }

    public String value() {
        return value;
    }

    public String targetType() {
        return targetType;
    }
}
