package io.pgcopy.packaging;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgcopy.testing.PostgresExtension;
import io.pgcopy.testing.TestDatabase;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The other line's runtime jar on a Flink (pgcopy-flink-2's on 1.20, pgcopy-flink-1.20's on each 2.x) is refused
 * before any job runs, naming the artifact to use: the SQL INSERT when it is planned, the DataStream sink when it
 * is built.
 */
@ExtendWith(PostgresExtension.class)
class FlinkWrongLineJarIT {
    private static FlinkJobsOnEveryFlink jobs;

    @BeforeAll
    static void startTheJobOnEveryFlink(TestDatabase db, @TempDir Path dir) throws Exception {
        jobs = FlinkJobsOnEveryFlink.start(db, dir, FlinkJars::wrongRuntimeJar);
    }

    static Stream<FlinkJars> flinks() {
        return FlinkJobsOnEveryFlink.flinks();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("flinks")
    void theOtherLinesJarIsRefusedAtOnceNamingThisLinesArtifact(FlinkJars flink, TestDatabase db) throws Exception {
        FlinkJobProcess.Finished job = jobs.finish(flink);

        String advice = "use io.pgcopy:" + flink.rightArtifact() + " instead";
        String sql = job.outcome("sql");
        assertTrue(sql.startsWith("sql REFUSED at plan: org.apache.flink.table.api.ValidationException: Unable to create a"
                + " sink for writing table"), sql + "\n" + job.tail());
        assertTrue(sql.contains("IllegalStateException: pgcopy: ") && sql.contains(advice), sql);
        String dataStream = job.outcome("datastream");
        assertTrue(dataStream.startsWith("datastream REFUSED at build: java.lang.IllegalStateException: pgcopy: "),
                dataStream + "\n" + job.tail());
        assertTrue(dataStream.contains(advice), dataStream);
        assertNotEquals(0, job.exitCode(), job.tail());
        assertTrue(job.seconds() < 90, "took " + job.seconds() + " s");
        for (String table : FlinkJobsOnEveryFlink.tables(flink)) {
            assertTrue(db.queryText("SELECT id FROM " + table).isEmpty(), table + " on " + flink);
        }
    }
}
