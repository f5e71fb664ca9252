package io.pgcopy.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.pgcopy.testing.PostgresExtension;
import io.pgcopy.testing.TestDatabase;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Spark job in a JVM of its own whose classpath is Spark's jars plus the runtime jar and nothing else of pgcopy
 * or pgjdbc — as with {@code spark-submit --jars pgcopy-spark-*-runtime.jar} — finds {@code format("pgcopy")} and
 * writes its rows.
 */
@ExtendWith(PostgresExtension.class)
class SparkRuntimeJarJobIT {
    // compiled and run by the java launcher from source (JEP 330), so the job is no class of this module
    private static final String JOB = """
            import org.apache.spark.sql.SparkSession;

            public class RuntimeJarWriteJob {
                public static void main(String[] args) {
                    SparkSession spark = SparkSession.builder().master("local[1]").appName("runtime jar")
                            .config("spark.ui.enabled", "false").getOrCreate();
                    spark.range(0, 1000).selectExpr("id", "concat('row ', id) AS name").write().format("pgcopy")
                            .option("url", System.getenv("PGCOPY_URL")).option("dbtable", "runtime_jar_rows")
                            .mode("append").save();
                    spark.stop();
                }
            }
            """;

    @Test
    void aSparkJobWithOnlyTheRuntimeJarWritesThroughPgcopy(TestDatabase db, @TempDir Path dir) throws Exception {
        db.execute("CREATE TABLE runtime_jar_rows (id int8 PRIMARY KEY, name text NOT NULL)");
        Path job = Files.writeString(dir.resolve("RuntimeJarWriteJob.java"), JOB);
        String sparkClasspath = Files.readString(Path.of(System.getProperty("pgcopy.spark.classpath"))).trim();
        String classpath = sparkClasspath + File.pathSeparator + RuntimeJar.of("pgcopy.spark.runtimeJar").path();

        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(List.of(System.getProperty("pgcopy.java17.opens").trim().split("\\s+")));
        command.addAll(List.of("-cp", classpath, job.toString()));
        Path log = dir.resolve("job.log");
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("PGCOPY_URL", db.url());
        Process p = pb.start();
        if (!p.waitFor(180, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("the job did not finish in 180 s:\n" + tail(log));
        }
        assertEquals(0, p.exitValue(), "the job failed:\n" + tail(log));
        assertEquals(List.of(List.of("1000", "499500", "row 999")),
                db.queryText("SELECT count(*), sum(id), max(name) FILTER (WHERE id = 999) FROM runtime_jar_rows"));
    }

    private static String tail(Path log) throws Exception {
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
    }
}
