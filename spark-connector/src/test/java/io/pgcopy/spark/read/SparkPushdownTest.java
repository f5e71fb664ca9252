package io.pgcopy.spark.read;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.sum;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgcopy.testing.PostgresExtension;
import io.pgcopy.testing.TestDatabase;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.function.UnaryOperator;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Pushdown changes where a query runs, never its answer: seeded random filters, aggregates and
 * top-N/offset queries give the same rows read with pushdown (one split: complete; split by
 * partitionColumn: per split) as with every pushdown off. Also checks that what should be pushed
 * is, and that what PostgreSQL computes differently from Spark is not.
 */
@ExtendWith(PostgresExtension.class)
class SparkPushdownTest {
    private static final String[] STRINGS = {"", "a", "A", "b", "B", "ab", "aB", "Ab", "a%b", "a_b", "a\\b", "%", "_",
        "\\", "'", "''", "O'Brien", "\"q\"", "x'; DROP TABLE pd; --", "ü", "Ü", "u", "é", "e\u0301", "ß", "ss", "SS",
        "æ", "😀", "z", " a", "a ", "a\tb", "\\%", "%_\\", "ab%", "_b"};
    /** For a char(3) column: PostgreSQL compares it without trailing spaces, so 'a\t' sorts after 'a  '. */
    private static final String[] CHARS = {"a", "a\t", "A", "ab", "", " a", "ü", "%_", "a\ta"};
    private static final String[] GROUP_COLUMNS = {"g", "s", "sn", "v", "b", "d", "n", "nu", "i", "f", "ci", "l", "tn", "c"};
    private static final String[] NUMBER_COLUMNS = {"i", "l", "n", "nu", "f", "r", "g"};
    private static final String[] ANY_COLUMNS = {"i", "l", "n", "nu", "f", "r", "s", "sn", "v", "d", "ts", "tn", "b",
        "ci", "by", "c"};
    private static final String[] ORDER_COLUMNS = {"g", "i", "l", "n", "nu", "f", "r", "s", "sn", "v", "b", "d", "ts",
        "tn", "by", "ci", "c"};

    private static SparkSession spark;
    private static String url;

    @BeforeAll
    static void start(TestDatabase db) throws Exception {
        spark = SparkSession.builder().master("local[2]").appName("pgcopy-pushdown-test")
                .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "1")
                .config("spark.sql.adaptive.enabled", "false") // small queries: planning once is enough
                .config("spark.sql.session.timeZone", "UTC").config("spark.sql.datetime.java8API.enabled", "true")
                .getOrCreate();
        url = db.url();
        db.execute("CREATE EXTENSION IF NOT EXISTS citext",
                // equal when only case differs: PostgreSQL's = on it is not Spark's
                "CREATE COLLATION nocase (provider = icu, locale = 'und-u-ks-level2', deterministic = false)");
        for (String t : List.of("pd", "pd_empty")) {
            db.execute("CREATE TABLE " + t + " (id int PRIMARY KEY, g int, i int4, l int8, n numeric(10,2), nu numeric,"
                    + " f float8, r real, s text COLLATE \"en-x-icu\", sn text COLLATE nocase, v varchar(40), b bool,"
                    + " d date, ts timestamptz, tn timestamp, by bytea, ci citext, c char(3))");
        }
        Random random = new Random(17);
        try (Connection c = db.connect(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO pd VALUES (?, ?, ?, ?, ?, ?::numeric, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (int id = 1; id <= 300; id++) {
                ps.setInt(1, id);
                set(ps, 2, random, Types.INTEGER, random.nextInt(6));
                set(ps, 3, random, Types.INTEGER, random.nextInt(41) * 50 - 1000);
                set(ps, 4, random, Types.BIGINT, random.nextLong() % 1_000_000_000_000L);
                set(ps, 5, random, Types.NUMERIC, BigDecimal.valueOf(random.nextInt(20_000_000) - 10_000_000, 2));
                set(ps, 6, random, Types.VARCHAR, BigDecimal.valueOf(random.nextInt(2000) - 1000, random.nextInt(5))
                        .toPlainString());
                double[] specials = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 1.5, 2.25};
                set(ps, 7, random, Types.DOUBLE, random.nextInt(8) == 0 ? specials[random.nextInt(specials.length)]
                        : (random.nextInt(2000) - 1000) / 8.0);
                set(ps, 8, random, Types.REAL, (float) (random.nextInt(200) - 100) / 4);
                set(ps, 9, random, Types.VARCHAR, STRINGS[random.nextInt(STRINGS.length)]);
                set(ps, 10, random, Types.VARCHAR, STRINGS[random.nextInt(STRINGS.length)]);
                set(ps, 11, random, Types.VARCHAR, STRINGS[random.nextInt(STRINGS.length)]);
                set(ps, 12, random, Types.BOOLEAN, random.nextBoolean());
                LocalDate day = LocalDate.of(1950, 1, 1).plusDays(random.nextInt(40_000));
                set(ps, 13, random, Types.DATE, day);
                set(ps, 14, random, Types.TIMESTAMP_WITH_TIMEZONE, OffsetDateTime.of(day.atTime(random.nextInt(24),
                        random.nextInt(4) * 15), ZoneOffset.ofHours(random.nextInt(25) - 12)));
                set(ps, 15, random, Types.TIMESTAMP, day.atTime(random.nextInt(3), 0, 0, random.nextInt(3) * 1000));
                set(ps, 16, random, Types.BINARY, new byte[] {(byte) random.nextInt(4), (byte) (random.nextInt(3) * 120)});
                set(ps, 17, random, Types.OTHER, STRINGS[random.nextInt(STRINGS.length)]);
                set(ps, 18, random, Types.VARCHAR, CHARS[random.nextInt(CHARS.length)]);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** About one value in seven is NULL. */
    private static void set(PreparedStatement ps, int index, Random random, int type, Object value) throws Exception {
        if (random.nextInt(7) == 0) {
            ps.setNull(index, type == Types.OTHER ? Types.VARCHAR : type);
        } else if (value instanceof LocalDateTime t) {
            ps.setObject(index, t);
        } else {
            ps.setObject(index, value, type == Types.OTHER ? Types.VARCHAR : type);
        }
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    private static Dataset<Row> read(String table, String... options) {
        var r = spark.read().format("pgcopy").option("url", url).option("dbtable", table);
        for (int k = 0; k < options.length; k += 2) r = r.option(options[k], options[k + 1]);
        return r.load();
    }

    /** Each reader of each table is loaded once (planning a load introspects the table). */
    private static final java.util.Map<String, Dataset<Row>> LOADED = new java.util.HashMap<>();

    private static Dataset<Row> pushed(String table) {
        return LOADED.computeIfAbsent("pushed " + table, k -> read(table));
    }

    private static Dataset<Row> perSplit(String table) {
        return LOADED.computeIfAbsent("per split " + table, k -> read(table, "partitionColumn", "id",
                "numPartitions", "3"));
    }

    private static Dataset<Row> notPushed(String table) {
        return LOADED.computeIfAbsent("not pushed " + table, k -> read(table, "pushDownPredicate", "false",
                "pushDownAggregate", "false", "pushDownLimit", "false", "pushDownOffset", "false"));
    }

    /** What the scan of a query says it pushed (its description, part of the plan's text). */
    private static String plan(Dataset<Row> df) {
        return df.queryExecution().executedPlan().toString();
    }

    @Test
    void randomQueriesGiveTheSameRowsWithAndWithoutPushdown() {
        Random random = new Random(4242);
        int aggregatesPushed = 0;
        int aggregatesKept = 0;
        int queries = 0;
        for (int q = 0; q < 100; q++) {
            String table = random.nextInt(10) == 0 ? "pd_empty" : "pd";
            UnaryOperator<Dataset<Row>> query = aggregateQuery(random);
            boolean pushedHere = compare("aggregate " + q, query, table, false, random.nextInt(3) == 0);
            if (pushedHere) aggregatesPushed++; else aggregatesKept++;
            queries++;
        }
        for (int q = 0; q < 60; q++) {
            compare("top-N " + q, topNQuery(random), "pd", true, random.nextInt(3) == 0);
            queries++;
        }
        // filters in batches: one Spark job scans the table once per filter (a union of filtered scans)
        for (int batch = 0; batch < 14; batch++) {
            List<Column> filters = new ArrayList<>();
            for (int k = 0; k < 10; k++) filters.add(filter(random, 2));
            compare("filters " + filters, df -> {
                Dataset<Row> all = null;
                for (int k = 0; k < filters.size(); k++) {
                    Dataset<Row> one = df.filter(filters.get(k)).withColumn("query", lit(k));
                    all = all == null ? one : all.union(one);
                }
                return all;
            }, "pd", false, false);
            queries += filters.size();
        }
        assertEquals(300, queries);
        // the generator must exercise both sides
        assertTrue(aggregatesPushed > 15, "aggregations pushed: " + aggregatesPushed);
        assertTrue(aggregatesKept > 8, "aggregations kept by Spark: " + aggregatesKept);
    }

    @Test
    @Tag("compat") // the interfaces on every Spark line; the random comparison runs on the newest
    void pushesWhatPostgresComputesLikeSparkAndNothingElse() {
        Dataset<Row> pd = pushed("pd");
        String countAll = plan(pd.groupBy().count());
        assertTrue(countAll.contains("SELECT (count(*))") && countAll.contains("(complete)")
                && !countAll.contains("HashAggregate"), countAll);
        String grouped = plan(pd.groupBy("s", "g").agg(sum("n"), avg("i"), min("s"), max("d"), countDistinct("sn")));
        assertTrue(grouped.contains("GROUP BY \"s\" COLLATE \"C\", \"g\"") && !grouped.contains("HashAggregate"),
                grouped);
        String perSplit = plan(perSplit("pd").groupBy("g").agg(sum("i"), count("s")));
        assertTrue(perSplit.contains("(partial, merged by Spark)") && perSplit.contains("HashAggregate"), perSplit);
        // Spark's own AVG of a decimal, from a pushed SUM and COUNT (Spark rewrites it when refused)
        String decimalAverage = plan(pd.groupBy().agg(avg("n")));
        assertTrue(decimalAverage.contains("SUM(n)]") && !decimalAverage.contains("avg(\"n\")"), decimalAverage);
        // Spark's own results differ: float sums depend on the order, bigint sums wrap, decimal averages
        // round by Spark's rules, citext compares without case, -0 and 0 group differently
        for (Column unsafe : List.of(sum("f"), avg("f"), sum("l"), avg("l"), min("ci"), min("b"), max("by"))) {
            String p = plan(pd.groupBy().agg(unsafe));
            assertFalse(p.contains("pushed: aggregates"), unsafe + ":\n" + p);
        }
        assertFalse(plan(pd.groupBy("f").count()).contains("pushed: aggregates"));
        assertFalse(plan(pd.groupBy("ci").count()).contains("pushed: aggregates"));
        assertTrue(plan(pd.groupBy("c").count()).contains("GROUP BY \"c\" COLLATE \"C\""), "char(n) groups exactly");
        assertFalse(plan(pd.groupBy().agg(min("c"))).contains("pushed: aggregates"), "char(n) orders without its padding");
        assertFalse(plan(pd.filter(col("c").equalTo("a"))).contains("WHERE"), "char(n) = ignores trailing spaces");
        assertFalse(plan(read("pd", "pushDownAggregate", "false").groupBy().count()).contains("aggregates"));

        String topN = plan(pd.orderBy(col("s").desc_nulls_first(), col("id")).limit(5));
        assertTrue(topN.contains("ORDER BY \"s\" COLLATE \"C\" DESC NULLS FIRST, \"id\" ASC NULLS FIRST LIMIT 5")
                && topN.contains("one split") && !topN.contains("TakeOrderedAndProject"), topN);
        String offset = plan(pd.orderBy("id").offset(7).limit(3));
        assertTrue(offset.contains("LIMIT 3 OFFSET 7"), offset);
        String topNPerSplit = plan(perSplit("pd").orderBy("i", "id").limit(4));
        assertTrue(topNPerSplit.contains("LIMIT 4") && topNPerSplit.contains("TakeOrderedAndProject"), topNPerSplit);
        assertFalse(plan(pd.orderBy("ci").limit(3)).contains("ORDER BY"), "citext orders without case");

        String like = plan(pd.filter(col("s").startsWith("a%_\\'")));
        assertTrue(like.contains("\"s\" COLLATE \"C\" LIKE 'a\\%\\_\\\\''%' ESCAPE '\\'"), like);
        assertFalse(plan(pd.filter(col("ci").equalTo("a"))).contains("WHERE"), "citext equality ignores case");
    }

    /** Runs the query on all readers, compares; whether the plain (one split) reader pushed an aggregate. */
    private static boolean compare(String what, UnaryOperator<Dataset<Row>> query, String table, boolean ordered,
            boolean alsoPerSplit) {
        Dataset<Row> expected = query.apply(notPushed(table));
        Dataset<Row> actual = query.apply(pushed(table));
        assertFalse(plan(expected).contains("pushed:"), what + " pushed with pushdown off:\n" + plan(expected));
        List<String> want = rows(expected, ordered);
        assertEquals(expected.schema(), actual.schema(), what);
        assertEquals(want, rows(actual, ordered), what + "\n" + plan(actual));
        if (alsoPerSplit) assertEquals(want, rows(query.apply(perSplit(table)), ordered), what + " per split");
        return plan(actual).contains("pushed: aggregates") || plan(actual).contains("; aggregates");
    }

    private static List<String> rows(Dataset<Row> df, boolean ordered) {
        List<String> out = new ArrayList<>();
        for (Row r : df.collectAsList()) {
            StringBuilder sb = new StringBuilder();
            for (int k = 0; k < r.length(); k++) {
                Object v = r.get(k);
                sb.append(v instanceof byte[] b ? HexFormat.of().formatHex(b) : String.valueOf(v)).append('|');
            }
            out.add(sb.toString());
        }
        if (!ordered) out.sort(null);
        return out;
    }

    private static UnaryOperator<Dataset<Row>> aggregateQuery(Random random) {
        Column filter = random.nextInt(3) == 0 ? filter(random, 1) : null;
        List<Column> groups = new ArrayList<>();
        for (int k = random.nextInt(3); k > 0; k--) groups.add(col(pick(random, GROUP_COLUMNS)));
        List<Column> aggregates = new ArrayList<>();
        for (int k = 1 + random.nextInt(3); k > 0; k--) {
            aggregates.add(switch (random.nextInt(7)) {
                case 0 -> count(lit(1));
                case 1 -> count(col(pick(random, ANY_COLUMNS)));
                case 2 -> countDistinct(col(pick(random, ANY_COLUMNS)));
                case 3 -> sum(col(pick(random, NUMBER_COLUMNS)));
                case 4 -> avg(col(pick(random, NUMBER_COLUMNS)));
                case 5 -> min(col(pick(random, ANY_COLUMNS)));
                default -> max(col(pick(random, ANY_COLUMNS)));
            });
        }
        return df -> {
            Dataset<Row> in = filter == null ? df : df.filter(filter);
            return in.groupBy(groups.toArray(new Column[0])).agg(aggregates.get(0),
                    aggregates.subList(1, aggregates.size()).toArray(new Column[0]));
        };
    }

    private static UnaryOperator<Dataset<Row>> topNQuery(Random random) {
        Column filter = random.nextInt(3) == 0 ? filter(random, 1) : null;
        List<Column> order = new ArrayList<>();
        for (int k = 1 + random.nextInt(2); k > 0; k--) {
            Column c = col(pick(random, ORDER_COLUMNS));
            order.add(switch (random.nextInt(4)) {
                case 0 -> c.asc_nulls_first();
                case 1 -> c.asc_nulls_last();
                case 2 -> c.desc_nulls_first();
                default -> c.desc_nulls_last();
            });
        }
        order.add(col("id")); // a unique tiebreak: one right answer
        int n = 1 + random.nextInt(20);
        int offset = random.nextInt(2) == 0 ? 0 : random.nextInt(30);
        return df -> {
            Dataset<Row> sorted = (filter == null ? df : df.filter(filter)).orderBy(order.toArray(new Column[0]));
            return offset == 0 ? sorted.limit(n) : sorted.offset(offset).limit(n);
        };
    }

    /** A random predicate over one or two columns, with hostile strings and special numbers. */
    private static Column filter(Random random, int depth) {
        if (depth > 0 && random.nextInt(3) == 0) {
            Column a = filter(random, depth - 1);
            Column b = filter(random, depth - 1);
            return switch (random.nextInt(3)) {
                case 0 -> a.and(b);
                case 1 -> a.or(b);
                default -> not(a);
            };
        }
        String[] stringColumns = {"s", "sn", "v", "ci", "c"};
        if (random.nextInt(3) == 0) {
            Column c = col(pick(random, stringColumns));
            String v = pick(random, STRINGS);
            return switch (random.nextInt(9)) {
                case 0 -> c.startsWith(v);
                case 1 -> c.endsWith(v);
                case 2 -> c.contains(v);
                case 3 -> c.lt(v);
                case 4 -> c.geq(v);
                case 5 -> c.isin(v, pick(random, STRINGS));
                case 6 -> c.eqNullSafe(v);
                case 7 -> c.notEqual(v);
                default -> c.equalTo(v);
            };
        }
        String column = pick(random, new String[] {"i", "l", "n", "f", "r", "d", "ts", "tn", "b", "g"});
        Column c = col(column);
        Object v = switch (column) {
            case "i", "g" -> random.nextInt(41) * 50 - 1000;
            case "l" -> random.nextLong() % 1_000_000_000_000L;
            case "n" -> new BigDecimal(random.nextInt(20_000_000) - 10_000_000).movePointLeft(2);
            case "f" -> random.nextInt(5) == 0 ? Double.NaN : (random.nextInt(2000) - 1000) / 8.0;
            case "r" -> (float) (random.nextInt(200) - 100) / 4;
            case "d" -> LocalDate.of(1950, 1, 1).plusDays(random.nextInt(40_000));
            case "ts" -> LocalDate.of(1950, 1, 1).plusDays(random.nextInt(40_000)).atStartOfDay()
                    .toInstant(ZoneOffset.UTC);
            case "tn" -> LocalDate.of(1950, 1, 1).plusDays(random.nextInt(40_000)).atTime(1, 0);
            default -> random.nextBoolean();
        };
        return switch (random.nextInt(8)) {
            case 0 -> c.lt(lit(v));
            case 1 -> c.leq(lit(v));
            case 2 -> c.gt(lit(v));
            case 3 -> c.geq(lit(v));
            case 4 -> c.isNull();
            case 5 -> c.isNotNull();
            case 6 -> c.notEqual(lit(v));
            default -> c.equalTo(lit(v));
        };
    }

    private static String pick(Random random, String[] values) {
        return values[random.nextInt(values.length)];
    }
}
