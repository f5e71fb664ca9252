package io.pgcopy.it.flink;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A JVM of a test's Flink cluster, in a process group of its own (setsid), its output in a log file. Every one
 * started is killed at the latest when the test JVM ends, also after a failed test.
 */
final class ClusterProcess {
    private static final Set<Process> RUNNING = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> RUNNING.forEach(Process::destroyForcibly)));
    }

    private final Process process;
    private final Path log;

    private ClusterProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    static ClusterProcess start(List<String> jvmOptions, String classpath, String mainClass, List<String> args,
            Path log, Path confDir) throws IOException {
        List<String> command = new ArrayList<>(List.of("setsid", Path.of(System.getProperty("java.home"), "bin",
                "java").toString()));
        // the opens of Flink's env.java.opts.all on Java 17, as both lines' distributions set them (1.20's Kryo needs
        // java.time and java.text besides)
        command.addAll(List.of(System.getProperty("pgcopy.flink.jvmOptions").trim().split("\\s+")));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", classpath, mainClass));
        command.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("FLINK_CONF_DIR", confDir.toString());
        Process p = pb.start();
        RUNNING.add(p);
        return new ClusterProcess(p, log);
    }

    /** setsid execs java itself (the child is no group leader), so this is the JVM's pid. */
    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** SIGKILL, as a crashed machine or an OOM killer would end it. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
        RUNNING.remove(process);
    }

    /** Waits for the process to end; false if it did not in time (it is then killed). */
    boolean waitFor(long seconds) throws InterruptedException {
        boolean ended = process.waitFor(seconds, TimeUnit.SECONDS);
        if (!ended) kill();
        RUNNING.remove(process);
        return ended;
    }

    int exitValue() {
        return process.exitValue();
    }

    boolean logContains(String text) {
        try {
            return Files.readString(log).contains(text);
        } catch (IOException e) {
            return false;
        }
    }

    String logTail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return log + ":\n" + String.join("\n", lines.subList(Math.max(0, lines.size() - 80), lines.size()));
        } catch (IOException e) {
            return log + ": " + e;
        }
    }
}
