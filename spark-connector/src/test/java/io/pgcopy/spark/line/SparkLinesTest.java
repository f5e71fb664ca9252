package io.pgcopy.spark.line;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("compat")
class SparkLinesTest {
    private static final LineDescriptor SPARK_41 = new LineDescriptor("pgcopy-spark-4.1_2.13", "4.1", "2.13",
            "io.pgcopy.spark.line.TimeTypeLine", "0.1.0");

    @Test
    void aJarRunsOnItsOwnLineWhateverThePatchVersion() {
        assertDoesNotThrow(() -> SparkLines.check(SPARK_41, "4.1.0", "2.13.16"));
        assertDoesNotThrow(() -> SparkLines.check(SPARK_41, "4.1.3", "2.13.17"));
    }

    @Test
    void aJarOnAnotherLineNamesTheArtifactToUse() {
        UnsupportedSparkLineException e = assertThrows(UnsupportedSparkLineException.class,
                () -> SparkLines.check(SPARK_41, "3.5.9", "2.12.18"));
        assertEquals("pgcopy-spark-4.1_2.13 is built for Spark 4.1 with Scala 2.13, but this is Spark 3.5.9 with"
                + " Scala 2.12.18: its classes would fail inside the tasks. Use pgcopy-spark-3.5_2.12 (its -runtime jar"
                + " with spark-submit --jars, or --packages io.pgcopy:pgcopy-spark-3.5_2.12:0.1.0) instead.",
                e.getMessage());
        assertThrows(UnsupportedSparkLineException.class, () -> SparkLines.check(SPARK_41, "4.1.3", "2.12.18"));
        assertThrows(UnsupportedSparkLineException.class, () -> SparkLines.check(SPARK_41, "4.2.0", "2.13.16"));
    }

    @Test
    void anUnsupportedSparkListsTheSupportedLines() {
        UnsupportedSparkLineException e = assertThrows(UnsupportedSparkLineException.class,
                () -> SparkLines.check(SPARK_41, "3.4.4", "2.12.17"));
        assertEquals("pgcopy-spark-4.1_2.13 is built for Spark 4.1 with Scala 2.13, but this is Spark 3.4.4 with"
                + " Scala 2.12.17: its classes would fail inside the tasks. Use a Spark line pgcopy supports (3.5, 4.0,"
                + " 4.1, 4.2; this is Spark 3.4.4) instead.", e.getMessage());
    }

    @Test
    void theRunningSparkHasTheLineOfThisModulesJar() {
        assertEquals(SparkLines.line(RunningSpark.sparkVersion()), LineDescriptor.ofThisJar().orElseThrow().spark());
        assertDoesNotThrow(SparkLines::current);
    }
}
