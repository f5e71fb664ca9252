package io.pgcopy.flink.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgcopy.flink.sink.PgCopySink;
import io.pgcopy.flink.sink.RowConverter;
import io.pgcopy.testing.PostgresExtension;
import io.pgcopy.testing.TestDatabase;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.zip.CRC32;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.runtime.typeutils.InternalTypeInfo;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * PgCopySource on a MiniCluster against a real PostgreSQL: every type equals PostgreSQL's own text,
 * a 1M-row table read by ctid, uuid-quantile and integer-range splits equals the table (count and a
 * checksum PostgreSQL computes of both), a failure after a checkpoint loses and repeats nothing, and
 * rows inserted during a consistent read are not seen.
 */
@ExtendWith(PostgresExtension.class)
class PgCopySourceTest {
    static final int BIG_ROWS = 1_000_000;
    static TestDatabase db;

    private static boolean bigTableMade;

    /** Made by the tests that read it only: the compat suite of the other Flink lines runs just the types test. */
    static synchronized void bigTable() throws Exception {
        if (bigTableMade) return;
        bigTableMade = true;
        db.execute("CREATE TABLE big (id int8 PRIMARY KEY, u uuid, k text, ts timestamp, v numeric(12,2), payload text)",
                "INSERT INTO big SELECT i, CASE WHEN i % 1000 = 0 THEN NULL ELSE md5(i::text)::uuid END, md5(i::text || 'k'),"
                        + " timestamp '2020-01-01' + i * interval '1 second', i / 100.0, 'p' || i"
                        + " FROM generate_series(1, " + BIG_ROWS + ") i",
                "VACUUM ANALYZE big");
    }

    static StreamExecutionEnvironment environment(long checkpointMillis) {
        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 3);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(200));
        if (checkpointMillis > 0) conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, Duration.ofMillis(checkpointMillis));
        return StreamExecutionEnvironment.createLocalEnvironment(2, conf);
    }

    private static String checksum(String table) throws Exception {
        return db.queryString("SELECT count(*) || ' rows, ' || coalesce(sum(hashtext(t::text)), 0) FROM " + table + " t");
    }

    /** Reads {@code big} with the source, writes what it emits into a copy by the exactly-once sink, and compares. */
    private static void copyAndCompare(PgCopySourceBuilder<RowData> source, MapFunction<RowData, RowData> map,
            String copy) throws Exception {
        db.execute("DROP TABLE IF EXISTS " + copy, "CREATE TABLE " + copy + " (LIKE big)");
        PgCopySource<RowData> s = source.url(db.url()).table("big").build();
        RowType type = s.settings().rowType();
        StreamExecutionEnvironment env = environment(200);
        env.fromSource(s, WatermarkStrategy.noWatermarks(), "big").map(map).returns(InternalTypeInfo.of(type))
                .sinkTo(PgCopySink.<RowData>builder().url(db.url()).table(copy).rowConverter(RowConverter.rowData(type))
                        .deliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE).build());
        env.execute("copy " + copy);
        assertEquals(checksum("big"), checksum(copy), copy);
    }

    /**
     * Count and order-independent sum of a 64-bit hash of each row's values as text (id, uuid,
     * text, timestamp in epoch microseconds, numeric, text), computed from what the source emits.
     */
    private static String emittedChecksum(PgCopySourceBuilder<RowData> source) throws Exception {
        PgCopySource<RowData> s = source.url(db.url()).table("big").columns(List.of("id", "u", "k", "ts", "v", "payload"))
                .build();
        StreamExecutionEnvironment env = environment(0);
        // batch execution: the keyed reduce emits only its final (count, sum), not one running value per row
        env.setRuntimeMode(RuntimeExecutionMode.BATCH);
        long rows = 0;
        long sum = 0;
        try (CloseableIterator<Tuple2<Long, Long>> it = env.fromSource(s, WatermarkStrategy.noWatermarks(), "big")
                .map(r -> Tuple2.of(1L, hash(r))).returns(Types.TUPLE(Types.LONG, Types.LONG))
                .keyBy(t -> 0).reduce((a, b) -> Tuple2.of(a.f0 + b.f0, a.f1 + b.f1)).executeAndCollect()) {
            while (it.hasNext()) {
                Tuple2<Long, Long> t = it.next();
                rows += t.f0;
                sum += t.f1;
            }
        }
        return rows + " rows, " + sum;
    }

    private static long hash(RowData r) {
        TimestampData ts = r.getTimestamp(3, 6);
        return hash(r.getLong(0) + "|" + (r.isNullAt(1) ? "" : r.getString(1)) + "|" + r.getString(2) + "|"
                + (ts.getMillisecond() * 1000 + ts.getNanoOfMillisecond() / 1000) + "|"
                + r.getDecimal(4, 12, 2).toBigDecimal().toPlainString() + "|" + r.getString(5));
    }

    private static long hash(String s) {
        CRC32 crc = new CRC32();
        crc.update(s.getBytes(StandardCharsets.UTF_8));
        return ((long) s.hashCode() << 32) ^ crc.getValue();
    }

    /** The same checksum of the table as PostgreSQL prints its values, read by pgjdbc. */
    private static String tableChecksum() throws Exception {
        long rows = 0;
        long sum = 0;
        try (Connection c = db.connect()) {
            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
                st.setFetchSize(10_000);
                try (ResultSet rs = st.executeQuery("SELECT id::text || '|' || coalesce(u::text, '') || '|' || k || '|'"
                        + " || (extract(epoch FROM ts) * 1000000)::int8 || '|' || v::text || '|' || payload FROM big")) {
                    while (rs.next()) {
                        sum += hash(rs.getString(1));
                        rows++;
                    }
                }
            }
        }
        return rows + " rows, " + sum;
    }

    @Test
    void aMillionRowsByCtidUuidAndIntegerSplitsEqualTheTable() throws Exception {
        bigTable();
        String table = tableChecksum();
        assertTrue(table.startsWith(BIG_ROWS + " rows"), table);
        // ctid: about 12 splits of 8 MB (the table has ~100 MB)
        assertEquals(table, emittedChecksum(PgCopySource.builder().splitBytes(8L << 20)), "ctid splits");
        assertEquals(table, emittedChecksum(PgCopySource.builder().partitionColumn("u").numPartitions(7)), "uuid splits");
        assertEquals(table, emittedChecksum(PgCopySource.builder().partitionColumn("id").partitionBounds("100000", "900000")
                .numPartitions(5)), "id splits");
    }

    @Test
    void aFailureAfterACheckpointRepeatsAndLosesNothingInTheSnapshot() throws Exception {
        bigTable();
        FailOnce.FAILED.set(false);
        copyAndCompare(PgCopySource.builder().numPartitions(6).consistentSnapshot(true), new FailOnce(), "after_failure");
        assertTrue(FailOnce.FAILED.get(), "the planned failure happened");
        // the JobManager closes the enumerator as the job ends, a moment after the client hears of it
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (HeldSnapshots.held() > 0 && System.nanoTime() < deadline) Thread.sleep(50);
        assertEquals(0, HeldSnapshots.held(), "the snapshot is released when the job ends");
    }

    /** Throws once (per JVM) after a checkpoint completed and some more rows went by. */
    static final class FailOnce implements MapFunction<RowData, RowData>, CheckpointListener {
        static final AtomicBoolean FAILED = new AtomicBoolean();
        private boolean checkpointed;
        private long seen;

        @Override
        public RowData map(RowData row) {
            if (checkpointed && ++seen > 20_000 && FAILED.compareAndSet(false, true)) {
                throw new IllegalStateException("planned failure (test)");
            }
            return row;
        }

        @Override
        public void notifyCheckpointComplete(long checkpointId) {
            checkpointed = true;
        }
    }

    @Test
    void rowsInsertedDuringAConsistentReadAreNotSeen() throws Exception {
        db.execute("CREATE TABLE growing AS SELECT i AS id, repeat('x', 200) AS pad FROM generate_series(1, 40000) i",
                "VACUUM ANALYZE growing");
        assertEquals(40_000, readWhileInserting(true));
        // the same read without the snapshot sees them: the test can tell the difference
        assertTrue(readWhileInserting(false) > 40_000);
    }

    /** Counts what a one-reader, four-split read of growing emits while the first row inserts 10000 more. */
    private static long readWhileInserting(boolean consistent) throws Exception {
        db.execute("DELETE FROM growing WHERE id > 40000", "VACUUM growing");
        StreamExecutionEnvironment env = environment(0);
        env.setParallelism(1);
        PgCopySource<RowData> s = PgCopySource.builder().url(db.url()).table("growing").numPartitions(4)
                .consistentSnapshot(consistent).build();
        long n = 0;
        try (CloseableIterator<RowData> rows = env.fromSource(s, WatermarkStrategy.noWatermarks(), "growing")
                .map(new InsertOnFirstRow(db.url())).returns(InternalTypeInfo.of(s.settings().rowType())).executeAndCollect()) {
            while (rows.hasNext()) {
                rows.next();
                n++;
            }
        }
        return n;
    }

    static final class InsertOnFirstRow implements MapFunction<RowData, RowData> {
        private final String url;
        private boolean inserted;

        InsertOnFirstRow(String url) {
            this.url = url;
        }

        @Override
        public RowData map(RowData row) throws Exception {
            if (!inserted) {
                inserted = true;
                try (Connection c = java.sql.DriverManager.getConnection(url); Statement st = c.createStatement()) {
                    st.execute("INSERT INTO growing SELECT i, repeat('y', 200) FROM generate_series(40001, 50000) i");
                }
            }
            return row;
        }
    }

    @Test
    @Tag("compat")
    void everyTypeEqualsPostgresText() throws Exception {
        db.execute("CREATE TYPE mood AS ENUM ('sad', 'ok')",
                "CREATE TABLE types (id int4 PRIMARY KEY, b bool, s int2, i int4, l int8, o oid, f4 real, f8 float8,"
                        + " n numeric(20,5), nu numeric, t text, vc varchar(10), c char(3), nm name, by bytea, d date,"
                        + " tm time, ttz timetz, ts timestamp, tz timestamptz, iv interval, u uuid, j json, jb jsonb,"
                        + " ip inet, cd cidr, mac macaddr, m money, e mood, x xml, r int4range, bt bit(4),"
                        + " ai int4[], at text[], an numeric(10,2)[], ats timestamp[], a2 int8[][], au uuid[], aiv interval[])",
                "INSERT INTO types VALUES (1, true, -32768, 2147483647, -9223372036854775808, 4294967295, 1.5e-7,"
                        + " 'NaN', -12345678901234.56789, 1.000000000000000001, 'O''Brien \\ \"x\" ünï 😀', 'vc', 'ab',"
                        + " 'name', '\\x00ff10', '0001-01-01', '23:59:59.999999', '01:02:03+05:30',"
                        + " '1999-12-31 23:59:59.123456', '2024-02-29 12:00:00.5+02', '1 year 2 mons -3 days 04:05:06.7',"
                        + " 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', '{\"a\": [1, 2]}', '{\"b\": null, \"a\": 1}',"
                        + " '192.168.0.1/24', '10.0.0.0/8', '08:00:2b:01:02:03', 12.34, 'ok', '<a>x</a>', '[1,5)', B'1010',"
                        + " '{1,NULL,-3}', '{\"a b\",\"\",NULL,\"q\\\"\",\"NULL\"}', '{1.50,-2.25}',"
                        + " '{\"2000-01-01 00:00:00\",\"1970-01-01 00:00:00.000001\"}', '{{1,2},{3,4}}',"
                        + " '{a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11}', '{\"1 day\",\"-00:00:01\"}')",
                "INSERT INTO types VALUES (2, false, 0, 0, 0, 0, '-Infinity', -0.0, 0, 0, '', '', '', '', '', '2000-01-01',"
                        + " '00:00', '00:00+00', '1970-01-01 00:00:00', '1970-01-01 00:00:00+00', '0', "
                        + " '00000000-0000-0000-0000-000000000000', 'null', '[]', '::1', '::/0', '00:00:00:00:00:00', 0,"
                        + " 'sad', '', 'empty', B'0000', '{}', '{}', '{}', '{}', '{}', '{}', '{}')",
                "INSERT INTO types (id) VALUES (3)");
        PgCopySource<Row> source = PgCopySource.builder().url(db.url()).table("types").output(OutputConverter.row())
                .build();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(1, new Configuration());
        List<Row> rows = new ArrayList<>();
        try (CloseableIterator<Row> it = env.fromSource(source, WatermarkStrategy.noWatermarks(), "types")
                .executeAndCollect()) {
            it.forEachRemaining(rows::add);
        }
        rows.sort(Comparator.comparing(r -> (Integer) r.getField(0)));
        List<String> names = source.settings().columns().stream().map(SourceColumn::name).toList();
        List<List<String>> expected;
        try (Connection c = db.connect(); Statement st = c.createStatement()) {
            st.execute("SET TimeZone = 'UTC'");
            StringBuilder select = new StringBuilder("SELECT ");
            // each value's ::text; char(n) as its output function prints it (::text drops the padding)
            for (int k = 0; k < names.size(); k++) {
                String col = '"' + names.get(k) + '"';
                select.append(k == 0 ? "" : ", ").append(names.get(k).equals("c") ? "CASE WHEN c IS NULL THEN NULL"
                        + " ELSE format('%s', c) END" : col + "::text");
            }
            expected = new ArrayList<>();
            try (ResultSet rs = st.executeQuery(select + " FROM types ORDER BY id")) {
                while (rs.next()) {
                    List<String> row = new ArrayList<>();
                    for (int k = 1; k <= names.size(); k++) row.add(rs.getString(k));
                    expected.add(row);
                }
            }
        }
        assertEquals(expected.size(), rows.size());
        for (int r = 0; r < rows.size(); r++) {
            for (int k = 0; k < names.size(); k++) {
                String want = expected.get(r).get(k);
                Object got = rows.get(r).getField(k);
                assertTrue(PgText.matches(want, got), "row " + (r + 1) + " column " + names.get(k) + ": PostgreSQL says "
                        + want + ", Flink read " + PgText.render(got));
            }
        }
    }

    /** PostgreSQL's text output of a Flink (external) value, for comparison. */
    static final class PgText {
        private static final DateTimeFormatter TS = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss");

        static boolean matches(String pg, Object v) {
            if (pg == null || v == null) return pg == v;
            // numbers compare by value: DECIMAL(38,18) has more trailing zeros, floats print differently
            if (v instanceof BigDecimal d) return new BigDecimal(pg).compareTo(d) == 0;
            if (v instanceof Double || v instanceof Float) {
                return Double.compare(Double.parseDouble(pg), ((Number) v).doubleValue()) == 0
                        || (v instanceof Float f && Float.compare(Float.parseFloat(pg), f) == 0);
            }
            if (v instanceof Object[] a && pg.startsWith("{")) return pg.equals(render(a));
            return pg.equals(render(v));
        }

        static String render(Object v) {
            if (v == null) return "NULL";
            if (v instanceof Boolean b) return b ? "true" : "false";
            if (v instanceof byte[] b) return "\\x" + HexFormat.of().formatHex(b);
            if (v instanceof LocalDate d) return d.toString();
            if (v instanceof LocalDateTime t) return timestamp(t);
            if (v instanceof Instant i) return timestamp(LocalDateTime.ofInstant(i, ZoneOffset.UTC)) + "+00";
            if (v instanceof BigDecimal d) return d.toPlainString();
            if (v instanceof Object[] a) {
                StringBuilder sb = new StringBuilder("{");
                for (int k = 0; k < a.length; k++) {
                    if (k > 0) sb.append(',');
                    Object e = a[k];
                    sb.append(e == null ? "NULL" : e instanceof Object[] ? render(e) : quoted(render(e)));
                }
                return sb.append('}').toString();
            }
            return v.toString();
        }

        /** array_out's quoting of an element. */
        private static String quoted(String s) {
            boolean quote = s.isEmpty() || s.equalsIgnoreCase("NULL") || s.chars().anyMatch(ch -> "{},\"\\ \t\n".indexOf(ch) >= 0);
            if (!quote) return s;
            return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
        }

        private static String timestamp(LocalDateTime t) {
            String s = t.format(TS);
            if (t.getNano() == 0) return s;
            String frac = String.format("%06d", t.getNano() / 1000).replaceAll("0+$", "");
            return s + "." + frac;
        }
    }
}
