package io.pgcopy.spark.fault;

import io.pgcopy.testing.DatabaseProbe;
import java.sql.SQLException;
import java.util.List;

/**
 * The database a Spark fault test writes to and reads from, seen from the side: besides
 * {@link DatabaseProbe}'s (which finds pgcopy's COPYs in progress), signals to their backends and the contents
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
