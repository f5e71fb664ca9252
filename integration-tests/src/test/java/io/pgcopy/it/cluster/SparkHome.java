package io.pgcopy.it.cluster;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A SPARK_HOME made of a Spark distribution's jars (cluster-jars/spark-<line>, linked into {@code jars/}) — what a
 * Worker builds its executors' class path from. Spark's launcher takes {@code jars/} for a distribution's when a
 * {@code RELEASE} file is there. No script: every JVM is started with {@code java -cp jars/*}. pgcopy and pgjdbc are
 * not among the jars; they come with spark-submit's jars only.
 */
final class SparkHome {
    /**
     * For JVMs that live seconds on a machine whose cores the whole build shares: the quick compiler only and the
     * serial collector start them in a fraction of the CPU time.
     */
    private static final List<String> JVM_OPTIONS = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

    private final Path dir;
    private final ClusterLine line;

    private SparkHome(Path dir, ClusterLine line) {
        this.dir = dir;
        this.line = line;
    }

    /** The line's one in this module's target/cluster-it, made or brought up to date. */
    static SparkHome inTarget(ClusterLine line) throws IOException {
        return create(Path.of("target", "cluster-it", "spark-home-" + line.name()).toAbsolutePath(), line);
    }

    private static SparkHome create(Path dir, ClusterLine line) throws IOException {
        Path jars = Files.createDirectories(dir.resolve("jars"));
        String classpath = Files.readString(line.sparkClasspath()).trim();
        for (String jar : classpath.split(File.pathSeparator)) {
            Path source = Path.of(jar);
            String name = source.getFileName().toString();
            if (name.contains("postgresql") || name.contains("pgcopy")) {
                throw new IllegalStateException("the cluster's own jars must not hold pgjdbc or pgcopy: " + jar);
            }
            Path link = jars.resolve(name);
            if (!Files.exists(link, LinkOption.NOFOLLOW_LINKS)) Files.createSymbolicLink(link, source);
        }
        Files.writeString(dir.resolve("RELEASE"), "Spark " + line.name() + " jars for pgcopy's cluster tests\n");
        return new SparkHome(dir, line);
    }

    static String property(String name) {
        String value = System.getProperty(name);
        if (value == null) throw new IllegalStateException("system property " + name + " is not set (integration-tests'"
                + " pom sets it; run through Maven)");
        return value;
    }

    Path dir() {
        return dir;
    }

    ClusterLine line() {
        return line;
    }

    /** The JVM options of every cluster JVM, executors included: Spark's Java 17 opens and {@link #JVM_OPTIONS}. */
    static List<String> jvmOptions() {
        List<String> options = new ArrayList<>(List.of(property("pgcopy.java17.opens").trim().split("\\s+")));
        options.addAll(JVM_OPTIONS);
        return options;
    }

    /** The environment of every cluster JVM: where Spark is, its Scala, loopback only, this Java. */
    Map<String, String> environment() {
        Map<String, String> env = new HashMap<>();
        env.put("SPARK_HOME", dir.toString());
        env.put("SPARK_SCALA_VERSION", line.scalaVersion());
        env.put("SPARK_LOCAL_IP", "127.0.0.1");
        env.put("JAVA_HOME", System.getProperty("java.home"));
        return env;
    }

    /** {@code java <Java 17 opens> -Xmx.. -cp jars/* <main> <args>}. */
    List<String> java(String heap, String mainClass, List<String> args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(jvmOptions());
        command.addAll(List.of("-Xmx" + heap, "-cp", dir.resolve("jars") + File.separator + "*", mainClass));
        command.addAll(args);
        return command;
    }
}
