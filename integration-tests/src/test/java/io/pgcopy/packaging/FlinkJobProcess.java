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
record FlinkJobProcess(int exitCode, String log, long seconds) {
    private static final String JOB = "FlinkRuntimeJarJob";

    /** Runs the job along the given paths ({@code sql}, {@code datastream}), writing to the database at url. */
    static FlinkJobProcess run(Path dir, FlinkJars flink, Path runtimeJar, String url, String... paths)
            throws Exception {
        List<Path> jars = new ArrayList<>(flink.jars());
        jars.add(runtimeJar);
        String classpath = String.join(File.pathSeparator, jars.stream().map(Path::toString).toList());
        Path classes = compile(dir, classpath);

        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(List.of(System.getProperty("pgcopy.flink.jvmOptions").trim().split("\\s+")));
        command.addAll(List.of("-cp", classpath + File.pathSeparator + classes, JOB));
        command.addAll(List.of(paths));
        Path log = dir.resolve(JOB + ".log");
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("PGCOPY_URL", url);
        long started = System.nanoTime();
        Process p = pb.start();
        if (!p.waitFor(180, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("the job on " + flink + " did not finish in 180 s:\n" + Files.readString(log));
        }
        return new FlinkJobProcess(p.exitValue(), Files.readString(log), (System.nanoTime() - started) / 1_000_000_000L);
    }

    /** The line the job printed for a path: {@code sql DONE}, {@code datastream REFUSED at build: ...}. */
    String outcome(String path) {
        return log.lines().filter(l -> l.startsWith(path + " ")).findFirst().orElse("no outcome of " + path);
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

    /** The end of the job's output, for a failure message. */
    String tail() {
        List<String> lines = log.lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 80), lines.size()));
    }
}
