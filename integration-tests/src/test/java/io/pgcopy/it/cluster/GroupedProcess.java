package io.pgcopy.it.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A JVM of a test cluster (Master, Worker, driver, Connect server or client) started in a process group of its own
 * (setsid), so that killing the group also kills what it started — a Worker's executors. No such JVM outlives the
 * test: {@link #close} kills the group, a shutdown hook kills the groups still alive, and a watcher in each group
 * kills it within a second once the test JVM is gone, even after a {@code kill -9} of the test JVM.
 */
final class GroupedProcess implements AutoCloseable {
    private static final Set<GroupedProcess> ALIVE = ConcurrentHashMap.newKeySet();
    // $1 is the test JVM's pid; the watcher runs in the background, then the shell becomes the JVM (same pid)
    private static final String GUARD = "t=$1; shift; (while kill -0 \"$t\" 2>/dev/null; do sleep 1; done; kill -KILL 0) "
            + ">/dev/null 2>&1 </dev/null & exec \"$@\"";

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> ALIVE.forEach(GroupedProcess::close)));
    }

    private final String name;
    private final Process process;
    private final Path log;

    private GroupedProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    static GroupedProcess start(String name, List<String> command, Map<String, String> environment, Path log)
            throws IOException {
        List<String> wrapped = new ArrayList<>(List.of("setsid", "sh", "-c", GUARD, "guard",
                Long.toString(ProcessHandle.current().pid())));
        wrapped.addAll(command);
        ProcessBuilder pb = new ProcessBuilder(wrapped).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().putAll(environment);
        GroupedProcess p = new GroupedProcess(name, pb.start(), log);
        ALIVE.add(p);
        return p;
    }

    /** The JVM's pid, which is also its group's id. */
    long pid() {
        return process.pid();
    }

    String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    /** The last lines of the log, for failure messages. */
    String logTail() {
        List<String> lines = log().lines().toList();
        return name + " log (" + log + "), last lines:\n"
                + String.join("\n", lines.subList(Math.max(0, lines.size() - 80), lines.size()));
    }

    void awaitLog(String text, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!log().contains(text)) {
            if (!process.isAlive()) throw new AssertionError(name + " exited with " + process.exitValue()
                    + " before logging \"" + text + "\"\n" + logTail());
            if (System.nanoTime() > deadline) throw new AssertionError(name + " did not log \"" + text + "\" within "
                    + timeout.toSeconds() + " s\n" + logTail());
            Thread.sleep(100);
        }
    }

    /** Waits for the JVM to exit and returns its exit code; fails (killing its group) when it takes longer. */
    int exitCode(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            close();
            throw new AssertionError(name + " did not finish within " + timeout.toSeconds() + " s\n" + logTail());
        }
        return process.exitValue();
    }

    /** SIGKILL to the JVM alone, as a crash would end it; what it started keeps running. */
    void killJvm() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /** SIGKILL to the whole group. */
    @Override
    public void close() {
        ALIVE.remove(this);
        try {
            new ProcessBuilder("kill", "-KILL", "--", "-" + process.pid()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor(10, TimeUnit.SECONDS);
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (IOException | InterruptedException e) {
            process.destroyForcibly();
        }
    }
}
