package io.pgcopy.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgcopy.testing.PostgresExtension;
import io.pgcopy.testing.TestDatabase;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * On each supported Flink version's own jars, its line's runtime jar alone (as in Flink's lib/) runs a user's job
 * both ways into PostgreSQL: a SQL INSERT INTO a {@code 'connector' = 'pgcopy'} table, and a DataStream job with an
 * exactly-once PgCopySink.
 */
@ExtendWith(PostgresExtension.class)
class FlinkRuntimeJarJobIT {
    private static FlinkJobsOnEveryFlink jobs;

    @BeforeAll
    static void startTheJobOnEveryFlink(TestDatabase db, @TempDir Path dir) throws Exception {
        jobs = FlinkJobsOnEveryFlink.start(db, dir, FlinkJars::rightRuntimeJar);
    }

    static Stream<FlinkJars> flinks() {
        return FlinkJobsOnEveryFlink.flinks();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("flinks")
    void theLinesRuntimeJarAloneRunsSqlAndDataStreamJobs(FlinkJars flink, TestDatabase db) throws Exception {
        FlinkJobProcess.Finished job = jobs.finish(flink);

        assertTrue(job.log().contains("FLINK " + flink.version()), "the job ran on another Flink:\n" + job.tail());
        assertEquals("sql DONE", job.outcome("sql"), job.tail());
        assertEquals("datastream DONE", job.outcome("datastream"), job.tail());
        assertEquals(0, job.exitCode(), job.tail());
        for (String table : FlinkJobsOnEveryFlink.tables(flink)) {
            assertEquals(List.of(List.of("200", "20100", "row 200", "23:59:00")), db.queryText("SELECT count(*), sum(id),"
                    + " max(name) FILTER (WHERE id = 200), max(clock) FROM " + table), table + " on " + flink);
        }
    }
}
