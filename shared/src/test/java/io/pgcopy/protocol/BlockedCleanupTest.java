package io.pgcopy.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgcopy.mapping.MappingOptions;
import io.pgcopy.mapping.WritePlan;
import io.pgcopy.mapping.WritePlanner;
import io.pgcopy.sql.TableName;
import io.pgcopy.testing.PostgresExtension;
import io.pgcopy.testing.StderrLog;
import io.pgcopy.testing.TestDatabase;
import io.pgcopy.values.SourceField;
import io.pgcopy.values.SourceType;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A stage that another session holds (a task stuck in its COPY, a user's LOCK) makes cleanup give
 * up within the bounded lock_timeout — the lockTimeout option, else 10 s — and say what it left and
 * to run pgcopy cleanup, instead of waiting for ever: before, the job abort's DROP TABLE waited as
 * long as the lock was held.
 */
@ExtendWith(PostgresExtension.class)
class BlockedCleanupTest {
    private static final List<SourceField> FIELDS = List.of(
            new SourceField("id", SourceType.INT, false), new SourceField("name", SourceType.STRING, true));
    private static final Duration BOUND = Duration.ofSeconds(30);

    @Test
    void aJobAbortGivesUpOnALockedStageWithinTheLockTimeoutAndNamesIt(TestDatabase db) throws Exception {
        WriteSpec spec = spec(db, "aborted", "1s");
        TableName stage = WriteNames.stage(spec.plan().table().name(), spec.jobId(), 0, 1);
        try (Connection holder = lockedStage(db, stage); StderrLog log = new StderrLog()) {
            long start = System.nanoTime();
            SQLException e = assertTimeoutPreemptively(BOUND, () -> assertThrows(SQLException.class,
                    () -> JobCommitter.abort(spec)), "the abort waits for the locked stage");
            long seconds = (System.nanoTime() - start) / 1_000_000_000L;
            assertTrue(seconds < 10, "two 1 s lock waits, not " + seconds + " s");
            assertTrue(e.getMessage().contains(stage.toString()) && e.getMessage().contains("pgcopy cleanup"),
                    e.getMessage());
            assertWarned(log, stage);
        }
        assertEquals(1, JobCommitter.cleanup(spec.connection(), null, spec.jobId()), "free again, the stage goes");
    }

    @Test
    void withoutALockTimeoutOptionCleanupWaitsTenSeconds(TestDatabase db) throws Exception {
        WriteSpec spec = spec(db, "default_bound", null);
        TableName stage = WriteNames.stage(spec.plan().table().name(), spec.jobId(), 3, 7);
        try (Connection holder = lockedStage(db, stage); StderrLog log = new StderrLog()) {
            long start = System.nanoTime();
            int removed = assertTimeoutPreemptively(BOUND,
                    () -> JobCommitter.cleanup(spec.connection(), null, spec.jobId()), "cleanup waits for the stage");
            double seconds = (System.nanoTime() - start) / 1e9;
            assertEquals(0, removed);
            assertTrue(seconds >= 9.5 && seconds < 25, "the default lock_timeout of 10 s, not " + seconds + " s");
            assertWarned(log, stage);
        }
    }

    @Test
    void pgcopyCleanupReportsAStageTakenMeanwhileAndKeepsTheSessionsLockTimeout(TestDatabase db) throws Exception {
        WriteSpec spec = spec(db, "taken", null);
        TableName stage = WriteNames.stage(spec.plan().table().name(), spec.jobId(), 1, 2);
        db.execute("CREATE TABLE " + stage.quoted() + " (id int)");
        try (Connection c = db.connect()) {
            Leftovers.Found found = Leftovers.find(c);
            assertEquals(List.of(stage.name()), found.stages().stream().map(TableName::name).toList());
            try (Connection holder = lockedStage(db, stage)) {
                try (Statement s = c.createStatement()) {
                    s.execute("SET lock_timeout = '42s'");
                }
                List<String> failures = assertTimeoutPreemptively(BOUND, () -> Leftovers.remove(c, found, "1s"));
                assertEquals(1, failures.size(), failures.toString());
                assertTrue(failures.get(0).startsWith("table " + found.stages().get(0) + ": "), failures.toString());
                try (Statement s = c.createStatement(); var rs = s.executeQuery("SHOW lock_timeout")) {
                    rs.next();
                    assertEquals("42s", rs.getString(1), "the session's own lock_timeout is back");
                }
            }
            assertEquals(List.of(), Leftovers.remove(c, found, "1s"), "free again, the stage goes");
        }
    }

    private static void assertWarned(StderrLog log, TableName stage) {
        String warned = log.text().lines().filter(l -> l.contains("WARN") && l.contains(stage.toString()))
                .findFirst().orElseThrow(() -> new AssertionError("no WARN naming " + stage + " in:\n" + log.text()));
        assertTrue(warned.contains("pgcopy cleanup"), warned);
    }

    private static WriteSpec spec(TestDatabase db, String table, String lockTimeout) throws SQLException {
        db.execute("CREATE TABLE " + table + " (id int, name text)");
        WritePlan plan;
        try (Connection c = db.connect()) {
            plan = WritePlanner.plan(c, TableName.parse(table), FIELDS, MappingOptions.DEFAULT);
        }
        Properties p = new Properties();
        if (lockTimeout != null) p.setProperty(ConnectionSpec.LOCK_TIMEOUT, lockTimeout);
        return new WriteSpec(new ConnectionSpec(db.url(), p), plan, CommitMode.JOB, ConflictAction.ERROR, List.of(),
                false, WriteNames.newJobId(), 4096);
    }

    /** The stage (created if missing), locked by another session's open transaction until it closes. */
    private static Connection lockedStage(TestDatabase db, TableName stage) throws SQLException {
        db.execute("CREATE TABLE IF NOT EXISTS " + stage.quoted() + " (id int)");
        Connection holder = db.connect();
        holder.setAutoCommit(false);
        try (Statement s = holder.createStatement()) {
            s.execute("LOCK TABLE " + stage.quoted() + " IN ACCESS SHARE MODE");
        }
        return holder;
    }
}
