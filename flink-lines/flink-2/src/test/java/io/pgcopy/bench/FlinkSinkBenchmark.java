package io.pgcopy.bench;

import io.pgcopy.flink.sink.PgCopySink;
import io.pgcopy.flink.sink.RowConverter;
import io.pgcopy.testing.BenchMode;
import io.pgcopy.testing.BenchReport;
import io.pgcopy.testing.CopyCeiling;
import io.pgcopy.testing.TestDatabase;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.jdbc.JdbcConnectionOptions;
import org.apache.flink.connector.jdbc.JdbcExecutionOptions;
import org.apache.flink.connector.jdbc.core.datastream.sink.JdbcSink;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.data.DecimalData;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.runtime.typeutils.InternalTypeInfo;
import org.apache.flink.table.types.logical.RowType;

/**
 * Flink sinks side by side, in one run: 1 M lineitem-like rows generated in Flink (parallelism 2,
 * checkpoints every second) into an empty table through pgcopy at-least-once and exactly-once,
 * flink-connector-jdbc's JdbcSink (batch 10000, reWriteBatchedInserts=true), and the ceiling — a
 * raw pgjdbc copyIn of PostgreSQL's own COPY bytes of the same rows on 2 connections. A job's time
 * is its net runtime (MiniCluster start-up excluded for every sink alike). Rows travel as RowData
 * with Flink's own RowData serializer, as in Flink SQL (not as a Kryo-copied generic type).
 *
 * <p>Run with {@code scripts/bench-flink [rows] [runs]}.
 */
public final class FlinkSinkBenchmark {
    private static final String DDL = "CREATE TABLE lineitem (l_orderkey int8 NOT NULL, l_partkey int8 NOT NULL,"
            + " l_suppkey int8 NOT NULL, l_linenumber int4 NOT NULL, l_quantity numeric(15,2) NOT NULL,"
            + " l_extendedprice numeric(15,2) NOT NULL, l_discount numeric(15,2) NOT NULL,"
            + " l_tax numeric(15,2) NOT NULL, l_returnflag char(1) NOT NULL, l_linestatus char(1) NOT NULL,"
            + " l_shipdate date NOT NULL, l_commitdate date NOT NULL, l_receiptdate date NOT NULL,"
            + " l_shipinstruct varchar(25) NOT NULL, l_shipmode varchar(10) NOT NULL, l_comment varchar(44) NOT NULL)";
    private static final RowType ROW = (RowType) DataTypes.ROW(
            DataTypes.FIELD("l_orderkey", DataTypes.BIGINT()), DataTypes.FIELD("l_partkey", DataTypes.BIGINT()),
            DataTypes.FIELD("l_suppkey", DataTypes.BIGINT()), DataTypes.FIELD("l_linenumber", DataTypes.INT()),
            DataTypes.FIELD("l_quantity", DataTypes.DECIMAL(15, 2)), DataTypes.FIELD("l_extendedprice", DataTypes.DECIMAL(15, 2)),
            DataTypes.FIELD("l_discount", DataTypes.DECIMAL(15, 2)), DataTypes.FIELD("l_tax", DataTypes.DECIMAL(15, 2)),
            DataTypes.FIELD("l_returnflag", DataTypes.STRING()), DataTypes.FIELD("l_linestatus", DataTypes.STRING()),
            DataTypes.FIELD("l_shipdate", DataTypes.DATE()), DataTypes.FIELD("l_commitdate", DataTypes.DATE()),
            DataTypes.FIELD("l_receiptdate", DataTypes.DATE()), DataTypes.FIELD("l_shipinstruct", DataTypes.STRING()),
            DataTypes.FIELD("l_shipmode", DataTypes.STRING()), DataTypes.FIELD("l_comment", DataTypes.STRING()))
            .getLogicalType();
    private static final String[] INSTRUCT = {"DELIVER IN PERSON", "COLLECT COD", "NONE", "TAKE BACK RETURN"};
    private static final String[] MODE = {"REG AIR", "AIR", "RAIL", "SHIP", "TRUCK", "MAIL", "FOB"};
    private static final int DAY0 = (int) LocalDate.of(1992, 1, 1).toEpochDay();

    private FlinkSinkBenchmark() {}

    /** The same rows as the Spark benchmarks' lineitem frame. */
    static final class Lineitem implements MapFunction<Long, RowData> {
        @Override
        public RowData map(Long id) {
            int day = (int) (id % 2500);
            return GenericRowData.of(id / 4, id * 7 % 200000, id * 13 % 10000, (int) (id % 4 + 1),
                    DecimalData.fromUnscaledLong((id % 50 + 1) * 100, 15, 2),
                    DecimalData.fromUnscaledLong(id % 100000 + 90000, 15, 2),
                    DecimalData.fromUnscaledLong(id % 11, 15, 2), DecimalData.fromUnscaledLong(id % 9, 15, 2),
                    StringData.fromString("RAN".substring((int) (id % 3), (int) (id % 3) + 1)),
                    StringData.fromString(id % 2 == 0 ? "O" : "F"), DAY0 + day, DAY0 + 30 + day, DAY0 + 14 + day,
                    StringData.fromString(INSTRUCT[(int) (id % 4)]), StringData.fromString(MODE[(int) (id % 7)]),
                    StringData.fromString("carefully final deposits " + id % 977 + " sleep"));
        }
    }

    public static void main(String[] args) throws Exception {
        long rows = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000L;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        try (TestDatabase db = TestDatabase.create("flinkbench")) {
            BenchMode.apply(db);
            db.execute(DDL);
            Map<String, List<Double>> rates = new LinkedHashMap<>();
            for (int run = 0; run <= runs; run++) {
                boolean warmUp = run == 0;
                Map<String, List<Double>> into = warmUp ? new LinkedHashMap<>() : rates;
                if (warmUp) System.out.println("warm-up round");
                for (DeliveryGuarantee g : List.of(DeliveryGuarantee.AT_LEAST_ONCE, DeliveryGuarantee.EXACTLY_ONCE)) {
                    timeJob(db, rows, into, "pgcopy " + g.toString().toLowerCase().replace('_', '-'),
                            PgCopySink.<RowData>builder().url(db.url()).table("lineitem")
                                    .rowConverter(RowConverter.rowData(ROW)).deliveryGuarantee(g).build());
                }
                timeJob(db, rows, into, "flink-connector-jdbc", jdbcSink(db));

                CopyCeiling ceiling = CopyCeiling.capture(db, "lineitem", "l_linenumber % 2 = 0", "l_linenumber % 2 = 1");
                db.execute("TRUNCATE lineitem");
                long start = System.nanoTime();
                ceiling.load(db);
                BenchReport.record(into, "raw copyIn (ceiling)", rows, start);
                check(db, rows);
            }
            BenchReport.print("Flink sink", rows, "parallelism 2, checkpoints every 1 s", runs, rates,
                    "flink-connector-jdbc", "raw copyIn (ceiling)");
        }
    }

    private static void timeJob(TestDatabase db, long rows, Map<String, List<Double>> rates, String method,
            Sink<RowData> sink) throws Exception {
        db.execute("TRUNCATE lineitem");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        env.enableCheckpointing(1000);
        env.fromSequence(0, rows - 1).map(new Lineitem()).returns(InternalTypeInfo.of(ROW)).sinkTo(sink);
        JobExecutionResult result = env.execute(method);
        long netNanos = result.getNetRuntime(TimeUnit.NANOSECONDS);
        BenchReport.record(rates, method, rows, System.nanoTime() - netNanos);
        check(db, rows);
    }

    private static Sink<RowData> jdbcSink(TestDatabase db) {
        String url = db.url() + (db.url().contains("?") ? "&" : "?") + "reWriteBatchedInserts=true";
        JdbcConnectionOptions.JdbcConnectionOptionsBuilder connection =
                new JdbcConnectionOptions.JdbcConnectionOptionsBuilder().withUrl(url).withDriverName("org.postgresql.Driver");
        db.properties().stringPropertyNames().forEach(k -> connection.withProperty(k, db.properties().getProperty(k)));
        return JdbcSink.<RowData>builder()
                .withQueryStatement("INSERT INTO lineitem VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", (ps, r) -> {
                    for (int i = 0; i < 3; i++) ps.setLong(i + 1, r.getLong(i));
                    ps.setInt(4, r.getInt(3));
                    for (int i = 4; i < 8; i++) ps.setBigDecimal(i + 1, r.getDecimal(i, 15, 2).toBigDecimal());
                    for (int i = 8; i < 10; i++) ps.setString(i + 1, r.getString(i).toString());
                    for (int i = 10; i < 13; i++) ps.setObject(i + 1, LocalDate.ofEpochDay(r.getInt(i)));
                    for (int i = 13; i < 16; i++) ps.setString(i + 1, r.getString(i).toString());
                })
                .withExecutionOptions(JdbcExecutionOptions.builder().withBatchSize(10_000).withBatchIntervalMs(0).build())
                .buildAtLeastOnce(connection.build());
    }

    private static void check(TestDatabase db, long rows) throws Exception {
        long n = db.queryLong("SELECT count(*) FROM lineitem");
        if (n != rows) throw new IllegalStateException("expected " + rows + " rows, found " + n);
    }
}
