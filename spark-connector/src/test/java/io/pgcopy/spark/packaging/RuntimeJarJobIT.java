package io.pgcopy.spark.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgcopy.testing.PostgresExtension;
import io.pgcopy.testing.RuntimeJar;
import io.pgcopy.testing.TestDatabase;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * This line's runtime jar alone on this line's own Spark jars finds {@code format("pgcopy")}, writes its rows
 * (a time column from text, as every line can) and reads them back — also when the job brings its own, older pgjdbc
 * ahead of it (pgjdbc is not relocated, so the user's driver is the one that runs).
 */
@ExtendWith(PostgresExtension.class)
class RuntimeJarJobIT {
    private static final String JOB = """
            import org.apache.spark.sql.Row;
            import org.apache.spark.sql.SparkSession;

            public class RuntimeJarJob {
                public static void main(String[] args) throws Exception {
                    SparkSession spark = SparkSession.builder().master("local[2]").appName("runtime jar")
                            .config("spark.ui.enabled", "false").getOrCreate();
                    String url = System.getenv("PGCOPY_URL");
                    spark.range(0, 1000).selectExpr("id", "concat('row ', id) AS name",
                            "format_string('%02d:%02d:00', id % 24, id % 60) AS at").repartition(2)
                            .write().format("pgcopy").option("url", url).option("dbtable", "runtime_jar_rows")
                            .mode("append").save();
                    Row r = spark.read().format("pgcopy").option("url", url).option("dbtable", "runtime_jar_rows")
                            .option("partitionColumn", "id").option("numPartitions", "3").load()
                            .filter("id >= 500").selectExpr("count(*)", "sum(id)", "max(at)").first();
                    System.out.println("READ " + r.get(0) + " " + r.get(1) + " " + r.get(2) + " ON " + spark.version());
                    System.out.println("DRIVER " + Class.forName("org.postgresql.Driver").getProtectionDomain()
                            .getCodeSource().getLocation());
                    spark.stop();
                }
            }
            """;

    @Test
    void aSparkJobWithOnlyTheRuntimeJarWritesAndReadsThroughPgcopy(TestDatabase db, @TempDir Path dir)
            throws Exception {
        Path runtimeJar = RuntimeJar.of("pgcopy.spark.runtimeJar").path();
        SparkJobProcess job = writeAndRead(db, dir, List.of(runtimeJar));
        assertTrue(job.log().contains("DRIVER file:" + runtimeJar), job.log());
    }

    @Test
    void aJobWithItsOwnOlderPgjdbcFirstWritesAndReadsThroughPgcopy(TestDatabase db, @TempDir Path dir)
            throws Exception {
        Path usersDriver = RuntimeJar.of("pgcopy.spark.usersPgjdbc").path();
        SparkJobProcess job = writeAndRead(db, dir, List.of(usersDriver, RuntimeJar.of("pgcopy.spark.runtimeJar").path()));
        assertTrue(job.log().contains("DRIVER file:" + usersDriver), "the job ran another pgjdbc:\n" + job.log());
    }

    private static SparkJobProcess writeAndRead(TestDatabase db, Path dir, List<Path> jars) throws Exception {
        db.execute("DROP TABLE IF EXISTS runtime_jar_rows");
        db.execute("CREATE TABLE runtime_jar_rows (id int8 PRIMARY KEY, name text NOT NULL, at time NOT NULL)");
        SparkJobProcess job = SparkJobProcess.run(dir, "RuntimeJarJob", JOB, jars, db.url());
        assertEquals(0, job.exitCode(), "the job failed:\n" + job.log());
        assertEquals(List.of(List.of("1000", "499500", "row 999", "23:59:00")), db.queryText(
                "SELECT count(*), sum(id), max(name) FILTER (WHERE id = 999), max(at) FROM runtime_jar_rows"));
        String line = System.getProperty("pgcopy.spark.line");
        assertTrue(job.log().contains("READ 500 374750 23:59:00 ON " + line + "."),
                "the job read other rows, or ran on another Spark than " + line + ":\n" + job.log());
        return job;
    }
}
