package io.pgcopy.spark;

import io.pgcopy.copy.CopyFailedException;
import java.sql.SQLException;

/**
 * What a failure from the server means for the user, found by its SQLSTATE anywhere in the cause
 * chain, for errors whose own message says neither what happened nor what to do.
 */
public final class ServerFailures {
    private static final String ADMIN_SHUTDOWN = "57P01";
    private static final String QUERY_CANCELED = "57014";

    private ServerFailures() {}

    /** A parenthesised hint to append to a message about {@code table}, or "". */
    public static String hint(String table, Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                String state = sql.getSQLState();
                if (state.equals(CopyFailedException.LOCK_NOT_AVAILABLE)) {
                    return " (another session holds a lock on " + table + " that conflicts with this; pgcopy gave up"
                            + " after lockTimeout. Find the holder with SELECT pid, query FROM pg_stat_activity WHERE"
                            + " pid = ANY (pg_blocking_pids(<pid of the waiting session>)), or raise lockTimeout)";
                }
                if (state.equals(ADMIN_SHUTDOWN)) {
                    return " (the server ended the session: it was restarted or the backend terminated)";
                }
                if (state.equals(CopyFailedException.CONNECTION_FAILURE) && t.getCause() != null
                        && !(t.getCause() instanceof java.net.SocketTimeoutException)) {
                    return CopyFailedException.hint(table, state);
                }
                if (state.equals(QUERY_CANCELED)) {
                    return " (the statement was cancelled: pg_cancel_backend, or statement_timeout expired)";
                }
            }
            if (t instanceof java.net.SocketTimeoutException) {
                return " (the server did not answer within socketTimeout)";
            }
        }
        return "";
    }
}
