package io.pgcopy.bench;

import io.pgcopy.testing.CtidSplitReads;
import io.pgcopy.testing.BenchReport;
import io.pgcopy.testing.TestDatabase;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.api.TableResult;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;

/**
 * Flink reads side by side, in one run, of one lineitem table (made by PostgreSQL itself, the same
 * rows as the sink benchmark's) into a discarding 'blackhole' sink, parallelism 2: the pgcopy SQL
 * scan (2 ctid splits), {@code 'connector' = 'jdbc'} (2 l_orderkey ranges, scan.fetch-size 10000
 * and scan.auto-commit false — without them pgjdbc loads the whole result into memory), and the
 * ceiling: a raw pgjdbc copyOut of the same 2 ctid ranges into nothing. A job's time is its net
 * runtime (MiniCluster start-up excluded for both alike).
 *
 * <p>Run with {@code scripts/bench-flink-read [rows] [runs]}.
 */
public final class FlinkReadBenchmark {
    private static final String DDL = "CREATE TABLE lineitem (l_orderkey int8 NOT NULL, l_partkey int8 NOT NULL,"
            + " l_suppkey int8 NOT NULL, l_linenumber int4 NOT NULL, l_quantity numeric(15,2) NOT NULL,"
            + " l_extendedprice numeric(15,2) NOT NULL, l_discount numeric(15,2) NOT NULL,"
            + " l_tax numeric(15,2) NOT NULL, l_returnflag char(1) NOT NULL, l_linestatus char(1) NOT NULL,"
            + " l_shipdate date NOT NULL, l_commitdate date NOT NULL, l_receiptdate date NOT NULL,"
            + " l_shipinstruct varchar(25) NOT NULL, l_shipmode varchar(10) NOT NULL, l_comment varchar(44) NOT NULL)";
    private static final String FLINK_COLUMNS = "(l_orderkey BIGINT, l_partkey BIGINT, l_suppkey BIGINT,"
            + " l_linenumber INT, l_quantity DECIMAL(15, 2), l_extendedprice DECIMAL(15, 2), l_discount DECIMAL(15, 2),"
            + " l_tax DECIMAL(15, 2), l_returnflag STRING, l_linestatus STRING, l_shipdate DATE, l_commitdate DATE,"
            + " l_receiptdate DATE, l_shipinstruct STRING, l_shipmode STRING, l_comment STRING)";

    private FlinkReadBenchmark() {}

    public static void main(String[] args) throws Exception {
        long rows = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000L;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        try (TestDatabase db = TestDatabase.create("flinkreadbench")) {
            db.execute(DDL, "INSERT INTO lineitem SELECT id / 4, id * 7 % 200000, id * 13 % 10000, id % 4 + 1,"
                    + " id % 50 + 1, (id % 100000 + 90000) / 100.0, (id % 11) / 100.0, (id % 9) / 100.0,"
                    + " substr('RAN', (id % 3)::int + 1, 1), CASE WHEN id % 2 = 0 THEN 'O' ELSE 'F' END,"
                    + " date '1992-01-01' + (id % 2500)::int, date '1992-01-31' + (id % 2500)::int,"
                    + " date '1992-01-15' + (id % 2500)::int,"
                    + " (ARRAY['DELIVER IN PERSON', 'COLLECT COD', 'NONE', 'TAKE BACK RETURN'])[id % 4 + 1],"
                    + " (ARRAY['REG AIR', 'AIR', 'RAIL', 'SHIP', 'TRUCK', 'MAIL', 'FOB'])[id % 7 + 1],"
                    + " 'carefully final deposits ' || id % 977 || ' sleep' FROM generate_series(0, " + (rows - 1) + ") id",
                    "VACUUM ANALYZE lineitem");
            TableEnvironment t = StreamTableEnvironment.create(
                    StreamExecutionEnvironment.createLocalEnvironment(2, new Configuration()));
            t.executeSql("CREATE TABLE pg " + FLINK_COLUMNS + " WITH ('connector' = 'pgcopy', 'url' = '" + db.url()
                    + "', 'table-name' = 'lineitem', 'scan.partition.num' = '2')");
            t.executeSql("CREATE TABLE jd " + FLINK_COLUMNS + " WITH ('connector' = 'jdbc', 'url' = '" + db.url()
                    + "', 'table-name' = 'lineitem', 'scan.partition.column' = 'l_orderkey', 'scan.partition.num' = '2',"
                    + " 'scan.partition.lower-bound' = '0', 'scan.partition.upper-bound' = '" + rows / 4 + "',"
                    + " 'scan.fetch-size' = '10000', 'scan.auto-commit' = 'false')");
            t.executeSql("CREATE TABLE discard " + FLINK_COLUMNS + " WITH ('connector' = 'blackhole')");
            Map<String, List<Double>> rates = new LinkedHashMap<>();
            for (int run = 0; run <= runs; run++) {
                boolean warmUp = run == 0;
                Map<String, List<Double>> into = warmUp ? new LinkedHashMap<>() : rates;
                if (warmUp) System.out.println("warm-up round");
                timeSql(t, rows, into, "pgcopy scan", "pg");
                timeSql(t, rows, into, "flink-connector-jdbc", "jd");
                long start = System.nanoTime();
                CtidSplitReads.copyOutCeiling(db, "lineitem");
                BenchReport.record(into, "raw copyOut (ceiling)", rows, start);
            }
            BenchReport.print("Flink read", rows, "parallelism 2, into 'blackhole'", runs, rates,
                    "flink-connector-jdbc", "raw copyOut (ceiling)");
        }
    }

    private static void timeSql(TableEnvironment t, long rows, Map<String, List<Double>> rates, String method,
            String table) throws Exception {
        TableResult r = t.executeSql("INSERT INTO discard SELECT * FROM " + table);
        long netNanos = r.getJobClient().orElseThrow().getJobExecutionResult().get().getNetRuntime(TimeUnit.NANOSECONDS);
        BenchReport.record(rates, method, rows, System.nanoTime() - netNanos);
    }
}
