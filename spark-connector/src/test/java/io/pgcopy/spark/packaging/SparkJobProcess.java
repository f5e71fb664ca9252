package io.pgcopy.spark.packaging;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A Spark job in a JVM of its own whose classpath is this line's Spark jars plus the given jars (a pgcopy runtime
 * jar, maybe a user's own pgjdbc before it) and nothing else of pgcopy or pgjdbc — as with
 * {@code spark-submit --jars pgcopy-spark-<line>-runtime.jar}. The job is a Java source file run by the java
 * launcher (JEP 330), so it is no class of the build.
 */
record SparkJobProcess(int exitCode, String log) {

    static SparkJobProcess run(Path dir, String className, String source, Path runtimeJar, String url)
            throws Exception {
        return run(dir, className, source, List.of(runtimeJar), url);
    }

    static SparkJobProcess run(Path dir, String className, String source, List<Path> jars, String url)
            throws Exception {
        Path job = Files.writeString(dir.resolve(className + ".java"), source);
        String sparkClasspath = Files.readString(Path.of(System.getProperty("pgcopy.spark.classpath"))).trim();
        StringBuilder classpath = new StringBuilder(sparkClasspath);
        for (Path jar : jars) classpath.append(File.pathSeparator).append(jar);

        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(List.of(System.getProperty("pgcopy.java17.opens").trim().split("\\s+")));
        command.addAll(List.of("-cp", classpath.toString(), job.toString()));
        Path log = dir.resolve(className + ".log");
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("PGCOPY_URL", url);
        Process p = pb.start();
        if (!p.waitFor(180, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("the job did not finish in 180 s:\n" + tail(log));
        }
        return new SparkJobProcess(p.exitValue(), tail(log));
    }

    private static String tail(Path log) throws Exception {
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
    }
}
