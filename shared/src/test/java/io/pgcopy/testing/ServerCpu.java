package io.pgcopy.testing;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The CPU time PostgreSQL spends, sampled every 100 ms, so a benchmark can say how busy the server
 * was while a method ran. Read from /proc (proc(5), /proc/pid/stat): the postmaster's own
 * utime+stime, its cutime+cstime (the children it has reaped: every ended backend) and each live
 * child's utime+stime. With the server pinned to one core, busy = server CPU time / wall time.
 * Approximate: a backend reaped between reading the postmaster and listing its children is missed
 * by that one sample, so a short method that starts as the previous one's backends end can show
 * their CPU time too (over 100 % pinned).
 */
final class ServerCpu {
    private static final double TICKS_PER_SECOND = 100; // USER_HZ on Linux
    private final long postmaster;
    private final ConcurrentSkipListMap<Long, Long> samples = new ConcurrentSkipListMap<>();

    ServerCpu(long postmaster) {
        this.postmaster = postmaster;
        Thread t = new Thread(this::sampleForever, "bench-server-cpu");
        t.setDaemon(true);
        t.start();
    }

    /** Server CPU seconds per wall second between {@code startNanos} and now (1.0 = one core busy), or NaN. */
    double busySince(long startNanos) {
        sample();
        Map.Entry<Long, Long> first = samples.ceilingEntry(startNanos);
        Map.Entry<Long, Long> last = samples.lastEntry();
        if (first == null || last.getKey() <= first.getKey()) return Double.NaN;
        return (last.getValue() - first.getValue()) / TICKS_PER_SECOND / ((last.getKey() - first.getKey()) / 1e9);
    }

    private void sampleForever() {
        while (true) {
            sample();
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void sample() {
        try {
            long[] pm = stat(postmaster);
            long ticks = pm[0] + pm[1] + pm[2] + pm[3];
            for (long child : childrenOf(postmaster)) {
                long[] c = stat(child);
                if (c != null) ticks += c[0] + c[1];
            }
            samples.put(System.nanoTime(), ticks);
        } catch (IOException | RuntimeException e) {
            // the server is gone (the benchmark ends): no more samples
        }
    }

    /** utime, stime, cutime, cstime of a process, or null if it is gone. */
    private static long[] stat(long pid) {
        String s;
        try {
            s = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        } catch (IOException e) {
            return null;
        }
        // the command name (field 2) may hold spaces: count fields after its closing parenthesis
        String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
        // f[0] is field 3 (state); utime is field 14
        return new long[] {Long.parseLong(f[11]), Long.parseLong(f[12]), Long.parseLong(f[13]), Long.parseLong(f[14])};
    }

    static long parentOf(long pid) throws IOException {
        String s = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        return Long.parseLong(s.substring(s.lastIndexOf(')') + 2).split(" ")[1]);
    }

    static List<Long> childrenOf(long parent) throws IOException {
        List<Long> children = new ArrayList<>();
        try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path p : procs) {
                long pid = Long.parseLong(p.getFileName().toString());
                try {
                    if (parentOf(pid) == parent) children.add(pid);
                } catch (IOException | RuntimeException gone) {
                    // exited while listed
                }
            }
        }
        return children;
    }
}
