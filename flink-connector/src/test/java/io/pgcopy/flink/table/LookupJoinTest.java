package io.pgcopy.flink.table;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.pgcopy.flink.sink.FlinkJobs;
import io.pgcopy.testing.PostgresExtension;
import io.pgcopy.testing.TestDatabase;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.api.Schema;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Processing-time lookup joins ({@code JOIN dim FOR SYSTEM_TIME AS OF p.proctime}) against a
 * PostgreSQL table that changes while the job runs, in every cache mode. The probe stream is
 * {@value #PHASE} rows with keys k0..k4, then (after the test has seen all their joined rows, changed
 * the table and, for FULL, waited for a reload) {@value #PHASE} rows with keys k0..k9. The change
 * updates k0..k7 from 'old' to 'new' and inserts k8 and k9.
 */
@ExtendWith(PostgresExtension.class)
class LookupJoinTest {
    private static final int PHASE = 40;
    static volatile CountDownLatch tableChanged;

    /** Probe row {@code id}: key k(id % 5) in the first phase, k(id % 10) in the second; waits for the change. */
    static final class Probe implements MapFunction<Long, Row> {
        @Override
        public Row map(Long id) throws InterruptedException {
            if (id == PHASE && !tableChanged.await(60, TimeUnit.SECONDS)) throw new IllegalStateException("no change");
            return Row.of(id, "k" + (id < PHASE ? id % 5 : id % 10));
        }
    }

    private static void dimension(TestDatabase db, String table) throws Exception {
        db.execute("CREATE TABLE " + table + " (k text PRIMARY KEY, v text, n int)",
                "INSERT INTO " + table + " SELECT 'k' || i, 'old', i FROM generate_series(0, 7) i");
    }

    /**
     * Runs the join, makes the change between the phases (and {@code between}), and returns per
     * phase the joined value per key, e.g. {@code {k0=old, ..., k5=new, k8=null}} when a key had
     * more than one value in a phase, the values joined by '|'.
     */
    private static List<TreeMap<String, String>> join(TestDatabase db, String table, String options, Between between)
            throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        env.disableOperatorChaining(); // the waiting probe must not hold up the join's output
        StreamTableEnvironment t = FlinkJobs.sql(StreamTableEnvironment.create(env));
        DataStream<Row> probe = env.fromSource(new DataGeneratorSource<>(i -> i, 2 * PHASE,
                        RateLimiterStrategy.perSecond(2_000), Types.LONG), WatermarkStrategy.noWatermarks(), "ids")
                .map(new Probe()).returns(Types.ROW_NAMED(new String[] {"id", "k"}, Types.LONG, Types.STRING));
        t.createTemporaryView("probe", t.fromDataStream(probe, Schema.newBuilder().column("id", DataTypes.BIGINT())
                .column("k", DataTypes.STRING()).columnByExpression("proctime", "PROCTIME()").build()));
        t.executeSql("CREATE TABLE dim (k STRING, v STRING, n INT) WITH ('connector' = 'pgcopy', 'url' = '" + db.url()
                + "', 'table-name' = '" + table + "'" + options + ")");
        tableChanged = new CountDownLatch(1);
        List<TreeMap<String, String>> phases = List.of(new TreeMap<>(), new TreeMap<>());
        try (CloseableIterator<Row> rows = t.executeSql("SELECT p.id, p.k, d.v FROM probe AS p LEFT JOIN dim FOR"
                + " SYSTEM_TIME AS OF p.proctime AS d ON d.k = p.k").collect()) {
            for (int seen = 0; rows.hasNext(); seen++) {
                Row r = rows.next();
                long id = (Long) r.getField(0);
                phases.get(id < PHASE ? 0 : 1).merge((String) r.getField(1), String.valueOf(r.getField(2)),
                        (a, b) -> a.equals(b) ? a : a + "|" + b);
                if (seen + 1 == PHASE) {
                    db.execute("UPDATE " + table + " SET v = 'new'",
                            "INSERT INTO " + table + " VALUES ('k8', 'new', 8), ('k9', 'new', 9)");
                    between.run();
                    tableChanged.countDown();
                }
            }
        }
        return phases;
    }

    interface Between {
        void run() throws Exception;
    }

    private static TreeMap<String, String> values(String first5, String k5to7, String k8to9) {
        TreeMap<String, String> m = new TreeMap<>();
        for (int i = 0; i < 10; i++) m.put("k" + i, i < 5 ? first5 : i < 8 ? k5to7 : k8to9);
        return m;
    }

    private static TreeMap<String, String> phaseOne() {
        TreeMap<String, String> m = values("old", null, null);
        m.keySet().removeIf(k -> k.compareTo("k5") >= 0);
        return m;
    }

    @Test
    void noCacheSeesEveryChangeAndSurvivesAKilledConnection(TestDatabase db) throws Exception {
        dimension(db, "dim_none");
        var phases = join(db, "dim_none", ", 'lookup.max-retries' = '2'", () -> assertEquals(1, db.queryLong(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = current_database()"
                        + " AND query LIKE 'SELECT %dim_none%' AND pid <> pg_backend_pid()")));
        assertEquals(List.of(phaseOne(), values("new", "new", "new")), phases);
    }

    @Test
    void asyncNoCacheSeesEveryChange(TestDatabase db) throws Exception {
        dimension(db, "dim_async");
        var phases = join(db, "dim_async", ", 'lookup.async' = 'true', 'lookup.async.pool-size' = '3'", () -> {});
        assertEquals(List.of(phaseOne(), values("new", "new", "new")), phases);
    }

    /** Keys looked up before the change stay cached (also a key found missing); the others are read anew. */
    @Test
    void partialCacheKeepsWhatItLookedUp(TestDatabase db) throws Exception {
        String cache = ", 'lookup.cache' = 'PARTIAL', 'lookup.partial-cache.max-rows' = '100',"
                + " 'lookup.partial-cache.expire-after-write' = '1 h'";
        dimension(db, "dim_partial");
        assertEquals(List.of(phaseOne(), values("old", "new", "new")), join(db, "dim_partial", cache, () -> {}));
        dimension(db, "dim_partial_async");
        assertEquals(List.of(phaseOne(), values("old", "new", "new")),
                join(db, "dim_partial_async", cache + ", 'lookup.async' = 'true'", () -> {}));
    }

    @Test
    void fullCacheLoadsByCopyAndReloadsNewRows(TestDatabase db) throws Exception {
        dimension(db, "dim_full");
        var phases = join(db, "dim_full", ", 'lookup.cache' = 'FULL', 'lookup.full-cache.reload-strategy' = 'PERIODIC',"
                + " 'lookup.full-cache.periodic-reload.interval' = '300 ms'", () -> Thread.sleep(2_000));
        assertEquals(List.of(phaseOne(), values("new", "new", "new")), phases);
    }

    private static final String A = "0b9c6a34-8f2e-4b7e-9a51-5d2c3f7e1a00";
    private static final String B = "f47ac10b-58cc-4372-a567-0e02b2c3d479";

    /** Probe rows of a composite key: name, uuid, day and amount as text. */
    private static Row probeKey(long id) {
        return switch ((int) id) {
            case 0 -> Row.of(id, "alice", A, "2024-02-29", "10.50");
            case 1 -> Row.of(id, "alice", A, "2024-02-29", "10.5");
            case 2 -> Row.of(id, "alice", B, "2024-02-29", "10.50");
            default -> Row.of(id, "Bob 'quoted'", B, "1999-12-31", "-0.01");
        };
    }

    /** Joins the four probe rows on (text, uuid, date, numeric): "id=value" per probe row, in id order. */
    private static List<String> compositeJoin(TestDatabase db, String options) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        StreamTableEnvironment t = FlinkJobs.sql(StreamTableEnvironment.create(env));
        DataStream<Row> probe = env.fromSource(new DataGeneratorSource<>(i -> i, 4, RateLimiterStrategy.perSecond(100),
                        Types.LONG), WatermarkStrategy.noWatermarks(), "ids").map(LookupJoinTest::probeKey)
                .returns(Types.ROW_NAMED(new String[] {"id", "name", "uid", "day", "amount"}, Types.LONG, Types.STRING,
                        Types.STRING, Types.STRING, Types.STRING));
        t.createTemporaryView("probe", t.fromDataStream(probe, Schema.newBuilder().column("id", DataTypes.BIGINT())
                .column("name", DataTypes.STRING()).column("uid", DataTypes.STRING()).column("day", DataTypes.STRING())
                .column("amount", DataTypes.STRING()).columnByExpression("proctime", "PROCTIME()").build()));
        t.executeSql("CREATE TABLE dim (name STRING, uid STRING, `day` DATE, amount DECIMAL(10, 2), v STRING) WITH"
                + " ('connector' = 'pgcopy', 'url' = '" + db.url() + "', 'table-name' = 'public.\"Multi Key\"'"
                + options + ")");
        return firstTwoFields(t, "SELECT p.id, d.v FROM probe AS p LEFT JOIN dim FOR SYSTEM_TIME"
                + " AS OF p.proctime AS d ON d.name = p.name AND d.uid = p.uid AND d.`day` = CAST(p.`day` AS DATE)"
                + " AND d.amount = CAST(p.amount AS DECIMAL(10, 2))");
    }

    /** Also on every Flink line (compat): the lookup function and the FULL cache's loader on each line's API. */
    @Test
    @Tag("compat")
    void compositeTextUuidDateNumericKeys(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE \"Multi Key\" (name text, uid uuid, day date, amount numeric(10,2), v text,"
                + " PRIMARY KEY (name, uid, day, amount))", "INSERT INTO \"Multi Key\" VALUES"
                + " ('alice', '" + A + "', '2024-02-29', 10.50, 'a'), ('alice', '" + A + "', '2024-03-01', 10.50, 'wrong day'),"
                + " ('Bob ''quoted''', '" + B + "', '1999-12-31', -0.01, 'b')");
        List<String> expected = List.of("0=a", "1=a", "2=null", "3=b");
        assertEquals(expected, compositeJoin(db, ""), "lookups by prepared query");
        assertEquals(expected, compositeJoin(db, ", 'lookup.cache' = 'FULL',"
                + " 'lookup.full-cache.periodic-reload.interval' = '1 h'"), "the FULL cache loaded by COPY");
    }

    /**
     * A filter on the dimension table is pushed into the table source (SupportsFilterPushDown) and
     * Flink then drops it from the join: each key's query and the FULL cache's COPY must apply it.
     */
    @Test
    void filterOnTheDimensionTableHoldsInLookups(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE dim_filtered (k text PRIMARY KEY, country text, n int)",
                "INSERT INTO dim_filtered VALUES ('k0', 'DE', 1), ('k1', 'FR', 1), ('k2', 'DE', 0), ('k3', 'IT', 1)");
        List<String> expected = List.of("k0=DE");
        assertEquals(expected, filteredJoin(db, ""), "lookups by prepared query");
        assertEquals(expected, filteredJoin(db, ", 'lookup.cache' = 'FULL',"
                + " 'lookup.full-cache.periodic-reload.interval' = '1 h'"), "the FULL cache loaded by COPY");
    }

    /** Probes k0..k3 against dim_filtered WHERE country = 'DE' AND n > 0: "key=country" per joined row, sorted. */
    private static List<String> filteredJoin(TestDatabase db, String options) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        StreamTableEnvironment t = FlinkJobs.sql(StreamTableEnvironment.create(env));
        DataStream<Row> probe = env.fromSource(new DataGeneratorSource<>(i -> "k" + i, 4,
                        RateLimiterStrategy.perSecond(100), Types.STRING), WatermarkStrategy.noWatermarks(), "keys")
                .map(Row::of).returns(Types.ROW_NAMED(new String[] {"k"}, Types.STRING));
        t.createTemporaryView("probe", t.fromDataStream(probe, Schema.newBuilder().column("k", DataTypes.STRING())
                .columnByExpression("proctime", "PROCTIME()").build()));
        t.executeSql("CREATE TABLE dim (k STRING, country STRING, n INT) WITH ('connector' = 'pgcopy', 'url' = '" + db.url()
                + "', 'table-name' = 'dim_filtered'" + options + ")");
        return firstTwoFields(t, "SELECT p.k, d.country FROM probe AS p JOIN dim FOR SYSTEM_TIME"
                + " AS OF p.proctime AS d ON d.k = p.k WHERE d.country = 'DE' AND d.n > 0");
    }

    /** Runs a bounded query: "field0=field1" per row, sorted. */
    private static List<String> firstTwoFields(StreamTableEnvironment t, String query) throws Exception {
        List<String> joined = new ArrayList<>();
        try (CloseableIterator<Row> rows = t.executeSql(query).collect()) {
            while (rows.hasNext()) {
                Row r = rows.next();
                joined.add(r.getField(0) + "=" + r.getField(1));
            }
        }
        joined.sort(null);
        return joined;
    }
}
