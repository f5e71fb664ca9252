package io.pgcopy.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.pgcopy.mapping.MappingOptions;
import io.pgcopy.mapping.WritePlan;
import io.pgcopy.mapping.WritePlanner;
import io.pgcopy.sql.TableName;
import io.pgcopy.testing.ObjectValues;
import io.pgcopy.testing.PostgresExtension;
import io.pgcopy.testing.TestDatabase;
import io.pgcopy.values.SourceField;
import io.pgcopy.values.SourceType;
import java.sql.Connection;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Spark aborts a failed job while tasks it is still stopping run on: a task that stages or
 * PREPAREs after the abort began must leave nothing behind either.
 */
@Tag("compat")
@ExtendWith(PostgresExtension.class)
class AbortRaceTest {
    private static final List<SourceField> FIELDS = List.of(
            new SourceField("id", SourceType.INT, false), new SourceField("name", SourceType.STRING, true));

    @ParameterizedTest
    @EnumSource(value = CommitMode.class, names = {"JOB", "PREPARED"})
    void aTaskThatCommitsAfterTheAbortBeganLeavesNothing(CommitMode mode, TestDatabase db) throws Exception {
        String table = "raced_" + mode.name().toLowerCase();
        db.execute("CREATE TABLE " + table + " (id int, name text)");
        WritePlan plan;
        try (Connection c = db.connect()) {
            plan = WritePlanner.plan(c, TableName.parse(table), FIELDS, MappingOptions.DEFAULT);
        }
        WriteSpec spec = new WriteSpec(new ConnectionSpec(db.url(), new Properties()), plan, mode,
                ConflictAction.ERROR, List.of(), false, WriteNames.newJobId(), 4096);
        CompletableFuture<Void> abort;
        try (TaskWriter late = TaskWriter.open(spec, 0, 0)) {
            for (int id = 0; id < 100; id++) late.write(new ObjectValues(id, "row " + id));
            abort = CompletableFuture.runAsync(() -> {
                try {
                    JobCommitter.abort(spec);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            awaitAbortWaitingForTasks(db, abort);
            late.commit(); // staged or prepared after the abort's first cleanup
        }
        abort.get(30, TimeUnit.SECONDS);
        assertEquals(0, db.queryLong("SELECT count(*) FROM " + table), "no row of the aborted job");
        assertEquals(0, db.queryLong("SELECT count(*) FROM pg_class WHERE relname LIKE 'pgcopy\\_%'")
                + db.queryLong("SELECT count(*) FROM pg_prepared_xacts"), "no stage, no prepared transaction");
    }

    /**
     * The abort polls pg_locks for the job's task sessions once its first cleanup is done, or (JOB)
     * its drop of the stage waits for the task's COPY transaction; an abort that waits for nothing
     * is over by then.
     */
    private static void awaitAbortWaitingForTasks(TestDatabase db, CompletableFuture<Void> abort) throws Exception {
        long end = System.currentTimeMillis() + 20_000;
        while (!abort.isDone() && db.queryLong("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                + " AND (query LIKE 'SELECT count(*) FROM pg_catalog.pg_locks%'"
                + " OR query LIKE 'DROP TABLE%' AND wait_event_type = 'Lock')") == 0) {
            if (System.currentTimeMillis() > end) throw new AssertionError("the abort never waited for the task");
            Thread.sleep(10);
        }
    }
}
