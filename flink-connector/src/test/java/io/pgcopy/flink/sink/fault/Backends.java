package io.pgcopy.flink.sink.fault;

import io.pgcopy.testing.Poll;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Finds the server process (backend) that runs a sink's COPY and does something bad to it. A COPY
 * FROM STDIN shows in pg_stat_activity as an active query for as long as the COPY is open, also
 * while the client has no rows to send, so waiting for it makes the fault land mid-COPY.
 */
final class Backends {
    private final FaultDb db;

    Backends(FaultDb db) {
        this.db = db;
    }

    /** The pid of a running COPY of the sink into (or, for upserts, into the stage of) {@code table}. */
    int awaitCopy(String table, Duration timeout) throws Exception {
        int[] pid = {0};
        Poll.until("a pgcopy COPY into " + table, timeout, () -> (pid[0] = copyPid(table)) != 0);
        return pid[0];
    }

    private int copyPid(String table) throws SQLException {
        try (Connection c = db.connect(); PreparedStatement ps = c.prepareStatement("SELECT pid FROM pg_stat_activity"
                + " WHERE application_name = 'pgcopy' AND datname = current_database() AND state = 'active'"
                + " AND query LIKE 'COPY %' AND strpos(query, ?) > 0 ORDER BY backend_start LIMIT 1")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getInt(1) : 0;
            }
        }
    }

    boolean alive(int pid) throws SQLException {
        return db.queryLong("SELECT count(*) FROM pg_stat_activity WHERE pid = " + pid) > 0;
    }

    /** pg_terminate_backend: the session ends at once, its transaction rolled back. */
    void terminate(int pid) throws Exception {
        if (!"t".equals(db.queryString("SELECT pg_terminate_backend(" + pid + ")"))) {
            throw new AssertionError("backend " + pid + " was not terminated");
        }
        Poll.until("backend " + pid + " to end", Duration.ofSeconds(10), () -> !alive(pid));
    }

    /**
     * pg_cancel_backend on the COPY: the statement fails, the session stays. A cancel that reaches
     * the backend between two COPYs does nothing, so cancel again until the writer, failing, has
     * closed that session.
     */
    void cancelCopy(int pid, String table) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (alive(pid)) {
            if (System.nanoTime() > deadline) throw new AssertionError("the COPY of backend " + pid + " was never cancelled");
            db.queryLong("SELECT count(pg_cancel_backend(pid)) FROM pg_stat_activity WHERE pid = " + pid
                    + " AND state = 'active' AND query LIKE 'COPY %'");
            Poll.holdsWithin(Duration.ofSeconds(2), () -> !alive(pid));
        }
    }

    /** SIGSTOP: the backend stops answering, its socket stays open, as a hung server does. */
    static void stop(int pid) throws IOException, InterruptedException {
        signal("-STOP", pid);
    }

    /** SIGCONT: the stopped backend goes on (and finds its client gone). */
    static void resume(int pid) throws IOException, InterruptedException {
        signal("-CONT", pid);
    }

    private static void signal(String signal, int pid) throws IOException, InterruptedException {
        // the tests run as root, the server as postgres: root may signal it
        Process p = new ProcessBuilder("kill", signal, String.valueOf(pid)).inheritIO().start();
        if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("kill " + signal + " " + pid + " failed");
        }
    }
}
