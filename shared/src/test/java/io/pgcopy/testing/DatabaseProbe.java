package io.pgcopy.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.pgcopy.protocol.Leftovers;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The database a Spark or Flink job under test writes to (a {@link TestDatabase} or a private
 * cluster's), seen from the side: the test's own SQL, pgcopy's sessions and what a failed write may
 * have left there. Its connections are not pgcopy sessions (their application_name is pgjdbc's
 * default), so they never count among them. The engine modules extend it with their own checks.
 */
public class DatabaseProbe implements SqlRunner {
    private final String url;

    /** @param url a JDBC URL with the user (and password) in it */
    public DatabaseProbe(String url) {
        this.url = url;
    }

    /** The URL the job under test is given. */
    public String url() {
        return url;
    }

    @Override
    public Connection connect() throws SQLException {
        return DriverManager.getConnection(url);
    }

    /** Sessions pgcopy opened (its default application_name) in this database, active or idle. */
    public long pgcopySessions() throws SQLException {
        return queryLong("SELECT count(*) FROM pg_stat_activity WHERE application_name = 'pgcopy'"
                + " AND datname = current_database()");
    }

    /** Prepared transactions of this database, whoever made them. */
    public long preparedTransactions() throws SQLException {
        return queryLong("SELECT count(*) FROM pg_prepared_xacts WHERE database = current_database()");
    }

    /** pgcopy's staging tables and prepared transactions here, as {@code pgcopy cleanup} finds them. */
    public Leftovers.Found leftovers() throws SQLException {
        try (Connection c = connect()) {
            return Leftovers.find(c);
        }
    }

    /** Waits until pgcopy has no session here: they end asynchronously once their client is gone. */
    public void awaitNoPgcopySession(Duration timeout) throws Exception {
        Poll.until(() -> "pgcopy's sessions to close: " + pgcopySessionsNow(), timeout, () -> pgcopySessions() == 0);
    }

    /**
     * Waits until no pgcopy session is left and nothing a write leaves is there: no staging table,
     * no prepared transaction (of any database of the server, checked last).
     */
    public void awaitNothingLeft(String label) throws Exception {
        Poll.until(() -> label + ": no pgcopy session, staging table or prepared transaction left;"
                + " sessions: " + pgcopySessionsNow() + ", " + leftovers(), Duration.ofSeconds(20),
                () -> pgcopySessions() == 0 && leftovers().isEmpty());
        assertEquals(0, queryLong("SELECT count(*) FROM pg_prepared_xacts"), label);
    }

    /**
     * Waits until a pgcopy COPY of this kind ({@code COPY FROM} for writes, {@code COPY TO} for
     * reads) is running here and, where the server shows it, has moved data; returns the backends
     * running one: the moment of a fault "mid-COPY". pg_stat_activity finds the COPY on every
     * version; pg_stat_progress_copy exists from PostgreSQL 14 on, and its bytes, not its tuples:
     * on 17 and 18 tuples_processed stays 0 during a binary COPY FROM STDIN.
     */
    public List<Integer> awaitCopy(String command) throws Exception {
        String sql = runningCopySql(command);
        List<Integer> pids = new ArrayList<>();
        Poll.until(() -> "a pgcopy " + command + " in progress; sessions: " + pgcopySessionsNow(),
                Duration.ofSeconds(30), () -> {
                    pids.clear();
                    for (String pid : queryColumn(sql)) pids.add(Integer.valueOf(pid));
                    return !pids.isEmpty();
                });
        return pids;
    }

    private String runningCopySql(String command) throws SQLException {
        String direction = switch (command) {
            case "COPY FROM" -> "\\mFROM\\s+STDIN\\M";
            case "COPY TO" -> "\\mTO\\s+STDOUT\\M";
            default -> throw new IllegalArgumentException("COPY FROM or COPY TO, not " + command);
        };
        String sql = "SELECT a.pid FROM pg_stat_activity a WHERE a.application_name = 'pgcopy'"
                + " AND a.datname = current_database() AND a.state = 'active'"
                + " AND a.query ~* '^\\s*COPY\\M' AND a.query ~* '" + direction + "'";
        if ("t".equals(queryString("SELECT to_regclass('pg_catalog.pg_stat_progress_copy') IS NOT NULL"))) {
            sql += " AND EXISTS (SELECT 1 FROM pg_stat_progress_copy p WHERE p.pid = a.pid"
                    + " AND (p.bytes_processed > 0 OR p.tuples_processed > 0))";
        }
        return sql;
    }

    /** What pgcopy's sessions here are doing, for failure messages. */
    private List<String> pgcopySessionsNow() throws SQLException {
        return queryColumn("SELECT pid || ' ' || state || ' ' || coalesce(wait_event, '') || ': ' || query"
                + " FROM pg_stat_activity WHERE application_name = 'pgcopy' AND datname = current_database()");
    }

    @Override
    public String toString() {
        // not the URL: it may carry a password
        return getClass().getSimpleName();
    }
}
