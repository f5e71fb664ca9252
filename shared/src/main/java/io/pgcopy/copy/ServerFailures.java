package io.pgcopy.copy;

import java.net.SocketTimeoutException;
import java.sql.SQLException;

/**
 * What a failure from the server means for the user, told by its SQLSTATE, for errors whose own
 * message says neither what happened nor what to do (pgjdbc's "Database connection failed when
 * writing to copy", a bare "canceling statement due to lock timeout").
 */
public final class ServerFailures {
    /** lock_not_available: lock_timeout expired. */
    public static final String LOCK_NOT_AVAILABLE = "55P03";
    /** connection_failure: pgjdbc lost the connection. */
    public static final String CONNECTION_FAILURE = "08006";
    private static final String ADMIN_SHUTDOWN = "57P01";
    private static final String QUERY_CANCELED = "57014";

    private ServerFailures() {}

    /** A parenthesised hint to append to a message about {@code table}, found anywhere in the cause chain, or "". */
    public static String hint(String table, Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null
                    && !(CONNECTION_FAILURE.equals(sql.getSQLState()) && t.getCause() instanceof SocketTimeoutException)) {
                String hint = hint(table, sql.getSQLState());
                if (!hint.isEmpty()) return hint;
            }
            if (t instanceof SocketTimeoutException) return " (the server did not answer within socketTimeout)";
        }
        return "";
    }

    /** The hint for a SQLSTATE, or "". */
    public static String hint(String table, String sqlState) {
        if (sqlState == null) return "";
        return switch (sqlState) {
            case LOCK_NOT_AVAILABLE -> " (another session holds a lock on " + table + " that conflicts with this;"
                    + " pgcopy gave up after lockTimeout. Find the holder with SELECT pid, query FROM pg_stat_activity"
                    + " WHERE pid = ANY (pg_blocking_pids(<pid of the waiting session>)), or raise lockTimeout)";
            case CONNECTION_FAILURE -> " (the connection to the server was lost: the server restarted or crashed, the"
                    + " backend was terminated, or the network failed)";
            case ADMIN_SHUTDOWN -> " (the server ended the session: it was restarted or the backend terminated)";
            case QUERY_CANCELED -> " (the statement was cancelled: pg_cancel_backend, or statement_timeout expired)";
            default -> "";
        };
    }
}
