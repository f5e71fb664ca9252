package io.pgcopy.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgcopy.codec.CopyValueException;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Each commit mode, retries and aborts, against a real server: no loss, no duplicates, nothing half-visible. */
@Tag("compat")
@ExtendWith(PostgresExtension.class)
class CommitProtocolTest {
    private static final List<SourceField> FIELDS = List.of(
            new SourceField("id", SourceType.INT, false), new SourceField("name", SourceType.STRING, true));

    private static int tables;

    private TableName newTable(TestDatabase db) throws Exception {
        String name = "t" + (++tables);
        db.execute("CREATE TABLE " + name + " (id int PRIMARY KEY, name text, extra text DEFAULT 'dflt')");
        return TableName.parse(name);
    }

    private WriteSpec spec(TestDatabase db, TableName table, CommitMode mode, ConflictAction action,
            boolean overwrite) throws Exception {
        WritePlan plan;
        try (Connection c = db.connect()) {
            plan = WritePlanner.plan(c, table, FIELDS, MappingOptions.DEFAULT);
        }
        return new WriteSpec(new ConnectionSpec(db.url(), new Properties()), plan, mode, action,
                action == ConflictAction.ERROR ? List.of() : List.of("id"), overwrite, WriteNames.newJobId(), 4096);
    }

    /** Writes ids [from, to) as one task attempt and commits it. */
    private static TaskResult task(WriteSpec spec, int partition, long attempt, int from, int to) throws Exception {
        try (TaskWriter w = TaskWriter.open(spec, partition, attempt)) {
            for (int id = from; id < to; id++) w.write(new ObjectValues(id, "row " + id + " p" + partition));
            return w.commit();
        }
    }

    private static long count(TestDatabase db, TableName t) throws Exception {
        return db.queryLong("SELECT count(*) FROM " + t.quoted());
    }

    private static long leftovers(TestDatabase db, WriteSpec spec) throws Exception {
        return db.queryLong("SELECT count(*) FROM pg_class WHERE relkind = 'r' AND starts_with(relname, '"
                + WriteNames.prefix(spec.jobId()) + "')")
                + db.queryLong("SELECT count(*) FROM pg_prepared_xacts WHERE starts_with(gid, '"
                        + WriteNames.prefix(spec.jobId()) + "')");
    }

    @Test
    void jobModeShowsNothingUntilTheJobCommitsAndSurvivesRetries(TestDatabase db) throws Exception {
        TableName t = newTable(db);
        WriteSpec spec = spec(db, t, CommitMode.JOB, ConflictAction.ERROR, false);
        JobCommitter.beforeTasks(spec);
        List<TaskResult> results = new ArrayList<>();
        results.add(task(spec, 0, 0, 0, 1000));
        // partition 1, attempt 0 dies half way: its rows must never appear
        TaskWriter dying = TaskWriter.open(spec, 1, 0);
        for (int id = 1000; id < 1500; id++) dying.write(new ObjectValues(id, "dying"));
        dying.close();
        results.add(task(spec, 1, 1, 1000, 2000));
        // partition 2 committed twice (a speculative copy): only the attempt Spark reports counts
        TaskResult speculative = task(spec, 2, 0, 2000, 3000);
        task(spec, 2, 1, 2000, 3000);
        results.add(speculative);
        assertEquals(0, count(db, t), "nothing visible before the job commit");
        JobCommitter.Outcome outcome = JobCommitter.commit(spec, results);
        assertEquals(3000, outcome.rowsWritten());
        assertEquals(3000, count(db, t));
        assertEquals(3000, db.queryLong("SELECT count(DISTINCT id) FROM " + t.quoted()));
        assertEquals(0, db.queryLong("SELECT count(*) FROM " + t.quoted() + " WHERE name = 'dying'"));
        assertEquals("dflt", db.queryString("SELECT min(extra) FROM " + t.quoted()), "defaults filled");
        assertEquals(0, leftovers(db, spec), "no staging table left");
    }

    @Test
    void jobOverwriteKeepsIndexesGrantsAndViews(TestDatabase db) throws Exception {
        TableName t = newTable(db);
        db.execute("INSERT INTO " + t.quoted() + " (id, name) SELECT g, 'old' FROM generate_series(1, 50) g",
                "CREATE INDEX ON " + t.quoted() + " (name)",
                "CREATE VIEW v_" + t.name() + " AS SELECT id FROM " + t.quoted(),
                "DO $$ BEGIN CREATE ROLE pgcopy_reader; EXCEPTION WHEN duplicate_object THEN NULL; END $$",
                "GRANT SELECT ON " + t.quoted() + " TO pgcopy_reader");
        WriteSpec spec = spec(db, t, CommitMode.JOB, ConflictAction.ERROR, true);
        JobCommitter.beforeTasks(spec);
        List<TaskResult> results = List.of(task(spec, 0, 0, 100, 110), task(spec, 1, 0, 110, 120));
        assertEquals(50, count(db, t), "old rows stay until the commit");
        JobCommitter.commit(spec, results);
        assertEquals(20, count(db, t));
        assertEquals(20, db.queryLong("SELECT count(*) FROM v_" + t.name()));
        assertEquals(2, db.queryLong("SELECT count(*) FROM pg_indexes WHERE tablename = '" + t.name() + "'"));
        assertEquals("true", db.queryString("SELECT has_table_privilege('pgcopy_reader', '" + t.quoted()
                + "', 'SELECT')::text"));
    }

    @Test
    void taskModeCommitsEachTask(TestDatabase db) throws Exception {
        TableName t = newTable(db);
        WriteSpec spec = spec(db, t, CommitMode.TASK, ConflictAction.ERROR, false);
        JobCommitter.beforeTasks(spec);
        task(spec, 0, 0, 0, 10);
        assertEquals(10, count(db, t), "visible as soon as the task commits");
        JobCommitter.commit(spec, List.of());
        assertEquals(0, leftovers(db, spec));
    }

    @Test
    void preparedModeCommitsOnlyTheWinners(TestDatabase db) throws Exception {
        TableName t = newTable(db);
        WriteSpec spec = spec(db, t, CommitMode.PREPARED, ConflictAction.ERROR, false);
        JobCommitter.beforeTasks(spec);
        TaskResult p0 = task(spec, 0, 0, 0, 100);
        task(spec, 1, 0, 100, 200); // prepared, then its executor "died": Spark retries it
        assertEquals(2, leftovers(db, spec));
        TaskResult p1 = task(spec, 1, 1, 100, 200); // rolls back attempt 0 first, or its keys would block it
        assertEquals(0, count(db, t), "prepared rows are not visible");
        assertEquals(2, leftovers(db, spec));
        JobCommitter.commit(spec, List.of(p0, p1));
        assertEquals(200, count(db, t));
        assertEquals(0, leftovers(db, spec), "the losing attempt was rolled back");
    }

    @Test
    void abortRemovesEverythingOfTheJob(TestDatabase db) throws Exception {
        TableName t = newTable(db);
        for (CommitMode mode : new CommitMode[] {CommitMode.JOB, CommitMode.PREPARED}) {
            WriteSpec spec = spec(db, t, mode, ConflictAction.ERROR, false);
            JobCommitter.beforeTasks(spec);
            task(spec, 0, 0, 0, 10);
            task(spec, 1, 0, 10, 20);
            JobCommitter.abort(spec);
            assertEquals(0, count(db, t), mode.name());
            assertEquals(0, leftovers(db, spec), mode.name());
        }
    }

    @Test
    void upsertLastRowOfAKeyWins(TestDatabase db) throws Exception {
        for (CommitMode mode : CommitMode.values()) {
            TableName t = newTable(db);
            db.execute("INSERT INTO " + t.quoted() + " (id, name, extra) VALUES (1, 'old', 'kept'), (99, 'untouched', 'x')");
            WriteSpec spec = spec(db, t, mode, ConflictAction.UPDATE, false);
            JobCommitter.beforeTasks(spec);
            List<TaskResult> results = new ArrayList<>();
            try (TaskWriter w = TaskWriter.open(spec, 0, 0)) {
                w.write(new ObjectValues(1, "first"));
                w.write(new ObjectValues(2, "a"));
                w.write(new ObjectValues(1, "second"));
                w.write(new ObjectValues(2, "b"));
                results.add(w.commit());
            }
            JobCommitter.commit(spec, results);
            assertEquals(List.of(List.of("1", "second", "kept"), List.of("2", "b", "dflt"),
                    List.of("99", "untouched", "x")),
                    db.queryText("SELECT id, name, extra FROM " + t.quoted() + " ORDER BY id"), mode.name());
            assertEquals(0, leftovers(db, spec), mode.name());
        }
    }

    @Test
    void aStageHasAnArrivalOrderOnlyForAConflictAction(TestDatabase db) throws Exception {
        for (ConflictAction action : List.of(ConflictAction.ERROR, ConflictAction.UPDATE)) {
            TableName t = newTable(db);
            WriteSpec spec = spec(db, t, CommitMode.JOB, action, false);
            TaskResult result = task(spec, 0, 0, 0, 3);
            // the job move of plain appends reads the written columns only: no sequence step per row
            List<List<String>> columns = db.queryText("SELECT attname FROM pg_attribute WHERE attrelid = '"
                    + result.stage().quoted().replace("'", "''") + "'::regclass AND attnum > 0 ORDER BY attnum");
            assertEquals(action == ConflictAction.ERROR ? List.of(List.of("id"), List.of("name"))
                    : List.of(List.of("id"), List.of("name"), List.of(MergeSql.ORDINAL)), columns, action.name());
            JobCommitter.commit(spec, List.of(result));
            assertEquals(3, count(db, t), action.name());
        }
    }

    @Test
    void ignoreKeepsExistingRows(TestDatabase db) throws Exception {
        TableName t = newTable(db);
        db.execute("INSERT INTO " + t.quoted() + " (id, name) VALUES (1, 'old')");
        WriteSpec spec = spec(db, t, CommitMode.JOB, ConflictAction.IGNORE, false);
        JobCommitter.commit(spec, List.of(task(spec, 0, 0, 0, 3)));
        assertEquals(List.of(List.of("0", "row 0 p0"), List.of("1", "old"), List.of("2", "row 2 p0")),
                db.queryText("SELECT id, name FROM " + t.quoted() + " ORDER BY id"));
    }

    @Test
    void aBadValueLeavesNothingBehind(TestDatabase db) throws Exception {
        TableName t = newTable(db);
        db.execute("ALTER TABLE " + t.quoted() + " ALTER COLUMN name TYPE varchar(3)");
        WriteSpec spec = spec(db, t, CommitMode.JOB, ConflictAction.ERROR, false);
        try (TaskWriter w = TaskWriter.open(spec, 0, 0)) {
            w.write(new ObjectValues(1, "ok"));
            CopyValueException e = assertThrows(CopyValueException.class, () -> w.write(new ObjectValues(2, "toolong")));
            assertTrue(e.getMessage().contains("row 2"), e.getMessage());
        }
        assertEquals(0, leftovers(db, spec));
        assertEquals(0, count(db, t));
    }

    @Test
    void cleanupFindsADeadJobsLeftovers(TestDatabase db) throws Exception {
        TableName t = newTable(db);
        WriteSpec job = spec(db, t, CommitMode.JOB, ConflictAction.ERROR, false);
        task(job, 0, 0, 0, 5);
        WriteSpec prepared = new WriteSpec(job.connection(), job.plan(), CommitMode.PREPARED, ConflictAction.ERROR,
                List.of(), false, job.jobId(), 4096);
        task(prepared, 1, 0, 5, 10);
        assertEquals(2, leftovers(db, job));
        assertEquals(2, JobCommitter.cleanup(job.connection(), null, job.jobId()));
        assertEquals(0, leftovers(db, job));
        assertEquals(0, count(db, t));
    }
}
