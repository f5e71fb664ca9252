package io.pgcopy.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgcopy.testing.RuntimeJar;
import java.util.List;
import org.junit.jupiter.api.Test;

/** pgcopy-flink-*-runtime.jar holds pgcopy and pgjdbc, the table factory's service file, and nothing of Flink's. */
class FlinkRuntimeJarContentIT {
    private static final String FACTORY = "org.apache.flink.table.factories.Factory";

    private final RuntimeJar jar = RuntimeJar.of("pgcopy.flink.runtimeJar");

    @Test
    void holdsOnlyPgcopyAndPgjdbcClasses() {
        assertEquals(List.of(), jar.classesOutside("io/pgcopy/", "org/postgresql/"));
        for (String c : List.of("io.pgcopy.flink.FlinkRowValues", "io.pgcopy.copy.PgCopyWriter", "org.postgresql.Driver")) {
            assertTrue(jar.hasClass(c), c + " is missing from " + jar.path());
        }
        for (String prefix : List.of("org/apache/flink/", "org/apache/arrow/", "org/slf4j/")) {
            assertTrue(jar.entries().stream().noneMatch(e -> e.startsWith(prefix)), prefix + " in " + jar.path());
        }
        assertEquals(List.of("org.postgresql.Driver"), jar.services("java.sql.Driver"));
    }

    @Test
    void registersTheTableFactory() {
        List<String> factories = jar.services(FACTORY);
        assertFalse(factories.isEmpty(), "no META-INF/services/" + FACTORY + " in " + jar.path());
        for (String f : factories) assertTrue(jar.hasClass(f), FACTORY + " lists " + f + ", which is not in the jar");
    }
}
