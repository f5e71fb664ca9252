package io.pgcopy.spark.fault;

import io.pgcopy.testing.DatabaseProbe;
import io.pgcopy.testing.Poll;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The database a Spark fault test writes to and reads from, seen from the side: besides
 * {@link DatabaseProbe}'s, pgcopy's COPYs in progress, signals to their backends and the contents
 * of a table of {@link Faults#rows}.
 */
final class FaultDb extends DatabaseProbe {

    FaultDb(String url) {
        super(url);
    }

    /** A table of rows 0..n-1 as {@link Faults#rows} makes them: {@code (id, 'name ' || id)}. */
    void createRows(String table, long n) throws SQLException {
        execute("CREATE TABLE " + table + " (id bigint, name text)",
                "INSERT INTO " + table + " SELECT g, 'name ' || g FROM generate_series(0, " + (n - 1) + ") g");
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
        Poll.until("a pgcopy " + command + " in progress", Duration.ofSeconds(30), () -> {
            pids.clear();
            for (String pid : queryColumn(sql)) pids.add(Integer.valueOf(pid));
            return !pids.isEmpty();
        });
        return pids;
    }

    /** pg_terminate_backend or pg_cancel_backend of these backends; how many were signalled. */
    long signal(String function, List<Integer> pids) throws SQLException {
        return queryLong("SELECT count(*) FILTER (WHERE " + function + "(pid)) FROM unnest(ARRAY"
                + pids + "::int[]) AS pid");
    }

    /** count/distinct ids/sum of ids/rows whose name does not belong to their id, of a table of {@link Faults#rows}. */
    String contents(String table) throws SQLException {
        return queryString("SELECT count(*) || '/' || count(DISTINCT id) || '/' || coalesce(sum(DISTINCT id), 0)"
                + " || '/' || count(*) FILTER (WHERE name IS DISTINCT FROM 'name ' || id) FROM " + table);
    }
}
