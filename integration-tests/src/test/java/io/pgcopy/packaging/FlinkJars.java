package io.pgcopy.packaging;

import io.pgcopy.testing.RuntimeJar;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One Flink version's own jars — Flink, its planner, clients and logging, nothing of pgcopy or pgjdbc — as the
 * flink-lines module that tests pgcopy on it resolved them (its {@code target/flink.classpath}), and the pgcopy
 * runtime jars that belong on it or not. Public for the session-cluster tests (io.pgcopy.it.flink), which run on the
 * oldest and the newest line.
 */
public record FlinkJars(String module, List<Path> jars) {
    private static final Pattern RUNTIME = Pattern.compile("flink-runtime-(\\d+\\.\\d+\\.\\d+)\\.jar");

    /** The module of every supported Flink version: 1.20.x, 2.0.x, 2.1.x, 2.2.x and 2.3.x. */
    static List<String> modules() {
        return List.of("flink-1.20", "flink-2-tests-2.0", "flink-2-tests-2.1", "flink-2-tests-2.2", "flink-2");
    }

    /** Flink 1.20.x, the oldest supported line. */
    public static FlinkJars oldest() {
        return of(modules().get(0));
    }

    /** Flink 2.3.x, the newest supported line. */
    public static FlinkJars newest() {
        return of(modules().get(modules().size() - 1));
    }

    static FlinkJars of(String module) {
        Path file = Path.of(System.getProperty("pgcopy.flink-lines.dir"), module, "target", "flink.classpath");
        try {
            List<Path> jars = Arrays.stream(Files.readString(file).trim().split(File.pathSeparator)).map(Path::of).toList();
            return new FlinkJars(module, jars);
        } catch (IOException e) {
            throw new UncheckedIOException(file + " is written by the module's generate-test-resources phase;"
                    + " run integration-tests with -am", e);
        }
    }

    /** The Flink version, from its flink-runtime jar: {@code 1.20.4}, {@code 2.3.0}. */
    public String version() {
        for (Path jar : jars) {
            Matcher m = RUNTIME.matcher(jar.getFileName().toString());
            if (m.matches()) return m.group(1);
        }
        throw new IllegalStateException("no flink-runtime jar in " + module + "'s classpath: " + jars);
    }

    boolean isFlink1() {
        return version().startsWith("1.");
    }

    /** The artifact a user of this Flink needs: {@code pgcopy-flink-1.20} or {@code pgcopy-flink-2}. */
    String rightArtifact() {
        return isFlink1() ? "pgcopy-flink-1.20" : "pgcopy-flink-2";
    }

    /** The runtime jar of this Flink's line. */
    public RuntimeJar rightRuntimeJar() {
        return RuntimeJar.of("pgcopy." + rightArtifact().substring("pgcopy-".length()) + ".runtimeJar");
    }

    /** The runtime jar of the other line, which must not run here. */
    RuntimeJar wrongRuntimeJar() {
        return RuntimeJar.of(isFlink1() ? "pgcopy.flink-2.runtimeJar" : "pgcopy.flink-1.20.runtimeJar");
    }

    @Override
    public String toString() {
        return "Flink " + version();
    }
}
