package io.pgcopy.copy;

import java.sql.SQLException;

/** The server rejected a COPY; keeps its SQLSTATE, message, detail and the COPY context line. */
public final class CopyFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String sqlState;

    /** SQLSTATE lock_not_available: lock_timeout expired. */
    public static final String LOCK_NOT_AVAILABLE = "55P03";
    /** SQLSTATE connection_failure: pgjdbc lost the connection. */
    public static final String CONNECTION_FAILURE = "08006";

    public CopyFailedException(String table, SQLException cause) {
        super("COPY into " + table + " failed: " + cause.getMessage() + hint(table, cause.getSQLState()), cause);
        this.sqlState = cause.getSQLState();
    }

    /** What to do about a failure whose SQLSTATE alone says it. */
    public static String hint(String table, String sqlState) {
        if (LOCK_NOT_AVAILABLE.equals(sqlState)) {
            return " (another session holds a lock on " + table + " that conflicts with writing; pgcopy gave up"
                    + " after lockTimeout. Find the holder with SELECT pid, query FROM pg_stat_activity WHERE pid ="
                    + " ANY (pg_blocking_pids(<pid of the waiting session>)), or raise lockTimeout)";
        }
        if (CONNECTION_FAILURE.equals(sqlState)) {
            // pgjdbc's "Database connection failed when writing to copy" says nothing of why
            return " (the connection to the server was lost: the server restarted or crashed, the backend was"
                    + " terminated, or the network failed)";
        }
        return "";
    }

    public String sqlState() {
        return sqlState;
    }
}
