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
 * A SPARK_HOME made of a Spark 4.2 distribution's jars (cluster-jars/spark-4.2, linked into {@code jars/}) — what a
 * Worker builds its executors' class path from. Spark's launcher takes {@code jars/} for a distribution's when a
 * {@code RELEASE} file is there. No script: every JVM is started with {@code java -cp jars/*}. pgcopy and pgjdbc are
 * not among the jars; they come with spark-submit's jars only.
 */
final class SparkHome {
    /**
     * For JVMs that live seconds on a machine whose cores the whole build shares: the quick compiler only and the
     * serial collector start them in a fraction of the CPU time.
     */
    static final List<String> JVM_OPTIONS = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

    private final Path dir;

    private SparkHome(Path dir) {
        this.dir = dir;
    }

    /** The one in this module's target/cluster-it, made or brought up to date. */
    static SparkHome inTarget() throws IOException {
        return create(Path.of("target", "cluster-it", "spark-home").toAbsolutePath());
    }

    static SparkHome create(Path dir) throws IOException {
        Path jars = Files.createDirectories(dir.resolve("jars"));
        String classpath = Files.readString(Path.of(property("pgcopy.cluster.sparkClasspath"))).trim();
        for (String jar : classpath.split(File.pathSeparator)) {
            Path source = Path.of(jar);
            String name = source.getFileName().toString();
            if (name.contains("postgresql") || name.contains("pgcopy")) {
                throw new IllegalStateException("the cluster's own jars must not hold pgjdbc or pgcopy: " + jar);
            }
            Path link = jars.resolve(name);
            if (!Files.exists(link, LinkOption.NOFOLLOW_LINKS)) Files.createSymbolicLink(link, source);
        }
        Files.writeString(dir.resolve("RELEASE"), "Spark 4.2 jars for pgcopy's cluster tests\n");
        return new SparkHome(dir);
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

    /** The environment of every cluster JVM: where Spark is, its Scala, loopback only, this Java. */
    Map<String, String> environment() {
        Map<String, String> env = new HashMap<>();
        env.put("SPARK_HOME", dir.toString());
        env.put("SPARK_SCALA_VERSION", "2.13");
        env.put("SPARK_LOCAL_IP", "127.0.0.1");
        env.put("JAVA_HOME", System.getProperty("java.home"));
        return env;
    }

    /** {@code java <Java 17 opens> -Xmx.. -cp jars/* <main> <args>}. */
    List<String> java(String heap, String mainClass, List<String> args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(List.of(property("pgcopy.java17.opens").trim().split("\\s+")));
        command.addAll(JVM_OPTIONS);
        command.addAll(List.of("-Xmx" + heap, "-cp", dir.resolve("jars") + File.separator + "*", mainClass));
        command.addAll(args);
        return command;
    }
}
