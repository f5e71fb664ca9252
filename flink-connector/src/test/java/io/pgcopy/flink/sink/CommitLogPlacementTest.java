package io.pgcopy.flink.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgcopy.local.LocalCluster;
import io.pgcopy.testing.PrivateServer;
import java.sql.SQLException;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An exactly-once sink whose commit log the user placed ({@code commitLogTable},
 * {@code sink.commit-log-table}) keeps it there and nowhere else: through a failure, in the
 * privilege check, and in SQL.
 */
class CommitLogPlacementTest {
    private static final long ROWS = 6_000;
    /** A schema and table name that only survive correct quoting. */
    private static final String LOG = "\"Flink Logs\".\"commits \"\"eo\"\"\"";
    private static PrivateServer server;

    private static String tablesIn(String schema) throws SQLException {
        return server.queryString("SELECT coalesce(string_agg(relname, ',' ORDER BY relname), '') FROM pg_class"
                + " WHERE relnamespace = '" + schema + "'::regnamespace AND relkind = 'r'");
    }

    @BeforeAll
    static void start() throws SQLException {
        server = PrivateServer.start();
        server.execute("CREATE SCHEMA app", "CREATE SCHEMA app2", "CREATE SCHEMA app3", "CREATE SCHEMA \"Flink Logs\"");
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
    }

    private static String superuser() {
        return server.url() + "?user=" + LocalCluster.SUPERUSER;
    }

    @Test
    void aPlacedCommitLogTakesExactlyOnceThroughAFailureAndNothingLandsInTheTargetsSchema() throws Exception {
        server.execute("CREATE TABLE app.events (id bigint, payload text)");
        FlinkJobs.FailOnceAfterCheckpoint.FAILED.set(false);
        StreamExecutionEnvironment env = FlinkJobs.environment(100);
        env.fromSource(FlinkJobs.ids(ROWS, 3_000), WatermarkStrategy.noWatermarks(),
                        "ids").map(new FlinkJobs.FailOnceAfterCheckpoint(ROWS / 3))
                .map(id -> (RowData) GenericRowData.of(id, StringData.fromString("p" + id))).returns(FlinkJobs.eventType())
                .sinkTo(PgCopySink.<RowData>builder().url(superuser()).table("app.events")
                        .rowConverter(RowConverter.rowData(FlinkJobs.EVENT)).deliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                        .commitLogTable(LOG).build());
        env.execute("pgcopy placed commit log");

        assertTrue(FlinkJobs.FailOnceAfterCheckpoint.FAILED.get(), "the job failed once");
        assertEquals(ROWS + "/" + ROWS, server.queryString("SELECT count(*) || '/' || count(DISTINCT id) FROM app.events"));
        assertEquals("events", tablesIn("app"), "no commit log next to the target");
        assertTrue(server.queryLong("SELECT count(*) FROM " + LOG) > 0, "the commits are recorded in the placed log");
        assertEquals(0, server.queryLong("SELECT count(*) FROM pg_prepared_xacts"));
    }

    @Test
    void thePrivilegeCheckNamesThePlacedCommitLog() throws Exception {
        server.execute("CREATE ROLE placed LOGIN", "GRANT USAGE ON SCHEMA app2 TO placed",
                "CREATE TABLE app2.placed (id bigint, payload text)", "GRANT INSERT ON app2.placed TO placed");
        StreamExecutionEnvironment env = FlinkJobs.environment(200, false);
        FlinkJobs.events(env, 100).sinkTo(PgCopySink.<RowData>builder().url(server.url()).username("placed")
                .table("app2.placed").rowConverter(RowConverter.rowData(FlinkJobs.EVENT))
                .deliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE).commitLogTable("\"Flink Logs\".placed_log").build());
        StringBuilder message = new StringBuilder();
        for (Throwable t = assertThrows(Exception.class, () -> env.execute("denied")); t != null; t = t.getCause()) {
            message.append(t.getMessage()).append('\n');
        }
        String m = message.toString();
        assertTrue(m.contains("needs USAGE on schema \"Flink Logs\": GRANT USAGE ON SCHEMA \"Flink Logs\" TO placed"), m);
        assertTrue(m.contains("exactly-once keeps its commit log in a table placed_log that does not exist yet, and"
                + " creating it needs CREATE on schema \"Flink Logs\""), m);
        assertTrue(m.contains("GRANT SELECT, INSERT, DELETE ON \"Flink Logs\".\"placed_log\" TO placed"), m);
        assertEquals("placed", tablesIn("app2"));
        assertEquals(0, server.queryLong("SELECT count(*) FROM app2.placed"));
    }

    @Test
    void sqlSinkCommitLogTablePlacesTheLog() throws Exception {
        server.execute("CREATE TABLE app3.sql_events (id bigint, payload text)");
        TableEnvironment t = FlinkJobs.sql(TableEnvironment.create(EnvironmentSettings.inStreamingMode()));
        t.getConfig().set("execution.checkpointing.interval", "100 ms");
        t.executeSql("CREATE TABLE sink (id BIGINT, payload STRING) WITH ('connector' = 'pgcopy', 'url' = '"
                + superuser() + "', 'table-name' = 'app3.sql_events', 'sink.delivery-guarantee' = 'exactly-once',"
                + " 'sink.commit-log-table' = '\"Flink Logs\".sql_log')");
        t.executeSql("INSERT INTO sink SELECT CAST(id AS BIGINT), 'p' FROM (VALUES (1), (2), (3)) AS v(id)").await();
        assertEquals(3, server.queryLong("SELECT count(*) FROM app3.sql_events"));
        assertTrue(server.queryLong("SELECT count(*) FROM \"Flink Logs\".sql_log") > 0, "commits recorded in the placed log");
        assertEquals("sql_events", tablesIn("app3"));
    }
}
