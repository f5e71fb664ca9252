package io.pgcopy.packaging;

import java.io.File;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * The user's job (src/test/resources/flink-job/FlinkRuntimeJarJob.java) compiled against one Flink's jars and a
 * pgcopy runtime jar, then run in a JVM of its own whose classpath is those jars and the job's classes only — as a
 * job in a local Flink with the runtime jar in lib/. Nothing of the build's pgcopy classes is on it.
 */
final class FlinkJobProcess {
    private static final String JOB = "FlinkRuntimeJarJob";

    private final FlinkJars flink;
    private final Process process;
    private final Path log;
    private final long startedNanos;

    private FlinkJobProcess(FlinkJars flink, Process process, Path log, long startedNanos) {
        this.flink = flink;
        this.process = process;
        this.log = log;
        this.startedNanos = startedNanos;
    }

    /**
     * Starts the job along the given paths, each {@code <path>:<table>} ({@code sql:sql_rows},
     * {@code datastream:stream_rows}), writing to the database at url.
     */
    static FlinkJobProcess start(Path dir, FlinkJars flink, Path runtimeJar, String url, String... paths)
            throws Exception {
        List<Path> jars = new ArrayList<>(flink.jars());
        jars.add(runtimeJar);
        String classpath = String.join(File.pathSeparator, jars.stream().map(Path::toString).toList());
        Path classes = compile(Files.createDirectories(dir), classpath);

        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(List.of(System.getProperty("pgcopy.flink.jvmOptions").trim().split("\\s+")));
        // Flink's INFO logging of two local clusters would be most of the output; C1 alone and the serial collector
        // start these short jobs with about half the CPU (the JIT and GC are no part of what is proven)
        command.addAll(List.of("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC"));
        command.addAll(List.of("-cp", classpath + File.pathSeparator + classes, JOB));
        command.addAll(List.of(paths));
        Path log = dir.resolve(JOB + ".log");
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("PGCOPY_URL", url);
        return new FlinkJobProcess(flink, pb.start(), log, System.nanoTime());
    }

    /** Waits for the job's end (four minutes at most: the versions' jobs run side by side on a busy machine). */
    Finished finish() throws Exception {
        if (!process.waitFor(240, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the job on " + flink + " did not finish in 240 s:\n" + Files.readString(log));
        }
        long seconds = (System.nanoTime() - startedNanos) / 1_000_000_000L;
        return new Finished(process.exitValue(), Files.readString(log), seconds);
    }

    /** A job's exit code, its whole output, and how long it ran. */
    record Finished(int exitCode, String log, long seconds) {
        /** The line the job printed for a path: {@code sql DONE}, {@code datastream REFUSED at build: ...}. */
        String outcome(String path) {
            return log.lines().filter(l -> l.startsWith(path + " ")).findFirst().orElse("no outcome of " + path);
        }

        /** The end of the job's output, for a failure message. */
        String tail() {
            List<String> lines = log.lines().toList();
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 80), lines.size()));
        }
    }

    private static Path compile(Path dir, String classpath) throws Exception {
        Path source = dir.resolve(JOB + ".java");
        try (InputStream in = FlinkJobProcess.class.getResourceAsStream("/flink-job/" + JOB + ".java")) {
            Files.writeString(source, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        Path classes = Files.createDirectories(dir.resolve("classes"));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        int rc = javac.run(null, null, null, "--release", "17", "-proc:none", "-cp", classpath, "-d", classes.toString(),
                source.toString());
        if (rc != 0) throw new AssertionError("the job does not compile against " + classpath);
        return classes;
    }
}
