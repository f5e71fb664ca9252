package io.pgcopy.spark.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgcopy.spark.line.LineDescriptor;
import io.pgcopy.testing.RuntimeJar;
import java.io.StringReader;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * A line's runtime jar holds pgcopy and pgjdbc, the data source's service file and the descriptor of its Spark
 * line, and nothing of Spark's.
 */
class RuntimeJarContentIT {
    private final RuntimeJar jar = RuntimeJar.of("pgcopy.spark.runtimeJar");

    @Test
    void holdsOnlyPgcopyAndPgjdbcClasses() {
        assertEquals(List.of(), jar.classesOutside("io/pgcopy/", "org/postgresql/"));
        for (String c : List.of("io.pgcopy.spark.PgCopyDataSource", "io.pgcopy.copy.PgCopyWriter",
                "io.pgcopy.catalog.PgTable", "io.pgcopy.spark.line.SparkLine", "org.postgresql.Driver")) {
            assertTrue(jar.hasClass(c), c + " is missing from " + jar.path());
        }
    }

    @Test
    void leavesSparkScalaArrowAndLoggingToTheCluster() {
        for (String prefix : List.of("org/apache/spark/", "scala/", "org/apache/arrow/", "io/netty/",
                "com/fasterxml/", "org/slf4j/", "org/apache/logging/")) {
            assertTrue(jar.entries().stream().noneMatch(e -> e.startsWith(prefix)), prefix + " in " + jar.path());
        }
    }

    @Test
    void registersTheDataSourceAndTheDriver() {
        assertEquals(List.of("io.pgcopy.spark.PgCopyDataSource"),
                jar.services("org.apache.spark.sql.sources.DataSourceRegister"));
        assertEquals(List.of("org.postgresql.Driver"), jar.services("java.sql.Driver"));
        assertTrue(jar.text("META-INF/MANIFEST.MF").orElse("").contains("Multi-Release: true"));
    }

    @Test
    void namesItsSparkLineAndItsLineClass() throws Exception {
        Properties descriptor = new Properties();
        descriptor.load(new StringReader(jar.text(LineDescriptor.RESOURCE).orElseThrow()));
        String line = System.getProperty("pgcopy.spark.line");
        assertEquals(line, descriptor.getProperty("spark"));
        assertTrue(jar.path().getFileName().toString().startsWith(descriptor.getProperty("artifact") + "-"),
                descriptor + " in " + jar.path());
        assertTrue(jar.hasClass(descriptor.getProperty("lineClass")), descriptor.getProperty("lineClass"));
    }
}
