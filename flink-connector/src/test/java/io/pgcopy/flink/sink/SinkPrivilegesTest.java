package io.pgcopy.flink.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgcopy.stream.CheckpointTransactions;
import io.pgcopy.sql.TableName;
import io.pgcopy.testing.PrivateServer;
import java.sql.SQLException;
import java.util.List;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.types.RowKind;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Sink jobs as non-superuser roles holding only what the README says each delivery guarantee and
 * sink kind needs: that is enough, and less fails as the writers start, before any row is written,
 * naming what to grant — for exactly-once also the DDL with which an administrator creates the
 * commit log for a user who may not create tables.
 */
class SinkPrivilegesTest {
    private static final long ROWS = 2_000;
    private static PrivateServer server;

    @BeforeAll
    static void start() throws SQLException {
        server = PrivateServer.start();
        server.execute("CREATE SCHEMA app");
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
    }

    /** A login role with USAGE on app, these grants and a fresh table app.&lt;role&gt; (id primary key, payload). */
    private static String roleWithTable(String role, String... grants) throws SQLException {
        server.execute("CREATE ROLE " + role + " LOGIN", "GRANT USAGE ON SCHEMA app TO " + role,
                "CREATE TABLE app." + role + " (id bigint PRIMARY KEY, payload text)");
        for (String g : grants) server.execute("GRANT " + g.replace("{t}", "app." + role) + " TO " + role);
        return "app." + role;
    }

    private static PgCopySinkBuilder<RowData> sink(String role, String table) {
        return PgCopySink.<RowData>builder().url(server.url()).username(role).table(table)
                .rowConverter(RowConverter.rowData(FlinkJobs.EVENT));
    }

    /** Inserts ids 0 .. ROWS-1, no restarts: a writer that cannot start fails the job. */
    private static void insertJob(PgCopySinkBuilder<RowData> sink) throws Exception {
        StreamExecutionEnvironment env = FlinkJobs.environment(200, false);
        FlinkJobs.events(env, ROWS).sinkTo(sink.build());
        env.execute("pgcopy sink privileges");
    }

    /**
     * 100 inserts of keys 0..99, then updates of keys 10..49 and deletes of keys 0..9, in order per
     * key: the table ends with 90 rows, 40 of them updated.
     */
    private static void upsertJob(PgCopySinkBuilder<RowData> sink) throws Exception {
        StreamExecutionEnvironment env = FlinkJobs.environment(200, false);
        env.fromSequence(0, 149).setParallelism(1).map(SinkPrivilegesTest::change).returns(FlinkJobs.eventType())
                .setParallelism(1).keyBy(r -> r.getLong(0)).sinkTo(sink.upsertKey(List.of("id")).build());
        env.execute("pgcopy upsert sink privileges");
    }

    private static RowData change(long i) {
        if (i < 100) return GenericRowData.ofKind(RowKind.INSERT, i, StringData.fromString("v" + i));
        if (i < 140) return GenericRowData.ofKind(RowKind.UPDATE_AFTER, i - 90, StringData.fromString("updated"));
        return GenericRowData.ofKind(RowKind.DELETE, i - 140, null);
    }

    private static String failure(Executable job) {
        Throwable t = assertThrows(Throwable.class, job::run);
        StringBuilder sb = new StringBuilder();
        for (; t != null; t = t.getCause()) sb.append(t.getMessage()).append('\n');
        return sb.toString();
    }

    interface Executable {
        void run() throws Exception;
    }

    private static void assertMentions(String message, String... parts) {
        for (String p : parts) assertTrue(message.contains(p), "expected \"" + p + "\" in:\n" + message);
    }

    private static long count(String sql) throws SQLException {
        return server.queryLong(sql);
    }

    @Test
    void atLeastOnceNeedsOnlyInsert() throws Exception {
        String t = roleWithTable("alo_writer", "INSERT ON {t}");
        insertJob(sink("alo_writer", t));
        assertEquals(ROWS, count("SELECT count(DISTINCT id) FROM " + t));

        String denied = roleWithTable("alo_reader", "SELECT ON {t}");
        String message = failure(() -> insertJob(sink("alo_reader", denied)));
        assertMentions(message, "cannot start writing app.alo_reader: user alo_reader lacks a privilege this needs"
                + " (nothing was written): writing into app.alo_reader needs INSERT on it:"
                + " GRANT INSERT ON app.alo_reader TO alo_reader");
        assertEquals(0, count("SELECT count(*) FROM " + denied));
    }

    @Test
    void exactlyOnceNeedsCreateOnceOrACommitLogAnAdministratorCreated() throws Exception {
        String t = roleWithTable("eo_writer", "INSERT ON {t}");
        TableName log = CheckpointTransactions.logTable(TableName.parse(t));
        String ddl = CheckpointTransactions.logDdl(log);
        String message = failure(() -> insertJob(sink("eo_writer", t).deliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)));
        assertMentions(message, "exactly-once keeps its commit log in a table pgcopy_commit_log that does not exist yet,"
                + " and creating it needs CREATE on schema app: GRANT CREATE ON SCHEMA app TO eo_writer, or have an"
                + " administrator create it once: " + ddl + "; GRANT SELECT, INSERT, DELETE ON " + log.quoted()
                + " TO eo_writer");
        assertEquals(0, count("SELECT count(*) FROM " + t));
        assertEquals(0, count("SELECT count(*) FROM pg_prepared_xacts"));

        // the administrator does what the message says; the writer still may not create tables
        server.execute(ddl, "GRANT SELECT, INSERT, DELETE ON " + log.quoted() + " TO eo_writer");
        insertJob(sink("eo_writer", t).deliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE));
        assertEquals(ROWS + "/" + ROWS, server.queryLong("SELECT count(*) FROM " + t) + "/"
                + server.queryLong("SELECT count(DISTINCT id) FROM " + t));
        assertEquals(0, count("SELECT count(*) FROM pg_prepared_xacts"));
        assertEquals(0, count("SELECT count(*) FROM pg_namespace n WHERE n.nspname = 'app'"
                + " AND has_schema_privilege('eo_writer', n.oid, 'CREATE')"));
    }

    @Test
    void anUpsertSinkNeedsItsStageAndTheRightToUpdateAndDelete() throws Exception {
        String t = roleWithTable("upserter", "INSERT ON {t}");
        String message = failure(() -> upsertJob(sink("upserter", t)));
        assertMentions(message, "user upserter lacks 4 privileges",
                "the upsert sink stages its changes in a table in schema app and needs CREATE on it:"
                        + " GRANT CREATE ON SCHEMA app TO upserter",
                "the upsert sink matches rows of app.upserter by key and needs SELECT on it:"
                        + " GRANT SELECT ON app.upserter TO upserter",
                "the upsert sink updates rows of app.upserter and needs UPDATE on it:"
                        + " GRANT UPDATE ON app.upserter TO upserter",
                "the upsert sink deletes rows of app.upserter and needs DELETE on it:"
                        + " GRANT DELETE ON app.upserter TO upserter");
        assertEquals(0, count("SELECT count(*) FROM " + t));

        server.execute("GRANT CREATE ON SCHEMA app TO upserter", "GRANT SELECT, UPDATE, DELETE ON " + t + " TO upserter");
        upsertJob(sink("upserter", t));
        assertEquals("90/40", count("SELECT count(*) FROM " + t) + "/"
                + count("SELECT count(*) FROM " + t + " WHERE payload = 'updated'"));
    }

    @Test
    void aPlacedCommitLogNeedsUsageAndCreateOnItsOwnSchema() throws Exception {
        String t = roleWithTable("placed", "INSERT ON {t}");
        server.execute("CREATE SCHEMA \"Flink Logs\"");
        String message = failure(() -> insertJob(sink("placed", t).deliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                .commitLogTable("\"Flink Logs\".placed_log")));
        assertMentions(message, "user placed lacks 2 privileges",
                "needs USAGE on schema \"Flink Logs\": GRANT USAGE ON SCHEMA \"Flink Logs\" TO placed",
                "exactly-once keeps its commit log in a table placed_log that does not exist yet, and creating it needs"
                        + " CREATE on schema \"Flink Logs\"",
                "GRANT SELECT, INSERT, DELETE ON \"Flink Logs\".\"placed_log\" TO placed");
        assertEquals(0, count("SELECT count(*) FROM " + t));
        assertEquals(0, count("SELECT count(*) FROM pg_class WHERE relname = 'placed_log'"));

        server.execute("GRANT USAGE, CREATE ON SCHEMA \"Flink Logs\" TO placed");
        insertJob(sink("placed", t).deliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                .commitLogTable("\"Flink Logs\".placed_log"));
        assertEquals(ROWS, count("SELECT count(DISTINCT id) FROM " + t));
        assertTrue(count("SELECT count(*) FROM \"Flink Logs\".placed_log") > 0);
    }
}
