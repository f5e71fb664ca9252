package io.pgcopy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgcopy.mapping.MappingOptions;
import io.pgcopy.mapping.WritePlan;
import io.pgcopy.mapping.WritePlanner;
import io.pgcopy.protocol.CommitMode;
import io.pgcopy.protocol.ConflictAction;
import io.pgcopy.protocol.ConnectionSpec;
import io.pgcopy.protocol.TaskWriter;
import io.pgcopy.protocol.WriteNames;
import io.pgcopy.protocol.WriteSpec;
import io.pgcopy.sql.TableName;
import io.pgcopy.stream.CheckpointTransactions;
import io.pgcopy.testing.ObjectValues;
import io.pgcopy.testing.PostgresExtension;
import io.pgcopy.testing.TestDatabase;
import io.pgcopy.values.SourceField;
import io.pgcopy.values.SourceType;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** pgcopy cleanup removes what dead pgcopy writers left, and nothing else. */
@ExtendWith(PostgresExtension.class)
class CleanupTest {
    private static final String OBJECTS = "SELECT string_agg(relname, ',' ORDER BY relname) FROM pg_class"
            + " WHERE relkind = 'r' AND relnamespace <> 'pg_catalog'::regnamespace"
            + " AND relnamespace <> 'information_schema'::regnamespace";
    private static final String PREPARED = "SELECT coalesce(string_agg(gid, ',' ORDER BY gid), '') FROM pg_prepared_xacts"
            + " WHERE database = current_database()";

    /** One task attempt of a write whose driver died: its task committed, the job commit never ran. */
    private static String deadTask(TestDatabase db, CommitMode mode) throws Exception {
        WritePlan plan;
        try (Connection c = db.connect()) {
            plan = WritePlanner.plan(c, TableName.parse("target"), List.of(new SourceField("id", SourceType.INT, false)),
                    MappingOptions.DEFAULT);
        }
        String job = WriteNames.newJobId();
        WriteSpec spec = new WriteSpec(new ConnectionSpec(db.url(), new Properties()), plan, mode, ConflictAction.ERROR,
                List.of(), false, job, 4096);
        try (TaskWriter task = TaskWriter.open(spec, 3, 0)) {
            task.write(new ObjectValues(1));
            task.commit();
        }
        return WriteNames.prefix(job) + "3_0";
    }

    @Test
    void removesStagesAndPreparedTransactionsOfDeadJobsOnly(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE target (id int)", "CREATE TABLE pgcopy_notes (x int)", "CREATE TABLE pgcopy_commit_log (x int)",
                "CREATE TABLE my_stage (x int)", "CREATE TABLE pgcopy_0123456789abcdef_5_0 (x int)");
        String stage = deadTask(db, CommitMode.JOB);
        String prepared = deadTask(db, CommitMode.PREPARED);
        try (Connection flink = db.connect(); Connection other = db.connect(); Connection locker = db.connect()) {
            prepare(flink, "pgcopy_f_orders_sink_0_7");
            prepare(other, "other_app_1");
            locker.setAutoCommit(false);
            try (Statement s = locker.createStatement()) {
                s.execute("LOCK TABLE pgcopy_0123456789abcdef_5_0 IN ACCESS SHARE MODE"); // a stage still in use
            }
            String objectsBefore = db.queryString(OBJECTS);
            assertTrue(objectsBefore.contains(stage), objectsBefore);
            assertEquals(String.join(",", List.of("other_app_1", "pgcopy_f_orders_sink_0_7", prepared).stream().sorted().toList()),
                    db.queryString(PREPARED));

            Cli.Result dry = Cli.run("cleanup", "--url", db.url(), "--dry-run");
            assertEquals(0, dry.exit(), dry.toString());
            assertTrue(dry.out().contains("would drop staging table \"public\".\"" + stage + "\""), dry.toString());
            assertTrue(dry.out().contains("would roll back prepared transaction " + prepared), dry.toString());
            assertTrue(dry.out().contains("would roll back prepared transaction pgcopy_f_orders_sink_0_7"), dry.toString());
            assertTrue(dry.out().contains("left alone (locked by a live session): \"public\".\"pgcopy_0123456789abcdef_5_0\""),
                    dry.toString());
            assertEquals(objectsBefore, db.queryString(OBJECTS), "a dry run removes nothing");

            Cli.Result r = Cli.run("cleanup", "--url", db.url());
            assertEquals(0, r.exit(), r.toString());
            assertTrue(r.out().contains("Removed 2 prepared transaction(s) and 1 staging table(s)."), r.toString());
            assertEquals("my_stage,pgcopy_0123456789abcdef_5_0,pgcopy_commit_log,pgcopy_notes,target", db.queryString(OBJECTS));
            assertEquals("other_app_1", db.queryString(PREPARED));
            assertEquals(0, db.queryLong("SELECT count(*) FROM target"), "the dead jobs' rows never became visible");

            Cli.Result nothing = Cli.run("cleanup", "--url", db.url());
            assertTrue(nothing.out().contains("nothing to remove"), nothing.toString());
            db.execute("ROLLBACK PREPARED 'other_app_1'");
        }
    }

    /** A commit log placed by the sink's commitLogTable option is listed and kept, and dropped only by name. */
    @Test
    void keepsCommitLogsWhereverTheyAreAndDropsOneOnlyByName(TestDatabase db) throws Exception {
        db.execute("CREATE SCHEMA \"Flink Logs\"", "CREATE TABLE \"Flink Logs\".lookalike (prefix text, n bigint)");
        TableName placed = TableName.parse("\"Flink Logs\".\"commits \"\"eo\"\"\"");
        try (Connection c = db.connect()) {
            CheckpointTransactions.createLog(c, placed);
        }
        Cli.Result listed = Cli.run("cleanup", "--url", db.url());
        assertTrue(listed.out().contains("kept: commit log " + placed.quoted()), listed.toString());
        assertTrue(!listed.out().contains("lookalike"), listed.toString());

        Cli.Result refused = Cli.run("cleanup", "--url", db.url(), "--drop-commit-log", "\"Flink Logs\".lookalike");
        assertTrue(refused.exit() != 0 && refused.err().contains("not a commit log"), refused.toString());

        Cli.Result dry = Cli.run("cleanup", "--url", db.url(), "--dry-run", "--drop-commit-log", placed.quoted());
        assertTrue(dry.out().contains("would drop commit log " + placed.quoted()), dry.toString());
        Cli.Result dropped = Cli.run("cleanup", "--url", db.url(), "--drop-commit-log", placed.quoted());
        assertEquals(0, dropped.exit(), dropped.toString());
        assertTrue(dropped.out().contains("and commit log " + placed.quoted() + "."), dropped.toString());
        assertEquals("lookalike", db.queryString("SELECT string_agg(relname, ',') FROM pg_class"
                + " WHERE relnamespace = '\"Flink Logs\"'::regnamespace AND relkind = 'r'"));
    }

    private static void prepare(Connection c, String gid) throws Exception {
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            s.execute("INSERT INTO target VALUES (99)");
            s.execute("PREPARE TRANSACTION '" + gid + "'");
        }
        c.setAutoCommit(true);
    }
}
