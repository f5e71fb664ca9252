package io.pgcopy.flink.sink.fault;

import io.pgcopy.testing.DatabaseProbe;
import java.sql.SQLException;

/**
 * The database a Flink fault test's job writes to, seen from the side: besides
 * {@link DatabaseProbe}'s, what a table of {@link FaultJobs#events} holds.
 */
final class FaultDb extends DatabaseProbe {

    FaultDb(String url) {
        super(url);
    }

    /** count/distinct/min/max of the table's ids: {@link #exactly} the ids 0 .. N-1, or not. */
    String ids(String table) throws SQLException {
        return queryString("SELECT count(*) || '/' || count(DISTINCT id) || '/' || coalesce(min(id), -1) || '/'"
                + " || coalesce(max(id), -1) FROM " + table);
    }

    /** What {@link #ids} says of exactly the ids 0 .. rows-1, each once. */
    static String exactly(long rows) {
        return rows + "/" + rows + "/0/" + (rows - 1);
    }

    /** distinct/min/max of the table's ids: {@link #everyId} 0 .. N-1, whether some come twice or not. */
    String distinctIds(String table) throws SQLException {
        return queryString("SELECT count(DISTINCT id) || '/' || min(id) || '/' || max(id) FROM " + table);
    }

    /** What {@link #distinctIds} says of every id 0 .. rows-1, each at least once (at-least-once). */
    static String everyId(long rows) {
        return rows + "/0/" + (rows - 1);
    }

    /** Rows whose payload is not their id's: whole rows of committed transactions have none. */
    long wrongPayloads(String table) throws SQLException {
        return queryLong("SELECT count(*) FROM " + table + " WHERE payload <> 'event ' || id");
    }
}
