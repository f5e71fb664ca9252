package io.pgcopy.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgcopy.testing.RuntimeJar;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Each Flink line's runtime jar (pgcopy-flink-1.20, pgcopy-flink-2) holds pgcopy and pgjdbc, the table factory's and
 * its own line's service files, and nothing of Flink's.
 */
class FlinkRuntimeJarContentIT {
    private static final String FACTORY = "org.apache.flink.table.factories.Factory";

    @ParameterizedTest
    @ValueSource(strings = {"pgcopy.flink-1.20.runtimeJar", "pgcopy.flink-2.runtimeJar"})
    void holdsOnlyPgcopyAndPgjdbcClasses(String property) {
        RuntimeJar jar = RuntimeJar.of(property);
        assertEquals(List.of(), jar.classesOutside("io/pgcopy/", "org/postgresql/"));
        for (String c : List.of("io.pgcopy.flink.FlinkRowValues", "io.pgcopy.copy.PgCopyWriter", "org.postgresql.Driver")) {
            assertTrue(jar.hasClass(c), c + " is missing from " + jar.path());
        }
        for (String prefix : List.of("org/apache/flink/", "org/apache/arrow/", "org/slf4j/")) {
            assertTrue(jar.entries().stream().noneMatch(e -> e.startsWith(prefix)), prefix + " in " + jar.path());
        }
        assertEquals(List.of("org.postgresql.Driver"), jar.services("java.sql.Driver"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"pgcopy.flink-1.20.runtimeJar", "pgcopy.flink-2.runtimeJar"})
    void registersTheTableFactoryAndItsLine(String property) {
        RuntimeJar jar = RuntimeJar.of(property);
        String line = property.contains("1.20") ? "io.pgcopy.flink.sink.Flink120Line" : "io.pgcopy.flink.sink.Flink2Line";
        assertEquals(List.of(line), jar.services("io.pgcopy.flink.sink.FlinkLine"));
        assertTrue(jar.hasClass(line), line + " is missing from " + jar.path());
        List<String> factories = jar.services(FACTORY);
        assertFalse(factories.isEmpty(), "no META-INF/services/" + FACTORY + " in " + jar.path());
        for (String f : factories) assertTrue(jar.hasClass(f), FACTORY + " lists " + f + ", which is not in the jar");
    }
}
