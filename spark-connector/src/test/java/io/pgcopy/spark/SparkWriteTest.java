package io.pgcopy.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgcopy.testing.PostgresExtension;
import io.pgcopy.testing.TestDatabase;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** df.write.format("pgcopy") end to end, Spark local[2] against a real PostgreSQL. */
@Tag("compat")
@ExtendWith(PostgresExtension.class)
class SparkWriteTest {
    private static SparkSession spark;

    @BeforeAll
    static void start() {
        spark = SparkSession.builder().master("local[2,3]").appName("pgcopy-write-test")
                .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "2")
                .config("spark.sql.session.timeZone", "UTC").getOrCreate();
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    private static Dataset<Row> rows(long from, long to) {
        return spark.range(from, to, 1, 3).selectExpr("id", "concat('name ', id) AS name",
                "CAST(id / 100 AS DECIMAL(12,2)) AS amount", "TIMESTAMP '2024-01-01 00:00:00' + make_interval(0, 0, 0, 0, 0, 0, id) AS ts");
    }

    private static void write(TestDatabase db, Dataset<Row> df, String table, SaveMode mode, String... options) {
        var w = df.write().format("pgcopy").option("url", db.url()).option("dbtable", table).mode(mode);
        for (int k = 0; k < options.length; k += 2) w = w.option(options[k], options[k + 1]);
        w.save();
    }

    @Test
    void appendInEveryCommitModeCreatingTheTableWhenMissing(TestDatabase db) throws Exception {
        for (String mode : List.of("job", "task", "prepared")) {
            String table = "orders_" + mode;
            write(db, rows(0, 1000), table, SaveMode.Append, "commit", mode);
            write(db, rows(1000, 1500), table, SaveMode.Append, "commit", mode);
            assertEquals("1500/1124250/14.99",
                    db.queryString("SELECT count(*) || '/' || sum(id) || '/' || max(amount) FROM " + table), mode);
            assertEquals("timestamp with time zone", db.queryString("SELECT format_type(atttypid, atttypmod)"
                    + " FROM pg_attribute WHERE attrelid = '" + table + "'::regclass AND attname = 'ts'"));
            assertEquals("2024-01-01 00:00:07+00", db.queryString("SELECT ts::text FROM " + table + " WHERE id = 7"));
            assertNoLeftovers(db, mode);
        }
    }

    @Test
    @Tag("pg-versions")
    void aTaskThatFailsHalfWayIsRetriedWithoutLossOrDuplicates(TestDatabase db) throws Exception {
        spark.udf().register("failFirstAttemptAt", (org.apache.spark.sql.api.java.UDF2<Long, Long, Long>) (id, at) -> {
            if (id.equals(at) && org.apache.spark.TaskContext.get().attemptNumber() == 0) {
                throw new IllegalStateException("planned failure after part of the partition was written");
            }
            return id;
        }, org.apache.spark.sql.types.DataTypes.LongType);
        for (String mode : List.of("job", "prepared")) {
            String table = "retried_" + mode;
            Dataset<Row> df = rows(0, 3000).selectExpr("failFirstAttemptAt(id, 1500L) AS id", "name", "amount", "ts");
            write(db, df, table, SaveMode.Append, "commit", mode);
            assertEquals("3000/3000/4498500", db.queryString("SELECT count(*) || '/' || count(DISTINCT id) || '/' ||"
                    + " sum(id) FROM " + table), mode);
            assertNoLeftovers(db, mode);
        }
    }

    @Test
    void metricsShowInTheWritePlan(TestDatabase db) throws Exception {
        scala.collection.immutable.Map<String, org.apache.spark.sql.execution.metric.SQLMetric> metrics =
                SparkPlans.executed(spark, () -> write(db, rows(0, 1234), "measured", SaveMode.Append)).metrics();
        assertEquals(1234, metrics.apply("rowsWritten").value(), metrics.toString());
        // a write's driver metrics came with Spark 4.0 (Write.reportDriverMetrics)
        assertEquals(spark.version().startsWith("3.") ? 0 : 1234, metrics.apply("rowsMerged").value(),
                metrics.toString());
        assertTrue(metrics.apply("bytesSent").value() > 1234 * 20, metrics.toString());
    }

    @Test
    void aBadValueFailsTheJobNamingItAndLeavesTheTableUnchanged(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE strict (id bigint, code varchar(3), n integer)", "INSERT INTO strict VALUES (0, 'old', 0)");
        for (String mode : List.of("job", "task", "prepared")) {
            Dataset<Row> df = spark.sql("SELECT id, IF(id = 42, 'toolong', 'ok') AS code, 1 AS n FROM range(100)")
                    .coalesce(1);
            Exception e = assertThrows(Exception.class, () -> write(db, df, "strict", SaveMode.Append, "commit", mode));
            String message = messages(e);
            assertTrue(message.contains("row 43 of table public.strict, column \"code\" (character varying(3))")
                    && message.contains("value: toolong"), message);
            assertEquals(1, db.queryLong("SELECT count(*) FROM strict"), mode);
            assertNoLeftovers(db, mode);
        }
    }

    /** ... and recovery says what it did: the lost attempt's stage dropped, or its prepared transaction rolled back. */
    @Test
    @Tag("pg-versions")
    void aTaskThatFailsAfterItsCopyCommittedIsRetriedWithoutDuplicates(TestDatabase db) throws Exception {
        for (String mode : List.of("job", "prepared")) {
            String table = "recommitted_" + mode;
            io.pgcopy.spark.write.FailureInjection.failNextTaskCommits(1);
            try (PgcopyLog log = new PgcopyLog()) {
                write(db, rows(0, 3000), table, SaveMode.Append, "commit", mode);
                String said = mode.equals("job") ? "dropped the staging tables [" : "rolled back the prepared transactions [";
                String line = log.text().lines().filter(l -> l.startsWith("INFO") && l.contains(said)).findFirst()
                        .orElseThrow(() -> new AssertionError("no INFO saying '" + said + "' in:\n" + log.text()));
                assertTrue(line.contains("pgcopy_") && line.contains(table), line);
            } finally {
                io.pgcopy.spark.write.FailureInjection.failNextTaskCommits(0);
            }
            assertEquals("3000/3000/4498500", db.queryString("SELECT count(*) || '/' || count(DISTINCT id) || '/' ||"
                    + " sum(id) FROM " + table), mode);
            assertNoLeftovers(db, mode);
        }
    }

    @Test
    void aConnectionKilledMidCopyLosesAndDuplicatesNothing(TestDatabase db) throws Exception {
        for (String mode : List.of("job", "task")) {
            String table = "killed_" + mode;
            db.execute("CREATE TABLE " + table + " (id bigint, name text, amount numeric(12,2), ts timestamptz)");
            java.util.concurrent.atomic.AtomicLong killed = new java.util.concurrent.atomic.AtomicLong();
            java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
            Thread killer = new Thread(() -> {
                try {
                    while (!done.get() && killed.get() == 0) {
                        killed.set(db.queryLong("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                                + " WHERE datname = current_database() AND pid <> pg_backend_pid()"
                                + " AND query LIKE 'COPY %FROM STDIN%' AND state = 'active'"));
                        Thread.sleep(2);
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            killer.start();
            try {
                write(db, rows(0, 400_000), table, SaveMode.Append, "commit", mode);
            } finally {
                done.set(true);
                killer.join();
            }
            assertTrue(killed.get() >= 1, "a COPY backend was killed mid-stream");
            assertEquals("400000/400000", db.queryString("SELECT count(*) || '/' || count(DISTINCT id) FROM " + table),
                    mode + ": the killed task was retried, once");
            assertEquals(0, db.queryLong("SELECT count(*) FROM pg_class WHERE relname LIKE 'pgcopy\\_%'"), mode);
        }
    }

    @Test
    void sessionDefaultsApplyAndOptionsWin(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE dflt (id bigint PRIMARY KEY, name text)", "INSERT INTO dflt VALUES (1, 'kept')");
        Dataset<Row> df = spark.sql("SELECT * FROM VALUES (1L, 'new'), (2L, 'two') AS t(id, name)");
        spark.conf().set("spark.datasource.pgcopy.onConflict", "ignore");
        try {
            write(db, df, "dflt", SaveMode.Append);
            assertEquals(List.of(List.of("1", "kept"), List.of("2", "two")),
                    db.queryText("SELECT id, name FROM dflt ORDER BY id"));
            write(db, df, "dflt", SaveMode.Append, "onConflict", "update");
            assertEquals("new", db.queryString("SELECT name FROM dflt WHERE id = 1"));
        } finally {
            spark.conf().unset("spark.datasource.pgcopy.onConflict");
        }
    }

    @Test
    void sparkSqlInsertIntoAPgcopyTable(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE via_sql (id bigint, name text, amount numeric(12,2), ts timestamptz)");
        String url = db.url() + (db.url().contains("?") ? "&" : "?") + "password=hunter2";
        spark.sql("CREATE TABLE pg_via_sql USING pgcopy OPTIONS (url '" + url + "', dbtable 'via_sql')");
        try {
            if (spark.version().startsWith("3.")) {
                // Spark 3.5 writes a session catalog table only through the V1 API; DataSource V2 tables there came
                // with Spark 4.0. Spark says so, and nothing is written.
                rows(0, 100).createOrReplaceTempView("src");
                Exception e = assertThrows(Exception.class, () -> spark.sql("INSERT INTO pg_via_sql SELECT * FROM src"));
                assertTrue(String.valueOf(e.getMessage()).contains("pgcopy is not a valid Spark SQL Data Source"),
                        e.toString());
                assertEquals(0, db.queryLong("SELECT count(*) FROM via_sql"));
                return;
            }
            rows(0, 100).createOrReplaceTempView("src");
            spark.sql("INSERT INTO pg_via_sql SELECT * FROM src");
            assertEquals(100, db.queryLong("SELECT count(*) FROM via_sql"));
            String explained = spark.sql("EXPLAIN EXTENDED INSERT INTO pg_via_sql SELECT * FROM src").collectAsList()
                    .toString();
            assertFalse(explained.contains("hunter2"), explained);
        } finally {
            spark.sql("DROP TABLE IF EXISTS pg_via_sql");
        }
    }

    @Test
    void numPartitionsCapsTheConnections(TestDatabase db) throws Exception {
        String plan = SparkPlans.executed(spark, () -> write(db, rows(0, 1000).repartition(4), "capped", SaveMode.Append,
                "numPartitions", "1")).treeString();
        assertTrue(plan.contains("Exchange SinglePartition"), plan);
        assertEquals(1000, db.queryLong("SELECT count(*) FROM capped"));
    }

    @Test
    @Tag("pg-versions")
    void naturalSparkTypesArriveExactly(TestDatabase db) throws Exception {
        db.execute("CREATE TYPE mood AS ENUM ('sad', 'happy')",
                "CREATE TABLE typed_all (b boolean, i1 smallint, i2 smallint, i4 integer, i8 bigint, f4 real,"
                        + " f8 double precision, d numeric(38,10), t text, u uuid, j jsonb, ip inet, m mood, bin bytea,"
                        + " dt date, tz timestamptz, ntz timestamp, ia integer[], iaa integer[], mp jsonb, st jsonb,"
                        + " dti interval, ymi interval, vc varchar(5), c char(3))");
        Dataset<Row> df = spark.sql("SELECT true AS b, CAST(-128 AS TINYINT) AS i1, CAST(32767 AS SMALLINT) AS i2,"
                + " -2147483648 AS i4, 9223372036854775807L AS i8, CAST(1.5 AS FLOAT) AS f4, CAST('NaN' AS DOUBLE) AS f8,"
                + " CAST('-1234567890123456789012345678.0123456789' AS DECIMAL(38,10)) AS d,"
                + " concat('tab', chr(9), 'here', chr(10), 'newline ', chr(92), 'N é😀') AS t,"
                + " 'A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11' AS u,"
                + " '{\"k\": [1, 2]}' AS j, '192.168.0.1/24' AS ip, 'happy' AS m, X'00FF' AS bin,"
                + " DATE '0001-01-01' AS dt, TIMESTAMP '1969-12-31 23:59:59.999999' AS tz,"
                + " TIMESTAMP_NTZ '2000-02-29 12:00:00' AS ntz, array(1, null, 3) AS ia,"
                + " array(array(1, 2), array(3, 4)) AS iaa, map('a', 1) AS mp, named_struct('x', 1, 'y', 'z') AS st,"
                + " INTERVAL '1 02:03:04.000005' DAY TO SECOND AS dti, INTERVAL '1-2' YEAR TO MONTH AS ymi,"
                + " 'abcde' AS vc, 'a' AS c");
        write(db, df, "typed_all", SaveMode.Append);
        assertEquals(List.of("true", "-128", "32767", "-2147483648", "9223372036854775807", "1.5", "NaN",
                "-1234567890123456789012345678.0123456789", "tab\there\nnewline \\N é😀",
                "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11", "{\"k\": [1, 2]}", "192.168.0.1/24", "happy", "\\x00ff",
                "0001-01-01", "1969-12-31 23:59:59.999999", "2000-02-29 12:00:00", "{1,NULL,3}", "{{1,2},{3,4}}",
                "{\"a\": 1}", "{\"x\": 1, \"y\": \"z\"}", "26:03:04.000005", "1 year 2 mons", "abcde", "a  "),
                db.queryText("SELECT b::text, i1::text, i2::text, i4::text, i8::text, f4::text,"
                        + " f8::text, d::text, t, u::text, j::text, ip::text, m::text, bin::text, dt::text, (tz AT TIME ZONE 'UTC')::text,"
                        + " ntz::text, ia::text, iaa::text, mp::text, st::text, dti::text, ymi::text, vc, c FROM typed_all")
                        .get(0));
    }

    @Test
    @Tag("pg-versions")
    void everySaveModeWithEveryCommitMode(TestDatabase db) throws Exception {
        for (String commit : List.of("job", "task", "prepared")) {
            for (SaveMode mode : SaveMode.values()) {
                String missing = "m_" + commit + "_" + mode.name().toLowerCase();
                write(db, rows(0, 20), missing, mode, "commit", commit);
                assertEquals(20, db.queryLong("SELECT count(*) FROM " + missing), missing);
                String existing = "e_" + commit + "_" + mode.name().toLowerCase();
                db.execute("CREATE TABLE " + existing + " (id bigint, name text, amount numeric(12,2), ts timestamptz)",
                        "INSERT INTO " + existing + " (id) SELECT generate_series(100, 104)");
                if (mode == SaveMode.ErrorIfExists) {
                    assertThrows(Exception.class, () -> write(db, rows(0, 20), existing, mode, "commit", commit));
                } else {
                    write(db, rows(0, 20), existing, mode, "commit", commit);
                }
                long expected = switch (mode) {
                    case Append -> 25;
                    case Overwrite -> 20;
                    default -> 5;
                };
                assertEquals(expected, db.queryLong("SELECT count(*) FROM " + existing), existing);
            }
        }
    }

    @Test
    @Tag("pg-versions")
    void overwriteKeepsIndexesAndViews(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE kept (id bigint PRIMARY KEY, name text, amount numeric(12,2), ts timestamptz,"
                        + " note text DEFAULT 'd')",
                "INSERT INTO kept (id, name) SELECT g, 'old' FROM generate_series(1, 10) g",
                "CREATE VIEW kept_v AS SELECT id FROM kept",
                "DO $$ BEGIN CREATE ROLE kept_reader; EXCEPTION WHEN duplicate_object THEN NULL; END $$",
                "GRANT SELECT ON kept TO kept_reader");
        write(db, rows(100, 200), "kept", SaveMode.Overwrite);
        assertEquals("true", db.queryString("SELECT has_table_privilege('kept_reader', 'kept', 'SELECT')::text"));
        assertEquals(100, db.queryLong("SELECT count(*) FROM kept_v"));
        assertEquals(0, db.queryLong("SELECT count(*) FROM kept WHERE name = 'old'"));
        assertEquals("d", db.queryString("SELECT min(note) FROM kept"));
        assertEquals(1, db.queryLong("SELECT count(*) FROM pg_indexes WHERE tablename = 'kept'"));
    }

    @Test
    @Tag("pg-versions")
    void upsertKeepsTheLastRowOfAKey(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE up (id bigint PRIMARY KEY, name text)", "INSERT INTO up VALUES (1, 'old'), (9, 'nine')");
        Dataset<Row> df = spark.sql("SELECT * FROM VALUES (1L, 'first'), (2L, 'a'), (1L, 'second') AS t(id, name)")
                .coalesce(1);
        write(db, df, "up", SaveMode.Append, "onConflict", "update");
        assertEquals(List.of(List.of("1", "second"), List.of("2", "a"), List.of("9", "nine")),
                db.queryText("SELECT id, name FROM up ORDER BY id"));
    }

    @Test
    void incompatibleColumnsFailBeforeAnyRowAndHidePasswords(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE typed (id bigint, qty numeric(15,2))");
        Dataset<Row> df = spark.sql("SELECT 1L AS id, 'x' AS qty");
        String url = db.url() + (db.url().contains("?") ? "&" : "?") + "password=hunter2";
        Exception e = assertThrows(Exception.class, () -> df.write().format("pgcopy").option("url", url)
                .option("dbtable", "typed").mode(SaveMode.Append).save());
        String message = messages(e);
        assertTrue(message.contains("column \"qty\": Spark StringType cannot be written to numeric(15,2)"), message);
        assertFalse(message.contains("hunter2"), message);
        String conf = spark.conf().getAll().toString();
        assertFalse(conf.contains("hunter2"), "the session configuration never holds a password: " + conf);
        assertEquals(0, db.queryLong("SELECT count(*) FROM typed"));
    }

    @Test
    void errorIfExistsAndIgnoreSaveModes(TestDatabase db) throws Exception {
        rows(0, 10).write().format("pgcopy").option("url", db.url()).option("dbtable", "fresh").save();
        assertEquals(10, db.queryLong("SELECT count(*) FROM fresh"));
        Exception e = assertThrows(Exception.class, () -> rows(10, 20).write().format("pgcopy")
                .option("url", db.url()).option("dbtable", "fresh").mode(SaveMode.ErrorIfExists).save());
        assertTrue(messages(e).contains("already exists"), messages(e));
        write(db, rows(10, 20), "fresh", SaveMode.Ignore);
        assertEquals(10, db.queryLong("SELECT count(*) FROM fresh"), "ignore leaves an existing table alone");
        write(db, rows(0, 5), "fresh_ignored", SaveMode.Ignore);
        assertEquals(5, db.queryLong("SELECT count(*) FROM fresh_ignored"), "ignore writes a missing table");
        assertEquals(0, db.queryLong("SELECT count(*) FROM pg_class WHERE relname LIKE 'pgcopy\\_%'"));
    }

    /** No staging table and no prepared transaction left behind. */
    private static void assertNoLeftovers(TestDatabase db, String label) throws Exception {
        assertEquals(0, db.queryLong("SELECT count(*) FROM pg_class WHERE relname LIKE 'pgcopy\\_%'")
                + db.queryLong("SELECT count(*) FROM pg_prepared_xacts"), label + ": leftovers");
    }

    private static String messages(Throwable e) {
        StringBuilder sb = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) sb.append(t).append('\n');
        return sb.toString();
    }
}
