package io.pgcopy.spark.fault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgcopy.testing.PostgresExtension;
import io.pgcopy.testing.TestDatabase;
import java.sql.Connection;
import java.sql.Statement;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The table is locked by another session: with {@code lockTimeout} the write or read fails within
 * seconds (never hangs) with an error that names the table and lockTimeout, wherever pgcopy waits
 * — the tasks' COPY or staging, the TRUNCATE of an overwrite, the job commit's INSERT — and the
 * table is unchanged, with nothing of the write left.
 */
@ExtendWith(PostgresExtension.class)
class LockedTableTest {
    private static SparkSession spark;
    private static FaultDb db;

    @BeforeAll
    static void start(TestDatabase database) {
        db = new FaultDb(database.url());
        spark = Faults.spark("pgcopy-locked-table", 2);
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    /**
     * @param lock the lock the other session holds: ACCESS EXCLUSIVE stops everything, SHARE (as
     *     CREATE INDEX takes) lets staging through but not the INSERT, ACCESS SHARE (a reader's) only
     *     stops TRUNCATE
     */
    @ParameterizedTest(name = "{0} lock, commit={1}, {2}")
    @CsvSource({"ACCESS EXCLUSIVE, job, Append", "ACCESS EXCLUSIVE, task, Append", "ACCESS EXCLUSIVE, prepared, Append",
        "SHARE, job, Append", "SHARE, task, Append", "ACCESS SHARE, job, Overwrite", "ACCESS SHARE, task, Overwrite",
        "ACCESS SHARE, prepared, Overwrite"})
    void aWriteIntoALockedTableFailsClearlyAndChangesNothing(String lock, String commit, SaveMode mode)
            throws Exception {
        String table = "locked_" + lock.replace(' ', '_').toLowerCase() + "_" + commit + "_" + mode.name().toLowerCase();
        db.execute("CREATE TABLE " + table + " (id bigint, name text)", "INSERT INTO " + table + " VALUES (-1, 'old')");
        try (Connection holder = db.connect(); Statement s = holder.createStatement()) {
            holder.setAutoCommit(false);
            s.execute("LOCK TABLE " + table + " IN " + lock + " MODE");
            long start = System.nanoTime();
            var write = Faults.background(() -> {
                Faults.write(Faults.rows(spark, 1000), db.url(), table, mode, "commit", commit, "lockTimeout", "1s");
                return null;
            });
            Exception e = assertThrows(Exception.class, () -> Faults.await(write, 30, "a write into a locked table"));
            String message = Faults.messages(e);
            assertTrue(message.contains("public." + table) && message.contains("lockTimeout")
                    && message.contains("lock timeout"), message);
            assertTrue(System.nanoTime() - start < 20_000_000_000L, "gave up after lockTimeout");
            holder.rollback();
        }
        assertEquals("1/-1", db.queryString("SELECT count(*) || '/' || sum(id) FROM " + table), "table unchanged");
        db.awaitNothingLeft(table);
    }

    @ParameterizedTest(name = "snapshot={0}")
    @CsvSource({"none", "consistent"})
    void aReadOfALockedTableFailsClearly(String snapshot) throws Exception {
        String table = "locked_read_" + snapshot;
        db.execute("CREATE TABLE " + table + " (id bigint, name text)", "INSERT INTO " + table + " VALUES (1, 'x')");
        try (Connection holder = db.connect(); Statement s = holder.createStatement()) {
            holder.setAutoCommit(false);
            s.execute("LOCK TABLE " + table + " IN ACCESS EXCLUSIVE MODE");
            var read = Faults.background(() -> Faults.read(spark, db.url(), table, "lockTimeout", "1s", "snapshot",
                    snapshot).count());
            Exception e = assertThrows(Exception.class, () -> Faults.await(read, 30, "a read of a locked table"));
            String message = Faults.messages(e);
            assertTrue(message.contains("public." + table) && message.contains("lockTimeout"), message);
            holder.rollback();
        }
        db.awaitNothingLeft(table);
    }
}
