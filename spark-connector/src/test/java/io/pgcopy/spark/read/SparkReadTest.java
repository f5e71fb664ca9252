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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** spark.read.format("pgcopy") end to end, Spark local[2] against a real PostgreSQL. */
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
            scala.jdk.javaapi.CollectionConverters.asJava(seq).forEach(e -> items.add(element(e)));
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
}
