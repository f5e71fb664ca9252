package io.pgcopy.spark.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgcopy.testing.PrivateServer;
import java.sql.SQLException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Spark writes and reads as non-superuser roles holding only what the README's permissions table
 * says each mode needs: that is enough, and one privilege less fails before any row is written (an
 * overwrite before it truncates), naming the privilege, the object and the GRANT or a mode that
 * needs less. The schema {@code app} is PostgreSQL 15's default for new schemas: no CREATE for anyone.
 */
class LeastPrivilegeTest {
    private static final long ROWS = 300;
    private static PrivateServer server;
    private static SparkSession spark;

    @BeforeAll
    static void start() {
        server = PrivateServer.start();
        spark = SparkSession.builder().master("local[2]").appName("pgcopy-least-privilege")
                .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "2").getOrCreate();
    }

    @AfterAll
    static void stop() {
        try {
            if (spark != null) spark.stop();
        } finally {
            if (server != null) server.close();
        }
    }

    /** A login role with these grants and a fresh table app.&lt;role&gt; (id primary key, name) it may use. */
    private static String roleWithTable(String role, String... grants) throws SQLException {
        server.execute("CREATE SCHEMA IF NOT EXISTS app", "CREATE ROLE " + role + " LOGIN",
                "GRANT USAGE ON SCHEMA app TO " + role,
                "CREATE TABLE app." + role + " (id bigint PRIMARY KEY, name text)");
        for (String g : grants) server.execute("GRANT " + g.replace("{t}", "app." + role) + " TO " + role);
        return "app." + role;
    }

    private static Dataset<Row> rows() {
        return spark.range(0, ROWS, 1, 2).selectExpr("id", "concat('n', id) AS name");
    }

    private static void write(String role, String table, SaveMode mode, String... options) {
        var w = rows().write().format("pgcopy").option("url", server.url()).option("user", role)
                .option("dbtable", table).mode(mode);
        for (int k = 0; k < options.length; k += 2) w = w.option(options[k], options[k + 1]);
        w.save();
    }

    private static long read(String role, String table, String... options) {
        var r = spark.read().format("pgcopy").option("url", server.url()).option("user", role).option("dbtable", table);
        for (int k = 0; k < options.length; k += 2) r = r.option(options[k], options[k + 1]);
        return r.load().count();
    }

    /** The failure's messages, causes included. */
    private static String failure(Runnable r) {
        Throwable t = assertThrows(Throwable.class, r::run);
        StringBuilder sb = new StringBuilder();
        for (; t != null; t = t.getCause()) sb.append(t.getMessage()).append('\n');
        return sb.toString();
    }

    private static void assertMentions(String message, String... parts) {
        for (String p : parts) assertTrue(message.contains(p), "expected \"" + p + "\" in:\n" + message);
    }

    private static long count(String table) throws SQLException {
        return server.queryLong("SELECT count(*) FROM " + table);
    }

    /** Staging tables and prepared transactions of any pgcopy job. */
    private static long leftovers() throws SQLException {
        return server.queryLong("SELECT (SELECT count(*) FROM pg_class WHERE relname LIKE 'pgcopy\\_%')"
                + " + (SELECT count(*) FROM pg_prepared_xacts)");
    }

    @Test
    void commitTaskAndPreparedNeedOnlyInsert() throws Exception {
        String t = roleWithTable("ins_only", "INSERT ON {t}");
        write("ins_only", t, SaveMode.Append, "commit", "task");
        assertEquals(ROWS, count(t));
        server.execute("TRUNCATE " + t);
        write("ins_only", t, SaveMode.Append, "commit", "prepared");
        assertEquals(ROWS, count(t));
        assertEquals(0, leftovers());
    }

    @Test
    void withoutInsertNothingIsWritten() throws Exception {
        String t = roleWithTable("no_insert", "SELECT ON {t}");
        for (String mode : new String[] {"task", "prepared", "job"}) {
            String message = failure(() -> write("no_insert", t, SaveMode.Append, "commit", mode));
            assertMentions(message, "writing into app.no_insert needs INSERT on it: GRANT INSERT ON app.no_insert TO"
                    + " no_insert");
        }
        assertEquals(0, count(t));
        assertEquals(0, leftovers());
    }

    @Test
    void commitJobNeedsCreateOnTheSchemaOfItsStagingTables() throws Exception {
        String t = roleWithTable("jobber", "INSERT ON {t}");
        String message = failure(() -> write("jobber", t, SaveMode.Append, "commit", "job"));
        assertMentions(message, "commit=job creates its staging tables in schema app and needs CREATE on it:"
                + " GRANT CREATE ON SCHEMA app TO jobber, or use commit=task or commit=prepared");
        assertEquals(0, count(t));
        assertEquals(0, leftovers());
        server.execute("GRANT CREATE ON SCHEMA app TO jobber");
        write("jobber", t, SaveMode.Append); // commit=job is the default
        assertEquals(ROWS, count(t));
        assertEquals(0, leftovers());
        server.execute("REVOKE CREATE ON SCHEMA app FROM jobber");
    }

    @Test
    void overwriteNeedsTruncateAndLeavesTheTableAloneWithoutIt() throws Exception {
        String t = roleWithTable("over", "INSERT ON {t}");
        server.execute("INSERT INTO " + t + " VALUES (-1, 'kept'), (-2, 'kept')");
        for (String mode : new String[] {"task", "prepared"}) {
            String message = failure(() -> write("over", t, SaveMode.Overwrite, "commit", mode));
            assertMentions(message, "mode=overwrite empties app.over with TRUNCATE and needs TRUNCATE on it (or to own"
                    + " it): GRANT TRUNCATE ON app.over TO over, or append with mode=append");
            assertEquals(2, count(t), "not truncated");
        }
        server.execute("GRANT TRUNCATE ON " + t + " TO over");
        write("over", t, SaveMode.Overwrite, "commit", "task");
        assertEquals(ROWS, count(t));
        // commit=job's atomic overwrite: TRUNCATE and CREATE for its stages
        String message = failure(() -> write("over", t, SaveMode.Overwrite, "commit", "job"));
        assertMentions(message, "GRANT CREATE ON SCHEMA app TO over");
        assertEquals(ROWS, count(t));
        assertEquals(0, leftovers());
    }

    @Test
    void onConflictStagesAndLooksUpAndUpdateAlsoUpdates() throws Exception {
        String t = roleWithTable("upserter", "INSERT ON {t}");
        server.execute("INSERT INTO " + t + " VALUES (0, 'old'), (-1, 'other')");
        String message = failure(() -> write("upserter", t, SaveMode.Append, "commit", "task", "onConflict", "ignore"));
        assertMentions(message, "onConflict=ignore stages the rows in a table in schema app and needs CREATE on it:"
                        + " GRANT CREATE ON SCHEMA app TO upserter",
                "onConflict=ignore looks up existing rows of app.upserter and needs SELECT on it:"
                        + " GRANT SELECT ON app.upserter TO upserter");
        server.execute("GRANT CREATE ON SCHEMA app TO upserter", "GRANT SELECT ON " + t + " TO upserter");
        write("upserter", t, SaveMode.Append, "commit", "task", "onConflict", "ignore");
        assertEquals(ROWS + 1, count(t));
        assertEquals(1, server.queryLong("SELECT count(*) FROM " + t + " WHERE name = 'old'"));

        message = failure(() -> write("upserter", t, SaveMode.Append, "commit", "prepared", "onConflict", "update"));
        assertMentions(message, "onConflict=update updates existing rows of app.upserter and needs UPDATE on it:"
                + " GRANT UPDATE ON app.upserter TO upserter, or use onConflict=ignore");
        assertEquals(1, server.queryLong("SELECT count(*) FROM " + t + " WHERE name = 'old'"));
        server.execute("GRANT UPDATE ON " + t + " TO upserter");
        for (String mode : new String[] {"task", "prepared", "job"}) {
            write("upserter", t, SaveMode.Append, "commit", mode, "onConflict", "update");
        }
        assertEquals(0, server.queryLong("SELECT count(*) FROM " + t + " WHERE name = 'old'"));
        assertEquals(ROWS + 1, count(t));
        assertEquals(0, leftovers());
        server.execute("REVOKE CREATE ON SCHEMA app FROM upserter");
    }

    @Test
    void readsNeedOnlySelectWithEverySplitKindAndAConsistentSnapshot() throws Exception {
        String t = roleWithTable("reader", "SELECT ON {t}");
        server.execute("INSERT INTO " + t + " SELECT g, 'n' || g FROM generate_series(1, 5000) g");
        assertEquals(5000, read("reader", t, "numPartitions", "3")); // ctid page ranges
        assertEquals(5000, read("reader", t, "partitionColumn", "id", "numPartitions", "3"));
        assertEquals(5000, read("reader", t, "numPartitions", "3", "snapshot", "consistent"));
        assertEquals(5000, spark.read().format("pgcopy").option("url", server.url()).option("user", "reader")
                .option("query", "SELECT id FROM " + t + " WHERE id > 0").load().count());

        String other = roleWithTable("not_reader", "INSERT ON {t}");
        assertMentions(failure(() -> read("not_reader", other)),
                "reading app.not_reader needs SELECT on it: GRANT SELECT ON app.not_reader TO not_reader");
        assertMentions(failure(() -> read("not_reader", t)), "GRANT SELECT ON app.reader TO not_reader");
        // a query is the server's to check; its error names the table
        assertMentions(failure(() -> spark.read().format("pgcopy").option("url", server.url())
                .option("user", "not_reader").option("query", "SELECT id FROM " + t).load().count()),
                "permission denied for table reader");
    }

    @Test
    void aSchemaWithoutUsageAndAMissingTableWithoutCreateAreNamed() throws Exception {
        server.execute("CREATE ROLE outsider LOGIN", "CREATE SCHEMA IF NOT EXISTS app",
                "CREATE TABLE app.closed (id bigint, name text)", "GRANT SELECT, INSERT ON app.closed TO outsider");
        assertMentions(failure(() -> read("outsider", "app.closed")),
                "using app.closed needs USAGE on schema app: GRANT USAGE ON SCHEMA app TO outsider");
        assertMentions(failure(() -> write("outsider", "app.closed", SaveMode.Append, "commit", "task")),
                "using app.closed needs USAGE on schema app: GRANT USAGE ON SCHEMA app TO outsider");
        server.execute("GRANT USAGE ON SCHEMA app TO outsider");
        assertMentions(failure(() -> write("outsider", "app.created", SaveMode.Append, "commit", "task")),
                "the table app.created does not exist, and creating it needs CREATE on schema app:"
                        + " GRANT CREATE ON SCHEMA app TO outsider, or create the table beforehand");
        assertEquals(0, server.queryLong("SELECT count(*) FROM pg_class WHERE relname = 'created'"));
        server.execute("GRANT CREATE ON SCHEMA app TO outsider");
        write("outsider", "app.created", SaveMode.Append, "commit", "task");
        assertEquals(ROWS, count("app.created"));
        server.execute("REVOKE CREATE ON SCHEMA app FROM outsider");
        write("outsider", "app.closed", SaveMode.Append, "commit", "task");
        assertEquals(ROWS, read("outsider", "app.closed"));
    }
}
