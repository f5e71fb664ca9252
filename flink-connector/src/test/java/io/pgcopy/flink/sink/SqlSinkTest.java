package io.pgcopy.flink.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgcopy.testing.PostgresExtension;
import io.pgcopy.testing.TestDatabase;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.api.TableResult;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.types.Row;
import org.apache.flink.types.RowKind;
import org.apache.flink.util.ExceptionUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.Tag;

/** Flink SQL: CREATE TABLE ... WITH ('connector' = 'pgcopy') and INSERT INTO, option validation. */
@Tag("compat")
@ExtendWith(PostgresExtension.class)
class SqlSinkTest {
    private static TableEnvironment tableEnv() {
        return FlinkJobs.sql(StreamTableEnvironment.create(FlinkJobs.environment(150)));
    }

    private static String with(TestDatabase db, String table, String... extra) {
        StringBuilder sb = new StringBuilder(" WITH ('connector' = 'pgcopy', 'url' = '" + db.url() + "', 'table-name' = '"
                + table.replace("'", "''") + "'");
        for (String e : extra) sb.append(", ").append(e);
        return sb.append(")").toString();
    }

    @Test
    @Tag("pg-versions")
    void insertsIntoAMixedCaseKeywordTableExactlyOnce(TestDatabase db) throws Exception {
        db.execute("CREATE SCHEMA \"Sales Data\"",
                "CREATE TABLE \"Sales Data\".\"Select\" (\"Id\" bigint PRIMARY KEY, \"Order\" text, amount numeric(12,2))");
        TableEnvironment t = tableEnv();
        t.executeSql("CREATE TABLE sel (`Id` BIGINT, `Order` STRING, amount DECIMAL(12, 2))"
                + with(db, "\"Sales Data\".\"Select\"", "'sink.delivery-guarantee' = 'exactly-once'",
                        "'sink.parallelism' = '2'"));
        t.executeSql("INSERT INTO sel VALUES (1, 'first', 19.99), (2, 'second', 0.5), (3, CAST(NULL AS STRING), 7)")
                .await();
        assertEquals(List.of(List.of("1", "first", "19.99"), List.of("2", "second", "0.50"), Arrays.asList("3", null, "7.00")),
                db.queryText("SELECT * FROM \"Sales Data\".\"Select\" ORDER BY 1"));
        assertEquals(0, db.queryLong("SELECT count(*) FROM pg_prepared_xacts WHERE database = current_database()"));
    }

    @Test
    void anAggregationUpsertsByPrimaryKey(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE counts (word text PRIMARY KEY, n bigint NOT NULL)",
                "INSERT INTO counts VALUES ('a', 100), ('zzz', 1)");
        TableEnvironment t = tableEnv();
        t.executeSql("CREATE TABLE counts (word STRING, n BIGINT, PRIMARY KEY (word) NOT ENFORCED)"
                + with(db, "counts", "'sink.buffer-flush.max-rows' = '2'"));
        t.executeSql("INSERT INTO counts SELECT w, COUNT(*) FROM (VALUES ('a'), ('b'), ('a'), ('c'), ('a'), ('b'))"
                + " AS v(w) GROUP BY w").await();
        assertEquals(List.of(List.of("a", "3"), List.of("b", "2"), List.of("c", "1"), List.of("zzz", "1")),
                db.queryText("SELECT * FROM counts ORDER BY 1"));
    }

    @Test
    void thePasswordStaysOutOfThePlan(TestDatabase db) {
        TableEnvironment t = tableEnv();
        t.executeSql("CREATE TABLE secret (i INT)" + with(db, "x", "'username' = 'u'", "'password' = 'hunter2'"));
        String plan = t.explainSql("INSERT INTO secret VALUES (1)");
        assertFalse(plan.contains("hunter2"), plan);
    }

    @Test
    void pgjdbcPropertiesAndTheLockTimeoutReachEverySession(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE locked (id bigint PRIMARY KEY, payload text)");
        TableEnvironment t = FlinkJobs.sql(StreamTableEnvironment.create(FlinkJobs.environment(150, false)));
        t.executeSql("CREATE TABLE locked (id BIGINT, payload STRING, PRIMARY KEY (id) NOT ENFORCED)" + with(db, "locked",
                "'properties.ApplicationName' = 'sql_props_test'", "'properties.tcpKeepAlive' = 'true'",
                "'sink.lock-timeout' = '700ms'"));
        try (Connection holder = db.connect(); Statement s = holder.createStatement()) {
            holder.setAutoCommit(false);
            s.execute("LOCK TABLE locked IN ACCESS EXCLUSIVE MODE");
            TableResult result = t.executeSql("INSERT INTO locked VALUES (1, 'a'), (2, 'b')");
            // the property named the session that waits for the lock
            long deadline = System.currentTimeMillis() + 30_000;
            while (db.queryLong("SELECT count(*) FROM pg_stat_activity WHERE application_name = 'sql_props_test'"
                    + " AND wait_event_type = 'Lock'") == 0) {
                assertTrue(System.currentTimeMillis() < deadline, "no sql_props_test session waited for the lock");
                Thread.sleep(20);
            }
            Exception e = assertThrows(Exception.class, () -> result.await(60, TimeUnit.SECONDS));
            String text = ExceptionUtils.stringifyException(e);
            assertTrue(text.contains("lock timeout") && text.contains("locked that conflicts") && text.contains("lockTimeout"),
                    text);
        }
        assertEquals(0, db.queryLong("SELECT count(*) FROM locked"));
    }

    @Test
    void aMistypedOptionIsStillRefusedBesidePgjdbcProperties(TestDatabase db) {
        TableEnvironment t = tableEnv();
        t.executeSql("CREATE TABLE typo (i INT)" + with(db, "x", "'properties.sslmode' = 'disable'",
                "'sink.lock-timout' = '1s'"));
        Exception e = assertThrows(Exception.class, () -> t.explainSql("INSERT INTO typo VALUES (1)"));
        String text = ExceptionUtils.stringifyException(e);
        int unsupported = text.indexOf("Unsupported options:");
        String refused = text.substring(unsupported, text.indexOf("Supported options:", unsupported));
        assertTrue(refused.contains("sink.lock-timout") && !refused.contains("properties.sslmode"), text);
    }

    @Test
    void naturalFlinkTypesArriveExactly(TestDatabase db) throws Exception {
        db.execute("CREATE TYPE mood AS ENUM ('sad', 'happy')",
                "CREATE TABLE typed (id int PRIMARY KEY, d numeric(15,2), big numeric, ts timestamp, tsl timestamptz,"
                        + " arr int[], m jsonb, r json, b bytea, u uuid, j jsonb, e mood, ip inet, dt date, tm time)");
        TableEnvironment t = tableEnv();
        t.executeSql("CREATE TABLE typed (id INT, d DECIMAL(15, 2), big DECIMAL(38, 10), ts TIMESTAMP(6),"
                + " tsl TIMESTAMP_LTZ(3), arr ARRAY<INT>, m MAP<STRING, INT>, r ROW<a INT, b STRING>, b BYTES,"
                + " u STRING, j STRING, e STRING, ip STRING, dt DATE, tm TIME(3))" + with(db, "typed"));
        t.executeSql("INSERT INTO typed SELECT 1, CAST(12.34 AS DECIMAL(15, 2)),"
                + " CAST('12345678901234567890.0123456789' AS DECIMAL(38, 10)), TIMESTAMP '2024-02-29 12:34:56.123456',"
                + " TO_TIMESTAMP_LTZ(1700000000123, 3), ARRAY[1, CAST(NULL AS INT), 3], MAP['k', 1], ROW(7, 'x'),"
                + " X'DEADBEEF', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', '{\"a\": [1, 2]}', 'happy', '192.168.0.1/24',"
                + " DATE '2024-01-02', TIME '13:14:15.123'").await();
        assertEquals(List.of(List.of("12.34", "12345678901234567890.0123456789", "2024-02-29 12:34:56.123456",
                "2023-11-14 22:13:20.123", "{1,NULL,3}", "{\"k\": 1}", "t", "deadbeef",
                "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11", "{\"a\": [1, 2]}", "happy", "192.168.0.1/24", "2024-01-02",
                "13:14:15.123")),
                db.queryText("SELECT d, big, ts, tsl AT TIME ZONE 'UTC', arr, m, r::jsonb = '{\"a\": 7, \"b\": \"x\"}',"
                        + " encode(b, 'hex'), u, j, e, ip, dt, tm FROM typed"));
    }

    @Test
    @Tag("pg-versions")
    void aChangelogWithDeletesUpsertsExactlyOnce(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE kv (id bigint PRIMARY KEY, payload text)",
                "INSERT INTO kv VALUES (2, 'old'), (5, 'keep')");
        StreamExecutionEnvironment env = FlinkJobs.environment(100);
        StreamTableEnvironment t = FlinkJobs.sql(StreamTableEnvironment.create(env));
        DataStream<Row> changes = env.fromData(
                Row.ofKind(RowKind.INSERT, 1L, "a"), Row.ofKind(RowKind.INSERT, 2L, "b"),
                Row.ofKind(RowKind.UPDATE_BEFORE, 1L, "a"), Row.ofKind(RowKind.UPDATE_AFTER, 1L, "a2"),
                Row.ofKind(RowKind.DELETE, 2L, "b"), Row.ofKind(RowKind.INSERT, 3L, "c"),
                Row.ofKind(RowKind.INSERT, 4L, "d"), Row.ofKind(RowKind.DELETE, 4L, "d"))
                .returns(Types.ROW_NAMED(new String[] {"id", "payload"}, Types.LONG, Types.STRING));
        t.createTemporaryView("changes", t.fromChangelogStream(changes));
        t.executeSql("CREATE TABLE kv (id BIGINT, payload STRING, PRIMARY KEY (id) NOT ENFORCED)"
                + with(db, "kv", "'sink.delivery-guarantee' = 'exactly-once'"));
        t.executeSql("INSERT INTO kv SELECT id, payload FROM changes").await();
        assertEquals(List.of(List.of("1", "a2"), List.of("3", "c"), List.of("5", "keep")),
                db.queryText("SELECT * FROM kv ORDER BY id"));
        assertEquals(0, db.queryLong("SELECT count(*) FROM pg_prepared_xacts WHERE database = current_database()"));
    }
}
