package io.pgcopy.flink.sink.fault;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/**
 * The test's own view of the database a faulty job writes to (the shared server's test database or
 * a private cluster's): short-lived auto-commit connections, never named 'pgcopy'.
 */
final class Database {
    private final String url;

    Database(String url) {
        this.url = url;
    }

    String url() {
        return url;
    }

    Connection connect() throws SQLException {
        return DriverManager.getConnection(url);
    }

    void execute(String... sql) throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            for (String q : sql) s.execute(q);
        }
    }

    long queryLong(String sql) throws SQLException {
        return Long.parseLong(queryString(sql));
    }

    String queryString(String sql) throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            if (!rs.next()) throw new IllegalStateException("no row from: " + sql);
            return rs.getString(1);
        }
    }

    /** count/distinct/min/max of the table's ids: {@code N/N/0/N-1} is exactly the ids 0 .. N-1. */
    String ids(String table) throws SQLException {
        return queryString("SELECT count(*) || '/' || count(DISTINCT id) || '/' || coalesce(min(id), -1) || '/'"
                + " || coalesce(max(id), -1) FROM " + table);
    }

    static String exactly(long rows) {
        return rows + "/" + rows + "/0/" + (rows - 1);
    }

    /** Sessions pgcopy opened (its default application_name) in this database, active or idle. */
    long pgcopySessions() throws SQLException {
        return queryLong("SELECT count(*) FROM pg_stat_activity WHERE application_name = 'pgcopy'"
                + " AND datname = current_database()");
    }

    long preparedTransactions() throws SQLException {
        return queryLong("SELECT count(*) FROM pg_prepared_xacts WHERE database = current_database()");
    }

    /** Waits for a condition that a job or a server reaches on its own, failing after the deadline. */
    static void await(String what, Duration timeout, Check check) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!check.holds()) {
            if (System.nanoTime() > deadline) throw new AssertionError("timed out after " + timeout + " waiting for " + what);
            Thread.sleep(25);
        }
    }

    /** Like {@link #await} but says whether the condition came true in time instead of failing. */
    static boolean awaitQuietly(Duration timeout, Check check) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!check.holds()) {
            if (System.nanoTime() > deadline) return false;
            Thread.sleep(25);
        }
        return true;
    }

    /** A condition to poll; may query the database. */
    interface Check {
        boolean holds() throws Exception;
    }
}
