package io.pgcopy.copy;

import java.sql.SQLException;

/** The server rejected a COPY; keeps its SQLSTATE, message, detail and the COPY context line. */
public final class CopyFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String sqlState;

    public CopyFailedException(String table, SQLException cause) {
        super("COPY into " + table + " failed: " + cause.getMessage() + ServerFailures.hint(table, cause), cause);
        this.sqlState = cause.getSQLState();
    }

    public String sqlState() {
        return sqlState;
    }
}
