package io.pgcopy.spark.read;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgcopy.spark.SparkPlans;
import io.pgcopy.testing.PostgresExtension;
import io.pgcopy.testing.TestDatabase;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.execution.SparkPlan;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.util.ArrowUtils;
import org.apache.spark.unsafe.types.CalendarInterval;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** spark.read.format("pgcopy") end to end, Spark local[2] against a real PostgreSQL. */
@Tag("compat")
@ExtendWith(PostgresExtension.class)
class SparkReadTest {
    private static SparkSession spark;

    @BeforeAll
    static void start() {
        spark = SparkSession.builder().master("local[2]").appName("pgcopy-read-test")
                .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "2")
                .config("spark.sql.session.timeZone", "UTC").config("spark.sql.datetime.java8API.enabled", "true")
                .getOrCreate();
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    private static Dataset<Row> read(TestDatabase db, String table, String... options) {
        var r = spark.read().format("pgcopy").option("url", db.url());
        if (table != null) r = r.option("dbtable", table);
        for (int k = 0; k < options.length; k += 2) r = r.option(options[k], options[k + 1]);
        return r.load();
    }

    @Test
    @Tag("pg-versions")
    void everyTypeReadsAsPostgresPrintsIt(TestDatabase db) throws Exception {
        db.execute("CREATE EXTENSION IF NOT EXISTS citext",
                "CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy')",
                "CREATE DOMAIN positive AS int CHECK (VALUE > 0)",
                "CREATE TABLE every (id int PRIMARY KEY, b bool, i2 int2, i4 int4, i8 int8, o oid, f4 float4,"
                        + " f8 float8, n numeric(12,3), nu numeric, t text, vc varchar(5), bp char(3), nm name,"
                        + " ci citext, e mood, js json, jb jsonb, x xml, u uuid, ip inet, cd cidr, mac macaddr, by bytea,"
                        + " d date, ts timestamp, tz timestamptz, dom positive, ia int[], ta text[], m2 int[][],"
                        + " pt point)",
                "INSERT INTO every VALUES (1, true, -32768, -2147483648, -9223372036854775808, 4294967295,"
                        + " 'NaN', '-Infinity', -123456789.123, 0.000000000000000001, 'ünï ''q''', 'abcde', 'ab',"
                        + " 'name', 'CaSe', 'happy', '{\"a\": [1, 2.50]}', '{\"b\": 1, \"a\": null}', '<x>1</x>',"
                        + " 'A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11', '192.168.1.5', '10.0.0.0/8', '08:00:2b:01:02:03',"
                        + " '\\x00ff10', '0044-03-15 BC', '1999-12-31 23:59:59.999999', '2024-02-29 12:00:00.5+03',"
                        + " 7, '{1,NULL,3}', '{a,b c,\"\"}', '{{1,2},{3,4}}', '(1.5,2)'),"
                        + " (2, false, 32767, 2147483647, 9223372036854775807, 0, 1.5, 1e300, 0, -1e19,"
                        + " '', 'x', 'abc', '', '', 'sad', '[]', '[]', '', '00000000-0000-0000-0000-000000000000',"
                        + " '::1', '2001:db8::/32', 'ff:ff:ff:ff:ff:ff', '\\x', '4713-01-01 BC', '0001-01-01 00:00',"
                        + " '1970-01-01 00:00+00', 1, '{}', '{}', '{}', '(0,0)'),"
                        + " (3, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,"
                        + " NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,"
                        + " NULL, NULL)");
        Dataset<Row> df = read(db, "every");
        StructType s = df.schema();
        assertEquals(DataTypes.ShortType, s.apply("i2").dataType());
        assertEquals(DataTypes.LongType, s.apply("o").dataType());
        assertEquals(new DecimalType(12, 3), s.apply("n").dataType());
        assertEquals(new DecimalType(38, 18), s.apply("nu").dataType());
        assertEquals(DataTypes.TimestampNTZType, s.apply("ts").dataType());
        assertEquals(DataTypes.TimestampType, s.apply("tz").dataType());
        assertEquals(DataTypes.createArrayType(DataTypes.createArrayType(DataTypes.IntegerType), false),
                s.apply("m2").dataType(), "sub-arrays of a multi-dimensional array are never NULL");
        assertEquals(DataTypes.StringType, s.apply("pt").dataType(), "unknown types read as text");
        assertFalse(s.apply("id").nullable());

        List<Row> rows = df.orderBy("id").collectAsList();
        List<String> columns = List.of(s.fieldNames());
        List<List<String>> expected = db.queryText("SELECT " + String.join(", ", columns.stream()
                .map(SparkReadTest::postgresText).toList()) + " FROM every ORDER BY id");
        assertEquals(3, rows.size());
        for (int r = 0; r < rows.size(); r++) {
            for (int c = 0; c < columns.size(); c++) {
                String column = columns.get(c);
                assertEquals(normalized(column, expected.get(r).get(c)), normalized(column, sparkText(rows.get(r).get(c))),
                        column + " of row " + (r + 1));
            }
        }
    }

    /** The SQL printing a column the way {@link #sparkText} prints what Spark read. */
    private static String postgresText(String column) {
        return "CASE WHEN " + column + " IS NOT NULL THEN " + switch (column) {
            case "b" -> "b::text";
            case "f4", "f8" -> column + "::float8::text";
            case "ts" -> "(extract(epoch FROM ts) * 1000000)::int8::text";
            case "tz" -> "(extract(epoch FROM tz) * 1000000)::int8::text";
            case "d" -> "(d - DATE '1970-01-01')::text";
            case "pt" -> "pt::text";
            default -> "format('%s', " + column + ")";
        } + " END";
    }

    /** Floats as Java prints them, unconstrained numerics without trailing zeros. */
    private static String normalized(String column, String text) {
        if (text == null) return null;
        return switch (column) {
            case "f4", "f8" -> Double.toString(Double.parseDouble(text));
            case "nu" -> new BigDecimal(text).stripTrailingZeros().toPlainString();
            default -> text;
        };
    }

    private static String sparkText(Object v) {
        if (v == null) return null;
        if (v instanceof Float f) return Double.toString(f.doubleValue());
        if (v instanceof BigDecimal d) return d.toPlainString();
        if (v instanceof byte[] b) return "\\x" + HexFormat.of().formatHex(b);
        if (v instanceof LocalDate d) return Long.toString(d.toEpochDay());
        if (v instanceof Instant i) return Long.toString(micros(i));
        if (v instanceof LocalDateTime t) return Long.toString(micros(t.toInstant(ZoneOffset.UTC)));
        if (v instanceof scala.collection.Seq<?> seq) {
            List<String> items = new ArrayList<>();
            // Iterator: the one view of a Seq whose methods Scala 2.12 and 2.13 share
            for (scala.collection.Iterator<?> it = seq.iterator(); it.hasNext(); ) items.add(element(it.next()));
            return "{" + String.join(",", items) + "}";
        }
        return v.toString();
    }

    private static long micros(Instant i) {
        return i.getEpochSecond() * 1_000_000L + i.getNano() / 1000;
    }

    private static String element(Object e) {
        if (e == null) return "NULL";
        String text = sparkText(e);
        if (e instanceof String && (text.isEmpty() || text.matches(".*[\\s,{}\"\\\\].*"))) {
            return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
        }
        return text;
    }

    @Test
    @Tag("pg-versions")
    void timesReadAsTextAndIntervalsAsCalendarIntervals(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE clock (tm time, tt timetz, iv interval, tms time[])",
                "INSERT INTO clock VALUES ('12:34:56.789', '01:02:03+05:30', '1 year 2 mons 3 days 04:05:06.5',"
                        + " '{12:00,NULL}')");
        Dataset<Row> df = read(db, "clock");
        Row row = df.collectAsList().get(0);
        assertEquals(DataTypes.StringType, df.schema().apply("tt").dataType());
        assertEquals("01:02:03+05:30", row.getAs("tt"));
        assertEquals(DataTypes.StringType, df.schema().apply("tm").dataType(), "Spark 4.1 reads no Arrow time");
        assertEquals("12:34:56.789", row.getAs("tm"));
        assertEquals("{12:00:00,NULL}", sparkText(row.getAs("tms")));
        if (spark.version().startsWith("3.")) {
            // Spark 3.5 reads no Arrow month-day-nano interval: interval is read as PostgreSQL prints it
            assertEquals(DataTypes.StringType, df.schema().apply("iv").dataType());
            assertEquals("1 year 2 mons 3 days 04:05:06.5", row.getAs("iv"));
        } else {
            assertEquals(new CalendarInterval(14, 3, (4 * 3600 + 5 * 60 + 6) * 1_000_000L + 500_000), row.getAs("iv"));
        }
    }

    /** count, sum of ids and a checksum of every column, computed by Spark over what it read. */
    private static String sparkChecksum(Dataset<Row> df) {
        Row r = df.selectExpr("count(*)", "sum(id)", "sum(crc32(concat_ws('|', *)))").first();
        return r.get(0) + "/" + r.get(1) + "/" + r.get(2);
    }

    @Test
    @Tag("pg-versions")
    void ctidSplitsReadEveryLiveRowOnceAfterUpdatesAndDeletes(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE churn (id bigint, v text)",
                "INSERT INTO churn SELECT g, repeat('x', g % 300) FROM generate_series(1, 40000) g",
                "UPDATE churn SET v = v || 'u' WHERE id % 7 = 0", "DELETE FROM churn WHERE id % 11 = 0");
        String expected = db.queryString("SELECT count(*) || '/' || sum(id) FROM churn");
        Dataset<Row> df = read(db, "churn", "numPartitions", "5");
        // page ranges need TID range scans (PostgreSQL 14+); older servers read a table as one split
        assertEquals(db.serverVersionNum() >= 140000 ? 5 : 1, df.rdd().getNumPartitions());
        Dataset<Row> whole = read(db, "churn", "numPartitions", "1");
        assertEquals(1, whole.rdd().getNumPartitions());
        assertTrue(sparkChecksum(df).startsWith(expected + "/"), sparkChecksum(df) + " vs " + expected);
        assertEquals(sparkChecksum(whole), sparkChecksum(df));
        assertEquals(0, df.groupBy("id").count().filter("count > 1").count(), "no row read twice");
    }

    @Test
    void columnSplitsKeepNullsSkewAndRowsOutsideTheBounds(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE skewed (id bigint, k int, d date)",
                "INSERT INTO skewed SELECT g, CASE WHEN g % 10 = 0 THEN NULL WHEN g < 9000 THEN g % 5 ELSE g END,"
                        + " DATE '2020-01-01' + g % 1000 FROM generate_series(1, 10000) g");
        String expected = db.queryString("SELECT count(*) || '/' || sum(id) FROM skewed");
        for (String[] options : List.of(new String[] {"partitionColumn", "k", "numPartitions", "4"},
                new String[] {"partitionColumn", "k", "numPartitions", "3", "lowerBound", "2", "upperBound", "4"},
                new String[] {"partitionColumn", "d", "numPartitions", "6", "lowerBound", "2020-06-01"})) {
            Dataset<Row> df = read(db, "skewed", options);
            assertTrue(sparkChecksum(df).startsWith(expected + "/"), List.of(options) + ": " + sparkChecksum(df));
        }
        db.execute("CREATE TABLE nothing (id bigint, k int)");
        assertEquals("0/null/null", sparkChecksum(read(db, "nothing", "partitionColumn", "k", "numPartitions", "3")));
        assertEquals("0/null/null", sparkChecksum(read(db, "nothing")));
    }

    @Test
    @Tag("pg-versions")
    void partitionedTablesAndQueriesAreReadWhole(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE parted (id bigint, region text) PARTITION BY LIST (region)",
                "CREATE TABLE parted_eu PARTITION OF parted FOR VALUES IN ('eu')",
                "CREATE TABLE parted_us PARTITION OF parted FOR VALUES IN ('us')",
                "CREATE TABLE parted_other PARTITION OF parted DEFAULT",
                "INSERT INTO parted SELECT g, (ARRAY['eu', 'us', 'ap'])[g % 3 + 1] FROM generate_series(1, 30000) g");
        String expected = db.queryString("SELECT count(*) || '/' || sum(id) FROM parted");
        Dataset<Row> df = read(db, "parted", "numPartitions", "6");
        assertTrue(df.rdd().getNumPartitions() >= 3, "split per leaf");
        assertTrue(sparkChecksum(df).startsWith(expected + "/"), sparkChecksum(df));
        Dataset<Row> query = read(db, null, "query", "SELECT id, region FROM parted WHERE id <= 100");
        assertEquals(1, query.rdd().getNumPartitions());
        assertEquals("100/5050", sparkChecksum(query).substring(0, 8));
        Dataset<Row> splitQuery = read(db, null, "query", "SELECT id, region FROM parted", "partitionColumn", "id",
                "numPartitions", "4");
        assertEquals(4, splitQuery.rdd().getNumPartitions());
        assertTrue(sparkChecksum(splitQuery).startsWith(expected + "/"));
    }

    @Test
    void pushedFiltersReturnExactlyWhatSparkComputes(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE words (id int, w text, n numeric(6,2), d date, tz timestamptz, ci citext)",
                "INSERT INTO words VALUES (1, '50%_off', 1.5, '2024-01-01', '2024-01-01 00:00+00', 'A'),"
                        + " (2, 'it''s', -2, '2024-02-29', '2024-02-29 12:00+00', 'a'), (3, 'back\\slash', 0,"
                        + " NULL, NULL, NULL), (4, 'B', 10, '1999-01-01', '1999-01-01 00:00+00', 'b'),"
                        + " (5, 'a_b', NULL, '2024-01-01', '2024-01-01 00:00:00.000001+00', 'B'),"
                        + " (6, NULL, 3, '2024-03-01', '2024-03-01 00:00+00', 'ab'), (7, '50x_off', 4, NULL, NULL, 'x')");
        Dataset<Row> pg = read(db, "words");
        Dataset<Row> local = spark.createDataFrame(pg.collectAsList(), pg.schema());
        List<String> filters = List.of("w LIKE '50\\%\\_%'", "w = 'it''s'", "w LIKE '%\\\\%'", "w < 'a'",
                "w >= 'B' AND id > 2", "w IN ('B', 'a_b', 'zz')", "w IS NULL OR n > 3", "NOT (w LIKE '%_off')",
                "w LIKE '%\\_b'", "startswith(w, '50%')", "endswith(w, '_off')", "contains(w, '%')",
                "n = 1.50", "n <=> NULL", "d = DATE '2024-02-29'", "d < DATE '2024-01-02'",
                "tz > TIMESTAMP '2024-01-01 00:00:00'", "tz IN (TIMESTAMP '1999-01-01 00:00:00')",
                "ci = 'a'", "ci < 'b'");
        for (String f : filters) {
            List<Row> pushed = sorted(pg.filter(f).collectAsList());
            assertEquals(sorted(local.filter(f).collectAsList()), pushed, f);
        }
        String plan = pg.filter("w < 'a' AND ci = 'a'").queryExecution().executedPlan().toString();
        assertTrue(plan.contains("WHERE \"w\" IS NOT NULL AND \"w\" COLLATE \"C\" < 'a'"), plan);
        assertFalse(plan.contains("\"ci\" ="), "citext compares case-insensitively in PostgreSQL: " + plan);
    }

    private static List<Row> sorted(List<Row> rows) {
        List<Row> copy = new ArrayList<>(rows);
        copy.sort(Comparator.comparing(r -> r.getInt(0)));
        return copy;
    }

    @Test
    @Tag("pg-versions")
    void prunedColumnsLimitAndCountPushDown(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE wide (id int, a text, b text)",
                "INSERT INTO wide SELECT g, 'a' || g, 'b' || g FROM generate_series(1, 1000) g");
        Dataset<Row> df = read(db, "wide", "numPartitions", "2", "password", "s3cret-pw");
        String plan = df.select("b").limit(5).queryExecution().executedPlan().toString();
        assertTrue(plan.contains("SELECT \"b\" FROM \"public\".\"wide\"") && plan.contains("LIMIT 5"), plan);
        assertEquals(5, df.select("b").limit(5).collectAsList().size());
        assertEquals(1000, df.count());
        assertEquals(500, df.filter("id > 500").count());
        String explain = df.filter("id > 500").queryExecution().explainString(
                org.apache.spark.sql.execution.ExtendedMode$.MODULE$);
        assertFalse(explain.contains("s3cret-pw"), explain);
        SparkPlan executed = SparkPlans.executed(spark, () -> df.filter("id <= 700").collectAsList());
        SparkPlan scan = SparkPlans.nodeWithMetric(executed, "rowsRead");
        assertEquals(700, scan.metrics().apply("rowsRead").value(), scan.metrics().toString());
        assertTrue(scan.metrics().apply("bytesReceived").value() > 700 * 10, scan.metrics().toString());
    }

    /** Spark local mode runs tasks in this JVM: the test's UDF coordinates them through this latch. */
    private static volatile java.util.concurrent.CountDownLatch LATE_ROWS_INSERTED;

    @Test
    @Tag("pg-versions")
    void aConsistentSnapshotHidesRowsInsertedDuringTheScan(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE moving (id bigint, pad text)",
                "INSERT INTO moving SELECT g, repeat('p', 200) FROM generate_series(1, 30000) g");
        String url = db.url();
        spark.udf().register("insertOnce", (org.apache.spark.sql.api.java.UDF1<Long, Long>) id -> {
            if (id == 1) {
                try (var c = java.sql.DriverManager.getConnection(url); var s = c.createStatement()) {
                    s.execute("INSERT INTO moving SELECT g, 'late' FROM generate_series(100001, 100100) g");
                }
                LATE_ROWS_INSERTED.countDown();
            } else if (!LATE_ROWS_INSERTED.await(60, java.util.concurrent.TimeUnit.SECONDS)) {
                throw new IllegalStateException("the late rows were never inserted");
            }
            return id;
        }, DataTypes.LongType);
        // 3 splits on 2 cores: the first holds id 1 and inserts the late rows; the second waits for them
        // to be committed before it ends, so the third COPY can only start after they are there. Page
        // ranges before PostgreSQL 14 are one split: there the splits are ranges of id (the late rows'
        // ids are above them all, so the last split holds them)
        List<String> splits = db.serverVersionNum() >= 140000 ? List.of("numPartitions", "3")
                : List.of("numPartitions", "3", "partitionColumn", "id");
        for (String snapshot : List.of("none", "consistent")) {
            LATE_ROWS_INSERTED = new java.util.concurrent.CountDownLatch(1);
            db.execute("DELETE FROM moving WHERE id > 100000");
            List<String> options = new ArrayList<>(splits);
            options.addAll(List.of("snapshot", snapshot));
            long rows = read(db, "moving", options.toArray(String[]::new))
                    .selectExpr("insertOnce(id) AS id").filter("id > 100000").count();
            assertEquals(snapshot.equals("none") ? 100 : 0, rows, snapshot);
        }
        long deadline = System.currentTimeMillis() + 10_000;
        while (ScanSnapshots.held() > 0 && System.currentTimeMillis() < deadline) Thread.sleep(20);
        assertEquals(0, ScanSnapshots.held(), "snapshot released when the query ended");
        assertEquals(0, db.queryLong("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                + " AND state LIKE 'idle in transaction%'"));
    }

    @Test
    void customSchemaIsHonouredAndChecked(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE typed (id int, price numeric(10,2), u uuid)",
                "INSERT INTO typed VALUES (1, 2.50, 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11')");
        Dataset<Row> df = read(db, "typed", "customSchema", "ID long, price DECIMAL(38, 0)");
        assertEquals(DataTypes.LongType, df.schema().apply("id").dataType());
        assertEquals(new DecimalType(38, 0), df.schema().apply("price").dataType());
        Row r = df.first();
        assertEquals(1L, r.getLong(0));
        assertEquals(new BigDecimal("3"), r.getDecimal(1)); // PostgreSQL rounds half away from zero
        Exception noCast = assertThrows(Exception.class, () -> read(db, "typed", "customSchema", "u int"));
        assertTrue(messages(noCast).contains("cannot read table public.typed with the types"), messages(noCast));
        Exception noColumn = assertThrows(Exception.class, () -> read(db, "typed", "customSchema", "nope int"));
        assertTrue(messages(noColumn).contains("\"nope\""), messages(noColumn));
    }

    @Test
    void badInputFailsBeforeAnyTaskRuns(TestDatabase db) throws Exception {
        Map<String, String[]> cases = new TreeMap<>(Map.of(
                "table missing does not exist", new String[] {"dbtable", "missing"},
                "syntax error", new String[] {"query", "SELEC 1"},
                "option \"batchSize\"", new String[] {"dbtable", "pg_class", "batchSize", "0"},
                "option \"snapshot\"", new String[] {"dbtable", "pg_class", "snapshot", "sometimes"},
                "has no column \"nope\"", new String[] {"dbtable", "pg_class", "partitionColumn", "nope"},
                "must be an integer, date or timestamp column",
                        new String[] {"dbtable", "pg_class", "partitionColumn", "relname"}));
        for (Map.Entry<String, String[]> e : cases.entrySet()) {
            var jobs = spark.sparkContext().statusTracker().getJobIdsForGroup(null).length;
            Exception error = assertThrows(Exception.class, () -> read(db, null, e.getValue()).count(), e.getKey());
            assertTrue(messages(error).contains(e.getKey()), messages(error));
            assertEquals(jobs, spark.sparkContext().statusTracker().getJobIdsForGroup(null).length, "no job ran");
        }
    }

    @Test
    void batchesAreBoundedWhateverTheTableSize(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE small (id bigint, v text)", "CREATE TABLE large (id bigint, v text)",
                "INSERT INTO small SELECT g, md5(g::text) FROM generate_series(1, 20000) g",
                "INSERT INTO large SELECT g, md5(g::text) FROM generate_series(1, 200000) g");
        var root = ArrowUtils.rootAllocator();
        // sums make Spark consume every column of every batch (and free what it may after each one)
        String sums = "count(*) || '/' || sum(id) || '/' || sum(length(v))";
        assertEquals(db.queryString("SELECT " + sums + " FROM small"), sparkSums(read(db, "small", "numPartitions",
                "1", "batchSize", "4096")));
        long small = root.getPeakMemoryAllocation();
        assertEquals(db.queryString("SELECT " + sums + " FROM large"), sparkSums(read(db, "large", "numPartitions",
                "1", "batchSize", "4096")));
        assertTrue(root.getPeakMemoryAllocation() < 2 * small, small + " then " + root.getPeakMemoryAllocation());
        assertEquals(0, root.getAllocatedMemory(), "every batch released");
    }

    private static String sparkSums(Dataset<Row> df) {
        Row r = df.selectExpr("count(*)", "sum(id)", "sum(length(v))").first();
        return r.get(0) + "/" + r.get(1) + "/" + r.get(2);
    }

    @Test
    void aTableCopiedAcrossDatabasesInOneJobIsEqual(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE source (id bigint PRIMARY KEY, name text, amount numeric(12,2), at timestamptz,"
                        + " tags text[])",
                "INSERT INTO source SELECT g, 'n' || g, g / 3.0, TIMESTAMPTZ '2024-01-01 00:00+00' + g * interval '1s',"
                        + " ARRAY['t' || g % 5] FROM generate_series(1, 20000) g");
        try (TestDatabase other = TestDatabase.create("copy_target")) {
            read(db, "source", "numPartitions", "3").write().format("pgcopy").option("url", other.url())
                    .option("dbtable", "target").mode(SaveMode.ErrorIfExists).save();
            String checksum = "SELECT count(*) || '/' || sum(hashtext(t::text)) FROM %s t";
            assertEquals(db.queryString(String.format(checksum, "source")),
                    other.queryString(String.format(checksum, "target")));
            assertEquals("numeric(12,2)", other.queryString("SELECT format_type(atttypid, atttypmod) FROM pg_attribute"
                    + " WHERE attrelid = 'target'::regclass AND attname = 'amount'"));
        }
    }

    private static String messages(Throwable e) {
        StringBuilder sb = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) sb.append(t).append('\n');
        return sb.toString();
    }
}
