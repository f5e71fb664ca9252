package io.pgcopy.flink.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgcopy.testing.PostgresExtension;
import io.pgcopy.testing.TestDatabase;
import java.sql.SQLException;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * An exactly-once sink whose commit log the user placed ({@code commitLogTable},
 * {@code sink.commit-log-table}) keeps it there and nowhere else, through a failure and in SQL
 * (the privilege check: {@link SinkPrivilegesTest}).
 */
@ExtendWith(PostgresExtension.class)
class CommitLogPlacementTest {
    private static final long ROWS = 6_000;
    /** A schema and table name that only survive correct quoting. */
    private static final String LOG = "\"Flink Logs\".\"commits \"\"eo\"\"\"";

    private static String tablesIn(TestDatabase db, String schema) throws SQLException {
        return db.queryString("SELECT coalesce(string_agg(relname, ',' ORDER BY relname), '') FROM pg_class"
                + " WHERE relnamespace = '" + schema + "'::regnamespace AND relkind = 'r'");
    }

    @Test
    void aPlacedCommitLogTakesExactlyOnceThroughAFailureAndNothingLandsInTheTargetsSchema(TestDatabase db)
            throws Exception {
        db.execute("CREATE SCHEMA app", "CREATE SCHEMA IF NOT EXISTS \"Flink Logs\"",
                "CREATE TABLE app.events (id bigint, payload text)");
        FlinkJobs.FailOnceAfterCheckpoint.FAILED.set(false);
        StreamExecutionEnvironment env = FlinkJobs.environment(100);
        env.fromSource(FlinkJobs.ids(ROWS, 3_000), WatermarkStrategy.noWatermarks(), "ids")
                .map(new FlinkJobs.FailOnceAfterCheckpoint(ROWS / 3))
                .map(id -> (RowData) GenericRowData.of(id, StringData.fromString("p" + id))).returns(FlinkJobs.eventType())
                .sinkTo(PgCopySink.<RowData>builder().url(db.url()).table("app.events")
                        .rowConverter(RowConverter.rowData(FlinkJobs.EVENT)).deliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                        .commitLogTable(LOG).build());
        env.execute("pgcopy placed commit log");

        assertTrue(FlinkJobs.FailOnceAfterCheckpoint.FAILED.get(), "the job failed once");
        assertEquals(ROWS + "/" + ROWS, db.queryString("SELECT count(*) || '/' || count(DISTINCT id) FROM app.events"));
        assertEquals("events", tablesIn(db, "app"), "no commit log next to the target");
        assertTrue(db.queryLong("SELECT count(*) FROM " + LOG) > 0, "the commits are recorded in the placed log");
        assertEquals(0, db.queryLong("SELECT count(*) FROM pg_prepared_xacts WHERE database = current_database()"));
    }

    @Test
    void sqlSinkCommitLogTablePlacesTheLog(TestDatabase db) throws Exception {
        db.execute("CREATE SCHEMA app3", "CREATE SCHEMA IF NOT EXISTS \"Flink Logs\"",
                "CREATE TABLE app3.sql_events (id bigint, payload text)");
        TableEnvironment t = FlinkJobs.sql(StreamTableEnvironment.create(FlinkJobs.environment(150)));
        t.executeSql("CREATE TABLE sink (id BIGINT, payload STRING) WITH ('connector' = 'pgcopy', 'url' = '"
                + db.url() + "', 'table-name' = 'app3.sql_events', 'sink.delivery-guarantee' = 'exactly-once',"
                + " 'sink.commit-log-table' = '\"Flink Logs\".sql_log')");
        t.executeSql("INSERT INTO sink SELECT CAST(id AS BIGINT), 'p' FROM (VALUES (1), (2), (3)) AS v(id)").await();
        assertEquals(3, db.queryLong("SELECT count(*) FROM app3.sql_events"));
        assertTrue(db.queryLong("SELECT count(*) FROM \"Flink Logs\".sql_log") > 0, "commits recorded in the placed log");
        assertEquals("sql_events", tablesIn(db, "app3"));
    }
}
