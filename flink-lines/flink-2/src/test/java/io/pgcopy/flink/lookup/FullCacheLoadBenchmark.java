package io.pgcopy.flink.lookup;

import io.pgcopy.flink.read.RowDataDecoders;
import io.pgcopy.protocol.ConnectionSpec;
import io.pgcopy.sql.TableName;
import io.pgcopy.testing.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.logical.RowType;

/**
 * What a FULL lookup cache costs to load: 1 M rows of a 6-column dimension table (bigint key,
 * text, numeric, date, uuid as text, timestamp) into a map by key, side by side in one run
 * (median of the runs):
 * <ul>
 *   <li>pgcopy: {@link FullTableLoader}, the binary COPY the FULL cache runs;</li>
 *   <li>a JDBC scan: {@code SELECT} with fetch size 10000 in a transaction (how flink-connector-jdbc
 *       scans PostgreSQL), decoded to the same RowData;</li>
 *   <li>JDBC keyed lookups (how a lookup without FULL cache, pgcopy's or flink-connector-jdbc's,
 *       reads): one prepared query per key, timed on a sample of keys and scaled to all of them.</li>
 * </ul>
 * Run with {@code scripts/bench-flink-lookup [rows] [runs]}.
 */
public final class FullCacheLoadBenchmark {
    private static final RowType ROW = (RowType) DataTypes.ROW(DataTypes.FIELD("id", DataTypes.BIGINT()),
            DataTypes.FIELD("name", DataTypes.STRING()), DataTypes.FIELD("price", DataTypes.DECIMAL(12, 2)),
            DataTypes.FIELD("day", DataTypes.DATE()), DataTypes.FIELD("uid", DataTypes.STRING()),
            DataTypes.FIELD("updated", DataTypes.TIMESTAMP(6))).getLogicalType();

    private FullCacheLoadBenchmark() {}

    public static void main(String[] args) throws Exception {
        long rows = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000L;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        int sample = 20_000;
        try (TestDatabase db = TestDatabase.create("lookupbench")) {
            db.execute("CREATE TABLE dim (id bigint PRIMARY KEY, name text, price numeric(12,2), day date, uid uuid,"
                    + " updated timestamp)", "INSERT INTO dim SELECT i, 'customer ' || i, i % 100000 / 100.0,"
                    + " date '2000-01-01' + (i % 9000)::int, md5(i::text)::uuid, timestamp '2020-01-01' + i * interval '1 s'"
                    + " FROM generate_series(1, " + rows + ") i", "VACUUM ANALYZE dim");
            LookupSource source = new LookupSource(new ConnectionSpec(db.url(), db.properties()), TableName.parse("dim"), ROW, null);
            double[] copy = new double[runs];
            double[] scan = new double[runs];
            double[] keyed = new double[runs];
            for (int r = 0; r < runs; r++) {
                copy[r] = seconds(() -> check(rows, copyLoad(source)));
                scan[r] = seconds(() -> check(rows, jdbcScan(source)));
                keyed[r] = seconds(() -> keyedLookups(source, rows, sample)) * rows / sample;
            }
            System.out.printf("FULL cache load of %d rows (median of %d runs, shared machine):%n", rows, runs);
            System.out.printf("  pgcopy binary COPY        %7.2f s%n", median(copy));
            System.out.printf("  JDBC scan (fetch 10000)   %7.2f s   (%.1fx pgcopy)%n", median(scan), median(scan) / median(copy));
            System.out.printf("  JDBC keyed lookups        %7.2f s   (%.1fx pgcopy; %d keys timed, scaled to %d)%n",
                    median(keyed), median(keyed) / median(copy), sample, rows);
        }
    }

    private static Map<Object, RowData> copyLoad(LookupSource source) throws Exception {
        Map<Object, RowData> cache = new HashMap<>();
        FullTableLoader loader = new FullTableLoader(source);
        loader.open(loader.createInputSplits(1)[0]);
        while (!loader.reachedEnd()) {
            RowData row = loader.nextRecord(null);
            cache.put(GenericRowData.of(row.getLong(0)), row);
        }
        loader.close();
        return cache;
    }

    private static Map<Object, RowData> jdbcScan(LookupSource source) throws Exception {
        Map<Object, RowData> cache = new HashMap<>();
        RowDataDecoders decoders = RowDataDecoders.of(ROW);
        try (Connection c = source.connection().open()) {
            c.setAutoCommit(false); // pgjdbc honours the fetch size only inside a transaction
            try (Statement s = c.createStatement()) {
                s.setFetchSize(10_000);
                try (ResultSet rs = s.executeQuery("SELECT " + RowDataDecoders.selectList(ROW) + " FROM dim")) {
                    while (rs.next()) {
                        RowData row = decoders.read(rs);
                        cache.put(GenericRowData.of(row.getLong(0)), row);
                    }
                }
            }
            c.commit();
        }
        return cache;
    }

    private static void keyedLookups(LookupSource source, long rows, int sample) throws Exception {
        try (KeyLookup lookup = new KeyLookup(source, new int[] {0}, 0)) {
            for (int i = 0; i < sample; i++) {
                long key = 1 + (i * 7919L) % rows;
                if (lookup.lookup(lookup.parameters(GenericRowData.of(key))).size() != 1) {
                    throw new IllegalStateException("key " + key + " not found");
                }
            }
        }
    }

    private static void check(long rows, Map<Object, RowData> cache) {
        if (cache.size() != rows) throw new IllegalStateException(cache.size() + " rows loaded, not " + rows);
    }

    interface Timed {
        void run() throws Exception;
    }

    private static double seconds(Timed t) throws Exception {
        long start = System.nanoTime();
        t.run();
        return (System.nanoTime() - start) / 1e9;
    }

    private static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        return v[v.length / 2];
    }
}
