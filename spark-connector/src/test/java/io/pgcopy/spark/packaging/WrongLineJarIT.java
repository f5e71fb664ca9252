package io.pgcopy.spark.packaging;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgcopy.testing.PostgresExtension;
import io.pgcopy.testing.RuntimeJar;
import io.pgcopy.testing.TestDatabase;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Another line's runtime jar on this line's Spark fails the write at once, naming the artifact to use — the
 * mistake that used to fail every task with a missing class and then hang the write.
 */
@ExtendWith(PostgresExtension.class)
class WrongLineJarIT {
    private static final String JOB = """
            import org.apache.spark.sql.SparkSession;

            public class WrongLineJob {
                public static void main(String[] args) {
                    SparkSession spark = SparkSession.builder().master("local[2]").appName("wrong line")
                            .config("spark.ui.enabled", "false").getOrCreate();
                    spark.range(0, 1000).selectExpr("id").write().format("pgcopy")
                            .option("url", System.getenv("PGCOPY_URL")).option("dbtable", "wrong_line_rows")
                            .mode("append").save();
                }
            }
            """;

    @Test
    void anotherLinesJarFailsAtOnceNamingTheRightArtifact(TestDatabase db, @TempDir Path dir) throws Exception {
        db.execute("CREATE TABLE wrong_line_rows (id int8)");
        long started = System.nanoTime();
        SparkJobProcess job = SparkJobProcess.run(dir, "WrongLineJob", JOB,
                RuntimeJar.of("pgcopy.spark.wrongLineJar").path(), db.url());
        long seconds = (System.nanoTime() - started) / 1_000_000_000L;
        assertNotEquals(0, job.exitCode(), job.log());
        String expected = "Use " + System.getProperty("pgcopy.spark.rightArtifact");
        assertTrue(job.log().contains(expected), "no \"" + expected + "\" in:\n" + job.log());
        assertTrue(job.log().contains("UnsupportedSparkLineException"), job.log());
        assertTrue(seconds < 90, "took " + seconds + " s");
        assertTrue(db.queryText("SELECT * FROM wrong_line_rows").isEmpty());
    }
}
