package io.pgcopy.arrow;

/** A value read from PostgreSQL that cannot become an Arrow value, with the column, row and type. */
public final class ReadValueException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String column;
    private final long row;
    private final String pgType;

    public ReadValueException(String source, String column, long row, String pgType, String problem) {
        super("cannot read row " + row + " of " + source + ", column \"" + column + "\" (" + pgType + "): " + problem);
        this.column = column;
        this.row = row;
        this.pgType = pgType;
    }

    public String column() {
        return column;
    }

    /** 1-based row number within the read. */
    public long row() {
        return row;
    }

    public String pgType() {
        return pgType;
    }
}
