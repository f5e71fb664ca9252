package io.pgcopy.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * How a benchmark shares the CPUs with its PostgreSQL. <em>Shared</em> (the default): server and
 * client on every core. <em>Pinned</em> ({@code PGCOPY_BENCH_PIN=1}, the scripts then run the JVM
 * under {@code taskset -c 1}): the harness's server — its postmaster and every child it has — on CPU
 * 0, so the ceiling is what one server core absorbs and the client has a core of its own, as with a
 * database on its own host. Backends forked later inherit the postmaster's affinity
 * (sched_setaffinity is kept across fork), which {@link #apply} checks on a new backend.
 */
public final class BenchMode {
    public static final String PIN_ENV = "PGCOPY_BENCH_PIN";
    private static final String SERVER_CPU = "0";
    private static final String CLIENT_CPU = "1";
    private static volatile String description = "shared (server and client on all cores)";
    private static volatile ServerCpu serverCpu;

    private BenchMode() {}

    /** Whether the environment asks for the pinned mode. */
    public static boolean pinned() {
        String v = System.getenv(PIN_ENV);
        return v != null && !v.isBlank() && !v.equals("0");
    }

    /**
     * Pins {@code db}'s server in pinned mode (and proves a new backend inherits it) and starts
     * sampling its CPU time in both modes; returns the line that says which mode this is.
     */
    public static String apply(TestDatabase db) throws Exception {
        long postmaster = postmasterOf(db);
        if (pinned()) {
            String client = cpusAllowed(ProcessHandle.current().pid());
            if (!client.equals(CLIENT_CPU)) {
                throw new IllegalStateException(PIN_ENV + " is set but this JVM runs on CPUs " + client
                        + ", not " + CLIENT_CPU + ": start it with taskset -c " + CLIENT_CPU + " (the bench scripts do)");
            }
            List<Long> pids = new ArrayList<>(ServerCpu.childrenOf(postmaster));
            pids.add(0, postmaster);
            for (long pid : pids) pin(pid);
            long newBackend = db.queryLong("SELECT pg_backend_pid()");
            String inherited = cpusAllowed(newBackend);
            if (!inherited.equals(SERVER_CPU)) {
                throw new IllegalStateException("a new backend runs on CPUs " + inherited + " after pinning the postmaster");
            }
            description = "pinned: PostgreSQL on CPU " + SERVER_CPU + " (postmaster " + postmaster + " and its "
                    + (pids.size() - 1) + " children; a new backend's Cpus_allowed_list=" + inherited
                    + "), this JVM on CPU " + client;
        }
        serverCpu = new ServerCpu(postmaster);
        System.out.println("mode: " + description);
        return description;
    }

    /** The mode line for reports. */
    public static String description() {
        return description;
    }

    /** The server's sampler, or null before {@link #apply}. */
    static ServerCpu serverCpu() {
        return serverCpu;
    }

    private static long postmasterOf(TestDatabase db) throws Exception {
        if (!TestPostgres.get().startedHere()) {
            throw new IllegalStateException("the benchmarks need the harness's own PostgreSQL (unset "
                    + TestPostgres.URL_ENV + "): they pin and watch its processes");
        }
        try (Connection c = db.connect(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT pg_backend_pid()")) {
            rs.next();
            return ServerCpu.parentOf(rs.getLong(1));
        }
    }

    private static void pin(long pid) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("taskset", "-pc", SERVER_CPU, Long.toString(pid)).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            // a child may have exited since it was listed; the postmaster must not fail
            if (Files.exists(Path.of("/proc", Long.toString(pid)))) {
                throw new IllegalStateException("taskset -pc " + SERVER_CPU + " " + pid + " failed: " + out);
            }
        }
    }

    static String cpusAllowed(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("Cpus_allowed_list:")) return line.substring(line.indexOf(':') + 1).trim();
        }
        throw new IllegalStateException("no Cpus_allowed_list in /proc/" + pid + "/status");
    }
}
