package io.pgcopy.spark.fault;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.pgcopy.protocol.Leftovers;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The database a fault test writes to, seen from the side: pgcopy's sessions and COPYs in
 * progress, signals to its backends, what a failed attempt may have left. Each call opens its own
 * connection, which is not a pgcopy session (its application_name is pgjdbc's default).
 */
final class FaultDb {
    private final String url;

    FaultDb(String url) {
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

    String queryString(String sql) throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    long queryLong(String sql) throws SQLException {
        return Long.parseLong(queryString(sql));
    }

    private List<String> rows(String sql) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection c = connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) rows.add(rs.getString(1));
        }
        return rows;
    }

    List<Integer> pids(String sql) throws SQLException {
        List<Integer> pids = new ArrayList<>();
        try (Connection c = connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) pids.add(rs.getInt(1));
        }
        return pids;
    }

    /**
     * Waits until a pgcopy COPY of this kind ({@code COPY FROM} for writes, {@code COPY TO} for
     * reads) has moved rows on the server, and returns the backends running one: the moment of a
     * fault "mid-COPY".
     */
    List<Integer> awaitCopy(String command) throws Exception {
        String sql = "SELECT p.pid FROM pg_stat_progress_copy p JOIN pg_stat_activity a ON a.pid = p.pid"
                + " WHERE a.application_name = 'pgcopy' AND p.datname = current_database() AND p.command = '"
                + command + "' AND p.tuples_processed > 0";
        List<Integer> pids = new ArrayList<>();
        Deadline.within(30_000, "a pgcopy " + command + " in progress", () -> {
            pids.clear();
            pids.addAll(pids(sql));
            return !pids.isEmpty();
        });
        return pids;
    }

    /** pg_terminate_backend or pg_cancel_backend of these backends; how many were signalled. */
    long signal(String function, List<Integer> pids) throws SQLException {
        return queryLong("SELECT count(*) FILTER (WHERE " + function + "(pid)) FROM unnest(ARRAY"
                + pids + "::int[]) AS pid");
    }

    /** pgcopy sessions connected to this database, from any job. */
    long pgcopySessions() throws SQLException {
        return queryLong("SELECT count(*) FROM pg_stat_activity WHERE application_name = 'pgcopy'"
                + " AND datname = current_database()");
    }

    /**
     * Waits (sessions end asynchronously after their client is gone) until no pgcopy session is
     * left and nothing a write leaves is there: no staging table, no prepared transaction.
     */
    void awaitNothingLeft(String label) throws Exception {
        Deadline.within(20_000, () -> label + ": no pgcopy session, staging table or prepared transaction left;"
                + " sessions: " + rows("SELECT pid || ' ' || state || ' ' || coalesce(wait_event, '') || ': ' || query"
                        + " FROM pg_stat_activity WHERE application_name = 'pgcopy' AND datname = current_database()")
                + ", " + leftovers(), () -> pgcopySessions() == 0 && leftovers().isEmpty());
        assertEquals(0, queryLong("SELECT count(*) FROM pg_prepared_xacts"), label);
    }

    Leftovers.Found leftovers() throws SQLException {
        try (Connection c = connect()) {
            return Leftovers.find(c);
        }
    }

    /** count/distinct ids/sum of ids/rows whose name does not belong to their id, of a table of {@link Faults#rows}. */
    String contents(String table) throws SQLException {
        return queryString("SELECT count(*) || '/' || count(DISTINCT id) || '/' || coalesce(sum(DISTINCT id), 0)"
                + " || '/' || count(*) FILTER (WHERE name IS DISTINCT FROM 'name ' || id) FROM " + table);
    }
}
