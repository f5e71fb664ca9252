package io.pgcopy.arrow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgcopy.testing.PostgresExtension;
import io.pgcopy.testing.TestDatabase;
import java.math.BigDecimal;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.IntervalUnit;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * PostgreSQL to Arrow, with PostgreSQL as the oracle: every value read is rendered back to
 * PostgreSQL's text form and compared with what the server prints for the same row.
 */
@Tag("compat")
@ExtendWith(PostgresExtension.class)
class PgArrowReadTest {
    private BufferAllocator allocator;

    @BeforeEach
    void open() {
        allocator = new RootAllocator();
    }

    @AfterEach
    void close() {
        allocator.close(); // fails if a reader leaked vectors
    }

    /** Text of every value read through pgcopy, per row, per column. */
    private List<List<String>> readText(Connection c, String tableOrQuery, int batchRows, ReadOptions options)
            throws Exception {
        List<List<String>> rows = new ArrayList<>();
        try (PgArrowReader r = PgArrow.reader(c, tableOrQuery, batchRows, allocator, options)) {
            while (r.loadNextBatch()) {
                VectorSchemaRoot root = r.root();
                assertTrue(root.getRowCount() <= batchRows);
                for (int i = 0; i < root.getRowCount(); i++) {
                    List<String> row = new ArrayList<>();
                    for (FieldVector v : root.getFieldVectors()) row.add(PgText.of(v, i));
                    rows.add(row);
                }
            }
        }
        return rows;
    }

    /**
     * Reads {@code SELECT * FROM table ORDER BY id} through pgcopy and compares every value with
     * the server's own text output of {@code SELECT <expr> ...} for the same columns.
     */
    private void assertReadsAsPostgresPrints(TestDatabase db, String table, Map<String, String> exprs,
            ReadOptions options) throws Exception {
        try (Connection c = db.connect()) {
            Schema schema = PgArrow.readSchema(c, table, options);
            List<String> select = new ArrayList<>();
            for (Field f : schema.getFields()) {
                select.add(exprs.getOrDefault(f.getName(), "\"" + f.getName() + "\"::text"));
            }
            List<List<String>> expected = PgText.query(c, "SELECT " + String.join(", ", select) + " FROM " + table
                    + " AS src ORDER BY src.id");
            for (int batch : new int[] {1, 3, 1000}) {
                List<List<String>> actual = readText(c, "SELECT * FROM " + table + " ORDER BY id", batch, options);
                assertEquals(expected.size(), actual.size(), "rows");
                for (int r = 0; r < expected.size(); r++) {
                    for (int col = 0; col < schema.getFields().size(); col++) {
                        Field f = schema.getFields().get(col);
                        String want = expected.get(r).get(col);
                        if (f.getType() instanceof ArrowType.FloatingPoint fp) {
                            want = PgText.pgFloat(want, fp.getPrecision() == FloatingPointPrecision.SINGLE);
                        }
                        assertEquals(want, actual.get(r).get(col), "table " + table + ", row " + (r + 1)
                                + " (id " + expected.get(r).get(0) + "), column " + f.getName());
                    }
                }
            }
        }
    }

    private void assertReadsAsPostgresPrints(TestDatabase db, String table) throws Exception {
        assertReadsAsPostgresPrints(db, table, Map.of(), ReadOptions.DEFAULT);
    }

    /** The column through its type's output function (a NULL stays NULL). */
    private static String out(String column) {
        return "CASE WHEN " + column + " IS NULL THEN NULL ELSE format('%s', " + column + ") END";
    }

    private static ArrowType typeOf(Schema s, String name) {
        return s.findField(name).getType();
    }

    @Test
    void booleansIntegersAndFloats(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE nums (id int, b bool, s int2, i int4, l int8, o oid, f float4, d float8)",
                "INSERT INTO nums VALUES"
                        + " (1, true, 0, 0, 0, 0, 0, 0),"
                        + " (2, false, -32768, -2147483648, -9223372036854775808, 4294967295, '-0', '-0'),"
                        + " (3, NULL, 32767, 2147483647, 9223372036854775807, 1, 'NaN', 'NaN'),"
                        + " (4, true, -1, -1, -1, 2147483648, 'Infinity', 'Infinity'),"
                        + " (5, false, 1, 1, 1, 12345, '-Infinity', '-Infinity'),"
                        + " (6, NULL, NULL, NULL, NULL, NULL, NULL, NULL),"
                        + " (7, true, 12345, 123456789, 1234567890123456789, 99, 3.4028235e38, 1.7976931348623157e308),"
                        + " (8, false, -12345, -123456789, -1234567890123456789, 0, 1.4e-45, 4.9e-324),"
                        + " (9, true, 7, 7, 7, 7, 0.1, 0.1),"
                        + " (10, false, 7, 7, 7, 7, -1.17549435e-38, 2.2250738585072014e-308)");
        assertReadsAsPostgresPrints(db, "nums");
        try (Connection c = db.connect()) {
            Schema s = PgArrow.readSchema(c, "nums", null);
            assertEquals(ArrowType.Bool.INSTANCE, typeOf(s, "b"));
            assertEquals(new ArrowType.Int(16, true), typeOf(s, "s"));
            assertEquals(new ArrowType.Int(32, true), typeOf(s, "i"));
            assertEquals(new ArrowType.Int(64, true), typeOf(s, "l"));
            assertEquals(new ArrowType.Int(64, true), typeOf(s, "o"));
            assertEquals(new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE), typeOf(s, "f"));
            assertEquals(new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE), typeOf(s, "d"));
            assertEquals("bigint", s.findField("l").getMetadata().get("pgcopy.pg_type"));
            // -0 keeps its sign
            try (PgArrowReader r = PgArrow.reader(c, "SELECT f, d FROM nums WHERE id = 2", 10, allocator, null)) {
                assertTrue(r.loadNextBatch());
                assertEquals(Float.floatToIntBits(-0f), Float.floatToIntBits(((Float4Vector) r.root().getVector(0)).get(0)));
                assertEquals(Double.doubleToLongBits(-0d), Double.doubleToLongBits(((Float8Vector) r.root().getVector(1)).get(0)));
            }
        }
    }

    @Test
    void constrainedNumerics(TestDatabase db) throws Exception {
        // a negative scale or one above the precision exists from PostgreSQL 15 on; before, the
        // same values in the same Arrow types
        boolean oddScales = db.serverVersionNum() >= 150000;
        db.execute("CREATE TABLE numc (id int, a numeric(10,2), b numeric(38,0), c numeric(38,38), d numeric(18,6),"
                        + (oddScales ? " e numeric(5,-2), f numeric(3,5)," : " e numeric(7,0), f numeric(5,5),")
                        + " g numeric(19,4), h numeric(1,0))",
                "INSERT INTO numc VALUES"
                        + " (1, 0, 0, 0, 0, 0, 0, 0, 0),"
                        + " (2, 99999999.99, 99999999999999999999999999999999999999, 0.99999999999999999999999999999999999999,"
                        + "  999999999999.999999, 9999900, 0.00999, 999999999999999.9999, 9),"
                        + " (3, -99999999.99, -99999999999999999999999999999999999999, -0.00000000000000000000000000000000000001,"
                        + "  -999999999999.999999, -9999900, -0.00999, -999999999999999.9999, -9),"
                        + " (4, 0.01, 1, 0.1, 0.000001, 100, 0.00001, 0.0001, 1),"
                        + " (5, -0.5, 10000, 0.5, 1.5, 12345, 0.001, 12345678901234.5678, 0),"
                        + " (6, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),"
                        + " (7, 1234.5, 100000000000000000000000000000000000, 0.12345678901234567890123456789012345678,"
                        + "  123456789012.123456, -50, -0.00001, -0.0001, -1),"
                        + " (8, 10000, 9223372036854775807, 0.00000000000000000001, 10000, 250, 0.0099, 922337203685477.5807, 5),"
                        + " (9, 'NaN', 'NaN', 'NaN', 'NaN', 'NaN', 'NaN', 'NaN', 'NaN')");
        // NaN is legal in constrained numerics but has no Decimal value: null by option, error by default
        ReadOptions nanToNull = ReadOptions.DEFAULT.withNumericSpecials(ReadOptions.OnSpecial.NULL);
        Map<String, String> nanAsNull = new java.util.HashMap<>();
        for (String col : List.of("a", "b", "c", "d", "e", "f", "g", "h")) {
            nanAsNull.put(col, "NULLIF(" + col + ", 'NaN')::text");
        }
        assertReadsAsPostgresPrints(db, "numc", nanAsNull, nanToNull);
        try (Connection c = db.connect()) {
            Schema s = PgArrow.readSchema(c, "numc", null);
            assertEquals(new ArrowType.Decimal(10, 2, 128), typeOf(s, "a"));
            assertEquals(new ArrowType.Decimal(38, 0, 128), typeOf(s, "b"));
            assertEquals(new ArrowType.Decimal(38, 38, 128), typeOf(s, "c"));
            assertEquals(new ArrowType.Decimal(7, 0, 128), typeOf(s, "e"));
            assertEquals(new ArrowType.Decimal(5, 5, 128), typeOf(s, "f"));
            assertEquals("numeric(10,2)", s.findField("a").getMetadata().get("pgcopy.pg_type"));
            ReadValueException e = assertThrows(ReadValueException.class,
                    () -> readText(c, "SELECT id, a FROM numc ORDER BY id", 100, ReadOptions.DEFAULT));
            assertTrue(e.getMessage().contains("NaN") && e.getMessage().contains("numericSpecials"), e.getMessage());
            assertEquals("a", e.column());
            assertEquals(9, e.row());
            assertEquals("numeric(10,2)", e.pgType());
        }
    }

    @Test
    void unconstrainedNumerics(TestDatabase db) throws Exception {
        // numeric ±Infinity exist from PostgreSQL 14 on
        boolean infinities = db.serverVersionNum() >= 140000;
        String inf = infinities ? "'Infinity'" : "1e-1000";
        String minusInf = infinities ? "'-Infinity'" : "-1e-1000";
        db.execute("CREATE TABLE numu (id int, n numeric, w numeric(50,10))",
                "INSERT INTO numu VALUES (1, 0, 0), (2, 1.5, 1.5), (3, -1.5, -1.5), (4, 0.000000000000000001, 1),"
                        + " (5, 99999999999999999999.999999999999999999, 12345678901234567890.0123456789),"
                        + " (6, -99999999999999999999.999999999999999999, -0.0000000001),"
                        + " (7, 1.500000000000000000000000000000, 10000000000000000000),"
                        + " (8, NULL, NULL), (9, 123456789012345678, 0.1), (10, 10000, 100000000),"
                        + " (11, 0.0001, 0.0001), (12, 1e-18, 1e-10), (13, 12345.678900, 12345.6789)");
        Map<String, String> asDecimal = Map.of("n", "n::numeric(38,18)::text", "w", "w::numeric(38,18)::text");
        assertReadsAsPostgresPrints(db, "numu", asDecimal, ReadOptions.DEFAULT);
        // values no Decimal(38,18) holds read exactly as text
        db.execute("INSERT INTO numu VALUES (20, 1e-100, 123456789012345678901234567890123456789.0123456789),"
                + " (21, 'NaN', 1e39), (22, " + inf + ", -1e39), (23, " + minusInf + ", 0.0000000001), (24, 1e1000, 1.0000000000),"
                + " (25, 0.00000000000000000000000000000000000000000000000000000001, 0)");
        assertReadsAsPostgresPrints(db, "numu", Map.of(), ReadOptions.DEFAULT
                .withUnconstrainedNumeric(ReadOptions.NumericMode.TEXT));
        try (Connection c = db.connect()) {
            Schema s = PgArrow.readSchema(c, "numu", null);
            assertEquals(new ArrowType.Decimal(38, 18, 128), typeOf(s, "n"));
            assertEquals(new ArrowType.Decimal(38, 18, 128), typeOf(s, "w"));
            assertEquals(new ArrowType.Decimal(20, 4, 128),
                    typeOf(PgArrow.readSchema(c, "numu", ReadOptions.DEFAULT.withNumericDecimal(20, 4)), "n"));
            assertEquals(ArrowType.Utf8.INSTANCE, typeOf(PgArrow.readSchema(c, "numu",
                    ReadOptions.DEFAULT.withUnconstrainedNumeric(ReadOptions.NumericMode.TEXT)), "n"));
        }
    }

    @Test
    void numericsThatDoNotFitAreErrorsNeverRounded(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE numbad (id int, n numeric)");
        try (Connection c = db.connect()) {
            String[][] cases = {
                {"0.0000000000000000001", "fractional digits"},
                {"1.0000000000000000001", "fractional digits"},
                {"123456789012345678901", "integer digits"},
                {"-123456789012345678901.5", "integer digits"},
                {"1e30", "integer digits"},
                {"1e-30", "fractional digits"},
                {"'NaN'", "NaN"},
                {"'Infinity'", "Infinity"},
                {"'-Infinity'", "-Infinity"},
            };
            // numeric ±Infinity exist from PostgreSQL 14 on
            boolean infinities = db.serverVersionNum() >= 140000;
            for (String[] k : cases) {
                if (!infinities && k[1].endsWith("Infinity")) continue;
                db.execute("TRUNCATE numbad", "INSERT INTO numbad VALUES (1, 1), (2, " + k[0] + ")");
                ReadValueException e = assertThrows(ReadValueException.class,
                        () -> readText(c, "numbad", 10, ReadOptions.DEFAULT), k[0]);
                assertTrue(e.getMessage().contains(k[1]), e.getMessage());
                assertEquals(2, e.row());
                assertEquals("n", e.column());
                if (!k[0].startsWith("'")) assertTrue(e.getMessage().contains("unconstrainedNumeric=TEXT"), e.getMessage());
                // the connection is usable after the failed read
                assertEquals(List.of(List.of("2")), readText(c, "SELECT count(*)::int FROM numbad", 10, null));
            }
            // in text mode every value reads exactly as PostgreSQL prints it
            db.execute("TRUNCATE numbad", "INSERT INTO numbad VALUES (1, 'NaN'), (2, " + (infinities ? "'Infinity'" : "'NaN'")
                    + "), (3, " + (infinities ? "'-Infinity'" : "'NaN'") + "),"
                    + " (4, 1e-30), (5, 1e30), (6, 0.000), (7, -0.5), (8, 12345678901234567890123456789012345678901234567890.5)");
            List<List<String>> text = readText(c, "SELECT n FROM numbad ORDER BY id", 3,
                    ReadOptions.DEFAULT.withUnconstrainedNumeric(ReadOptions.NumericMode.TEXT));
            assertEquals(PgText.query(c, "SELECT n::text FROM numbad ORDER BY id"), text);
            // specials as NULL on request
            List<List<String>> nulls = readText(c, "SELECT n FROM numbad WHERE id <= 3 ORDER BY id", 3,
                    ReadOptions.DEFAULT.withNumericSpecials(ReadOptions.OnSpecial.NULL));
            assertEquals(3, nulls.size());
            for (List<String> row : nulls) assertNull(row.get(0));
        }
    }

    @Test
    void textTypes(TestDatabase db) throws Exception {
        db.execute("CREATE EXTENSION IF NOT EXISTS citext",
                "CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy ☺', 'a\"b')",
                "CREATE TABLE texts (id int, t text, v varchar(20), c char(5), n name, ci citext, m mood, j json,"
                        + " jb jsonb, x xml, u uuid)");
        String[] values = {"", "plain", "tab\there", "new\nline", "cr\rhere", "back\\slash", "quote\"double",
            "quote'single", "\\N", "NULL", "emoji 😀 ☃ é", "comma,brace{}", " lead and trail ", "\\\\x00"};
        StringBuilder sql = new StringBuilder("INSERT INTO texts VALUES ");
        String[] moods = {"sad", "ok", "happy ☺", "a\"b"};
        for (int k = 0; k < values.length; k++) {
            String lit = "E'" + values[k].replace("\\", "\\\\").replace("'", "\\'").replace("\t", "\\t")
                    .replace("\n", "\\n").replace("\r", "\\r") + "'";
            String json = "'" + ("{\"k\": " + com(values[k]) + ", \"n\": [1, 2.50, null, true]}").replace("'", "''") + "'";
            if (k > 0) sql.append(", ");
            sql.append("(").append(k).append(", ").append(lit).append(", ").append(lit).append("::varchar(20), ")
                    .append("left(").append(lit).append(", 5), ").append(lit).append(", ").append(lit).append(", '")
                    .append(moods[k % 4].replace("'", "''")).append("', ").append(json).append(", ").append(json)
                    .append(", xmlelement(name e, ").append(lit).append("), ")
                    .append(k % 2 == 0 ? "md5(random()::text)::uuid" : "'A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A1" + (k % 10) + "'")
                    .append(")");
        }
        sql.append(", (100, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)");
        sql.append(", (101, repeat('long ☃ text ', 20000), 'x', 'ab', repeat('n', 63), 'CiTeXt', 'ok', '[]', '{}',"
                + " '<a/>', '00000000-0000-0000-0000-000000000000')");
        sql.append(", (102, 'x', 'x', 'x', 'x', 'x', 'ok', '{\"b\":1,   \"a\":2}', '{\"b\":1,   \"a\":2, \"a\":3}',"
                + " '<a>x</a>', 'ffffffff-ffff-ffff-ffff-ffffffffffff')");
        db.execute(sql.toString());
        // char(n) keeps its padding on the wire: compare with its output function, not the trimming ::text cast
        assertReadsAsPostgresPrints(db, "texts", Map.of("c", out("c")), ReadOptions.DEFAULT);
        try (Connection c = db.connect()) {
            Schema s = PgArrow.readSchema(c, "texts", null);
            for (Field f : s.getFields()) {
                if (!f.getName().equals("id")) assertEquals(ArrowType.Utf8.INSTANCE, f.getType(), f.getName());
            }
            assertEquals("ab   ", readText(c, "SELECT c FROM texts WHERE id = 101", 1, null).get(0).get(0));
        }
    }

    private static String com(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\t", "\\t").replace("\n", "\\n")
                .replace("\r", "\\r") + "\"";
    }

    @Test
    void bytea(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE bin (id int, b bytea)",
                "INSERT INTO bin VALUES (1, ''), (2, '\\x00'), (3, NULL), (4, decode(repeat('00ff7f80', 100000), 'hex')),"
                        + " (5, (SELECT string_agg(set_byte('\\x00'::bytea, 0, g), ''::bytea) FROM generate_series(0, 255) g)),"
                        + " (6, 'abc\\\\N')");
        assertReadsAsPostgresPrints(db, "bin");
        try (Connection c = db.connect()) {
            assertEquals(ArrowType.Binary.INSTANCE, typeOf(PgArrow.readSchema(c, "bin", null), "b"));
        }
    }

    @Test
    void datesTimesAndTimestamps(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE dt (id int, d date, t time, tz timetz, ts timestamp, tstz timestamptz, t3 timestamp(3))");
        String[] dates = {"2000-01-01", "1999-12-31", "1970-01-01", "1969-12-31", "1900-02-28", "1582-10-04",
            "0001-01-01", "0001-12-31 BC", "0044-03-15 BC", "4714-11-24 BC", "5874897-12-31", "2024-02-29",
            "9999-12-31", "10000-01-01"};
        String[] times = {"00:00:00", "23:59:59.999999", "24:00:00", "12:34:56.789", "00:00:00.000001", "01:02:03.1"};
        String[] timetzs = {"00:00:00+00", "13:45:10.5+02", "23:59:59.999999-05:30", "12:00:00+05:45",
            "06:00:00+14", "06:00:00-12", "12:00:00+01:02:03", "24:00:00-15:59:59", "00:00:00.000001+15:59"};
        String[] stamps = {"2000-01-01 00:00:00", "1999-12-31 23:59:59.999999", "1970-01-01 00:00:00",
            "1969-12-31 23:59:59.5", "1900-01-01 12:00:00", "0001-01-01 00:00:00", "0001-12-31 23:59:59 BC",
            "0044-03-15 12:00:00.25 BC", "4713-01-01 00:00:00 BC", "294247-01-09 04:00:54.775807",
            "2024-02-29 13:14:15.161718", "10000-01-01 00:00:00"};
        StringBuilder sql = new StringBuilder("INSERT INTO dt VALUES ");
        int n = Math.max(Math.max(dates.length, times.length), Math.max(timetzs.length, stamps.length));
        for (int k = 0; k < n; k++) {
            if (k > 0) sql.append(", ");
            String ts = lit(stamps, k);
            sql.append("(").append(k).append(", ").append(lit(dates, k)).append("::date, ").append(lit(times, k))
                    .append("::time, ").append(lit(timetzs, k)).append("::timetz, ").append(ts).append("::timestamp, ")
                    .append(ts).append("::timestamptz, ").append(ts).append("::timestamp(3))");
        }
        sql.append(", (99, NULL, NULL, NULL, NULL, NULL, NULL)");
        db.execute("SET TimeZone = 'UTC'; " + sql);
        assertReadsAsPostgresPrints(db, "dt");
        try (Connection c = db.connect()) {
            Schema s = PgArrow.readSchema(c, "dt", null);
            assertEquals(new ArrowType.Date(DateUnit.DAY), typeOf(s, "d"));
            assertEquals(new ArrowType.Time(TimeUnit.MICROSECOND, 64), typeOf(s, "t"));
            assertEquals(ArrowType.Utf8.INSTANCE, typeOf(s, "tz"));
            assertEquals(new ArrowType.Timestamp(TimeUnit.MICROSECOND, null), typeOf(s, "ts"));
            assertEquals(new ArrowType.Timestamp(TimeUnit.MICROSECOND, "UTC"), typeOf(s, "tstz"));
            // an instant does not depend on the session time zone of the reading connection
            try (java.sql.Statement st = c.createStatement()) {
                st.execute("SET TimeZone = 'America/New_York'");
            }
            List<List<String>> ny = readText(c, "SELECT tstz FROM dt ORDER BY id", 100, null);
            assertEquals(PgText.query(c, "SELECT tstz::text FROM dt ORDER BY id"), ny);
        }
    }

    private static String lit(String[] values, int k) {
        return "'" + values[k % values.length] + "'";
    }

    @Test
    void infiniteDatesAndTimestamps(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE inf (id int, d date, ts timestamp, tstz timestamptz)",
                "INSERT INTO inf VALUES (1, '2000-01-01', '2000-01-01', '2000-01-01 00:00+00'),"
                        + " (2, 'infinity', 'infinity', 'infinity'), (3, '-infinity', '-infinity', '-infinity')");
        try (Connection c = db.connect()) {
            for (String col : List.of("d", "ts", "tstz")) {
                ReadValueException e = assertThrows(ReadValueException.class,
                        () -> readText(c, "SELECT " + col + " FROM inf ORDER BY id", 10, null));
                assertTrue(e.getMessage().contains("infinity") && e.getMessage().contains("infinity option"),
                        e.getMessage());
                assertEquals(2, e.row());
            }
            List<List<String>> rows = readText(c, "SELECT d, ts, tstz FROM inf ORDER BY id", 10,
                    ReadOptions.DEFAULT.withInfinity(ReadOptions.OnSpecial.NULL));
            assertEquals(List.of("2000-01-01", "2000-01-01 00:00:00", "2000-01-01 00:00:00+00"), rows.get(0));
            assertEquals(java.util.Arrays.asList(null, null, null), rows.get(1));
            assertEquals(java.util.Arrays.asList(null, null, null), rows.get(2));
        }
    }

    @Test
    void timestampsBeyondArrowMicrosecondsAreErrors(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE far (id int, ts timestamp)",
                "INSERT INTO far VALUES (1, '294276-12-31 23:59:59.999999')");
        try (Connection c = db.connect()) {
            ReadValueException e = assertThrows(ReadValueException.class, () -> readText(c, "far", 10, null));
            assertTrue(e.getMessage().contains("294247"), e.getMessage());
        }
    }

    @Test
    void intervals(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE iv (id int, i interval)",
                "INSERT INTO iv VALUES (1, '0'), (2, '1 year 2 months 3 days 04:05:06.789'), (3, '-1 days +02:00:00'),"
                        + " (4, '-1 year -2 mons +3 days -04:05:06'), (5, '1 mon'), (6, '-00:00:00.000001'),"
                        + " (7, '178000000 years'), (8, '-178000000 years'), (9, '2147483647 days'),"
                        + " (10, '-2147483648 days'), (11, '2562047 hours 47 minutes 16.854775 seconds'),"
                        + " (12, '-2562047 hours -47 minutes -16.854775 seconds'), (13, NULL), (14, '100 hours'),"
                        + " (15, '1 year -1 mon'), (16, '36 hours'), (17, '1 day 00:00:00.5')");
        assertReadsAsPostgresPrints(db, "iv");
        try (Connection c = db.connect()) {
            assertEquals(new ArrowType.Interval(IntervalUnit.MONTH_DAY_NANO), typeOf(PgArrow.readSchema(c, "iv", null), "i"));
            // the three fields exactly as PostgreSQL keeps them
            // each field to bigint before the sums: extract gives a double before PostgreSQL 14,
            // which cannot hold 2^63 nanoseconds' worth of microseconds exactly
            List<List<String>> parts = PgText.query(c, "SELECT (extract(year from i)::bigint * 12"
                    + " + extract(month from i)::bigint)::text, extract(day from i)::bigint::text,"
                    + " ((extract(hour from i)::bigint * 3600 + extract(minute from i)::bigint * 60) * 1000000"
                    + " + extract(microseconds from i)::bigint)::text FROM iv WHERE i IS NOT NULL ORDER BY id");
            try (PgArrowReader r = PgArrow.reader(c, "SELECT i FROM iv WHERE i IS NOT NULL ORDER BY id", 100, allocator, null)) {
                assertTrue(r.loadNextBatch());
                var v = (org.apache.arrow.vector.IntervalMonthDayNanoVector) r.root().getVector(0);
                for (int k = 0; k < parts.size(); k++) {
                    var b = v.getDataBuffer();
                    assertEquals(parts.get(k), List.of(
                            Integer.toString(org.apache.arrow.vector.IntervalMonthDayNanoVector.getMonths(b, k)),
                            Integer.toString(org.apache.arrow.vector.IntervalMonthDayNanoVector.getDays(b, k)),
                            Long.toString(org.apache.arrow.vector.IntervalMonthDayNanoVector.getNanoseconds(b, k) / 1000)));
                }
            }
            // more microseconds than 64-bit nanoseconds hold: an error, not a wrapped value
            db.execute("INSERT INTO iv VALUES (18, '2562048 hours')");
            ReadValueException e = assertThrows(ReadValueException.class, () -> readText(c, "iv", 100, null));
            assertTrue(e.getMessage().contains("nanoseconds"), e.getMessage());
        }
    }

    @Test
    void networkAddresses(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE net (id int, i inet, c cidr, m macaddr, m8 macaddr8)");
        String[][] rows = {
            {"192.168.0.1", "192.168.0.0/24", "08:00:2b:01:02:03", "08:00:2b:01:02:03:04:05"},
            {"192.168.0.1/24", "10.0.0.0/8", "ff:ff:ff:ff:ff:ff", "ff:ff:ff:ff:ff:ff:ff:ff"},
            {"0.0.0.0", "0.0.0.0/0", "00:00:00:00:00:00", "00:00:00:00:00:00:00:00"},
            {"255.255.255.255/0", "1.2.3.4/32", "AB:CD:EF:01:23:45", "0a:0b:0c:0d:0e:0f:10:11"},
            {"::1", "::/0", "08-00-2b-01-02-03", "08002b0102030405"},
            {"::", "2001:db8::/32", "0800.2b01.0203", "08:00:2b:01:02:03"},
            {"::ffff:1.2.3.4", "::ffff:1.2.3.0/120", "01:02:03:04:05:06", "01:02:03:04:05:06:07:08"},
            {"::1.2.3.4", "::/128", "01:02:03:04:05:06", "01:02:03:04:05:06:07:08"},
            {"::2", "ffff::/16", "01:02:03:04:05:06", "01:02:03:04:05:06:07:08"},
            {"2001:db8::1", "2001:db8:0:0:1::/80", "01:02:03:04:05:06", "01:02:03:04:05:06:07:08"},
            {"2001:db8:0:0:1:0:0:1", "2001:db8:1:2:3:4:5:6/128", "01:02:03:04:05:06", "01:02:03:04:05:06:07:08"},
            {"fe80::1/64", "fe80::/10", "01:02:03:04:05:06", "01:02:03:04:05:06:07:08"},
            {"1::", "1::/16", "01:02:03:04:05:06", "01:02:03:04:05:06:07:08"},
            {"1:0:0:1::", "1:0:0:1::/64", "01:02:03:04:05:06", "01:02:03:04:05:06:07:08"},
            {"1:2:3:4:5:6:7:8", "1:2:3:4:5:6:7:8/128", "01:02:03:04:05:06", "01:02:03:04:05:06:07:08"},
            {"0:0:0:0:0:ffff:0:1", "::ffff:0:0/96", "01:02:03:04:05:06", "01:02:03:04:05:06:07:08"},
            {"1:0:1:0:1:0:1:0", "::1:0:0:0/80", "01:02:03:04:05:06", "01:02:03:04:05:06:07:08"},
            {"::ffff:1.2.3.4/100", "10.1.2.0/23", "01:02:03:04:05:06", "01:02:03:04:05:06:07:08"},
        };
        StringBuilder sql = new StringBuilder("INSERT INTO net VALUES ");
        for (int k = 0; k < rows.length; k++) {
            sql.append(k > 0 ? ", " : "").append("(").append(k).append(", '").append(rows[k][0]).append("', '")
                    .append(rows[k][1]).append("', '").append(rows[k][2]).append("', '").append(rows[k][3]).append("')");
        }
        sql.append(", (99, NULL, NULL, NULL, NULL)");
        // random IPv6 addresses, half of their groups zero, so that every run length and position occurs
        Random random = new Random(42);
        for (int k = 0; k < 600; k++) {
            StringBuilder a = new StringBuilder();
            for (int g = 0; g < 8; g++) {
                a.append(g > 0 ? ":" : "").append(random.nextBoolean() ? "0" : Integer.toHexString(random.nextInt(0x10000)));
            }
            int bits = random.nextInt(4) == 0 ? random.nextInt(129) : 128;
            String v4 = random.nextInt(256) + "." + random.nextInt(256) + "." + random.nextInt(256) + "." + random.nextInt(256);
            sql.append(", (").append(1000 + k).append(", '").append(a).append("/").append(bits).append("', set_masklen('")
                    .append(a).append("'::cidr, ").append(bits).append("), NULL, NULL)");
            sql.append(", (").append(5000 + k).append(", '").append(v4).append("/").append(random.nextInt(33))
                    .append("', set_masklen('").append(v4).append("'::cidr, ").append(random.nextInt(33)).append("), NULL, NULL)");
        }
        db.execute(sql.toString());
        // inet and cidr as their output function prints them (the text() function always adds the mask length)
        assertReadsAsPostgresPrints(db, "net", Map.of("i", out("i"), "c", out("c")), ReadOptions.DEFAULT);
    }

    @Test
    void arrays(TestDatabase db) throws Exception {
        db.execute("CREATE TYPE color AS ENUM ('red', 'green')",
                "CREATE DOMAIN posint AS int CHECK (VALUE > 0)",
                "CREATE TABLE arr (id int, i int4[], t text[], v varchar(10)[], m int4[][], m3 int8[][][], n numeric(10,2)[],"
                        + " d date[], ts timestamp[], b bool[], u uuid[], j jsonb[], ip inet[], e color[], p posint[],"
                        + " s int2[], by bytea[], iv interval[], tz timetz[])",
                "INSERT INTO arr VALUES"
                        + " (1, '{1,2,3}', '{a,b}', '{x}', '{{1,2},{3,4}}', '{{{1,2},{3,4}},{{5,6},{7,8}}}', '{1.5,-2.25}',"
                        + "  '{2000-01-01,0001-01-01 BC}', '{\"2000-01-01 00:00:00\",\"1999-12-31 23:59:59.5\"}', '{t,f}',"
                        + "  '{a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11}', ARRAY['{\"a\": [1, \"x y\"]}'::jsonb, '[]'],"
                        + "  '{::1,10.0.0.1/8}', '{red,green}', '{1,2}', '{-32768,32767}', '{\"\\\\x00ff\",\"\\\\x\"}',"
                        + "  '{\"1 day\",\"-01:00:00\"}', '{12:00:00+02}'),"
                        + " (2, '{NULL,1,NULL}', ARRAY['', 'NULL', NULL, 'null', 'a b', 'q\"uote', 'back\\slash', E'tab\\there',"
                        + "  '{br,ace}', 'emoji 😀', E'new\\nline', '\\N'], '{NULL}', '{{1,NULL},{NULL,4}}', '{{{NULL}}}', '{NULL,0.01}',"
                        + "  '{NULL}', '{NULL}', '{NULL,t}', '{NULL}', '{NULL}', '{NULL}', '{NULL,red}', '{NULL}', '{NULL}',"
                        + "  '{NULL}', '{NULL}', '{NULL}'),"
                        + " (3, '{}', '{}', '{}', '{}', '{}', '{}', '{}', '{}', '{}', '{}', '{}', '{}', '{}', '{}', '{}', '{}',"
                        + "  '{}', '{}'),"
                        + " (4, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,"
                        + "  NULL, NULL),"
                        + " (5, array_fill(7, ARRAY[1000]), array_fill('x'::text, ARRAY[3]), '{a}', array_fill(1, ARRAY[30, 40]),"
                        + "  array_fill(2::int8, ARRAY[2, 3, 4]), '{99999999.99}', '{1970-01-01}', '{\"1970-01-01 00:00:00\"}',"
                        + "  '{f}', '{00000000-0000-0000-0000-000000000000}', '{null}', '{::}', '{green}', '{5}', '{0}',"
                        + "  '{\"\\\\x\"}', '{\"0\"}', '{00:00:00+00}')");
        assertReadsAsPostgresPrints(db, "arr");
        try (Connection c = db.connect()) {
            Schema s = PgArrow.readSchema(c, "arr", null);
            Field m3 = s.findField("m3");
            assertEquals(ArrowType.List.INSTANCE, m3.getType());
            Field level2 = m3.getChildren().get(0);
            assertEquals(ArrowType.List.INSTANCE, level2.getType());
            Field level3 = level2.getChildren().get(0);
            assertEquals(ArrowType.List.INSTANCE, level3.getType());
            assertEquals(new ArrowType.Int(64, true), level3.getChildren().get(0).getType());
            assertTrue(level3.getChildren().get(0).isNullable());
            assertEquals(new ArrowType.Decimal(10, 2, 128), s.findField("n").getChildren().get(0).getType());
            assertEquals(new ArrowType.Int(32, true), s.findField("p").getChildren().get(0).getType());
        }
    }

    @Test
    void arrayDimensionsAreChecked(TestDatabase db) throws Exception {
        // CREATE TABLE AS records no dimensions: read as 1-D unless told otherwise
        db.execute("CREATE TABLE dims AS SELECT 1 AS id, '{{1,2},{3,4}}'::int[] AS m, '[0:2]={1,2,3}'::int[] AS lb");
        try (Connection c = db.connect()) {
            ReadValueException e = assertThrows(ReadValueException.class, () -> readText(c, "dims", 10, null));
            assertTrue(e.getMessage().contains("2 dimensions") && e.getMessage().contains("arrayDimensions"),
                    e.getMessage());
            assertEquals("m", e.column());
            List<List<String>> rows = readText(c, "SELECT m, lb FROM dims", 10,
                    ReadOptions.DEFAULT.withArrayDimensions(Map.of("m", 2)));
            // lower bounds are not kept
            assertEquals(List.of(List.of("{{1,2},{3,4}}", "{1,2,3}")), rows);
            // a 1-D value in a column read as 2-D is an error too
            db.execute("INSERT INTO dims VALUES (2, '{1}', '{1}')");
            assertThrows(ReadValueException.class, () -> readText(c, "SELECT m FROM dims", 10,
                    ReadOptions.DEFAULT.withArrayDimensions(Map.of("m", 2))));
        }
    }

    @Test
    void typesWithoutADecoderAreReadAsTheirText(TestDatabase db) throws Exception {
        // multiranges exist from PostgreSQL 14 on; before, one more range type
        boolean multirange = db.serverVersionNum() >= 140000;
        db.execute("CREATE TYPE pair AS (a int, b text)",
                "CREATE DOMAIN money2 AS numeric(5,2)",
                "CREATE DOMAIN shorttext AS varchar(3)",
                "CREATE TABLE other (id int, mo money, pt point, r int4range, bits bit(3), vb varbit, c pair, ch \"char\","
                        + " pts point[], rs int4range[], dm money2, dt shorttext, ts tsvector, hs " + (multirange ? "int4multirange" : "int8range") + ")",
                "INSERT INTO other VALUES (1, 12.34, '(1,2)', '[1,5)', B'101', B'1', ROW(1, 'x y'), 'c',"
                        + " '{\"(1,2)\",NULL,\"(3.5,-4)\"}', '{\"[1,2)\",empty}', 123.45, 'abc', 'a fat cat', " + (multirange ? "'{[1,3),[5,7)}'" : "'[1,3)'") + "),"
                        + " (2, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),"
                        + " (3, -0.01, '(0,0)', 'empty', B'000', B'', ROW(NULL, NULL), ' ', '{}', '{}', -999.99, '', '', " + (multirange ? "'{}'" : "'empty'") + ")");
        assertReadsAsPostgresPrints(db, "other");
        try (Connection c = db.connect()) {
            Schema s = PgArrow.readSchema(c, "other", null);
            assertEquals(ArrowType.Utf8.INSTANCE, typeOf(s, "pt"));
            assertEquals(ArrowType.List.INSTANCE, typeOf(s, "pts"));
            assertEquals(ArrowType.Utf8.INSTANCE, s.findField("pts").getChildren().get(0).getType());
            assertEquals(new ArrowType.Decimal(5, 2, 128), typeOf(s, "dm"));
            assertEquals(ArrowType.Utf8.INSTANCE, typeOf(s, "dt"));
            try (PgArrowReader r = PgArrow.reader(c, "other", 10, allocator, null)) {
                assertTrue(r.copySql().contains("\"pt\"::text") && r.copySql().contains("\"pts\"::text[]"), r.copySql());
                assertFalse(r.copySql().contains("\"dm\"::"), r.copySql());
            }
        }
    }

    @Test
    void batchesReuseOneRootAndStayBounded(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE many AS SELECT g AS id, g::text || repeat('x', g % 50) AS t, g * 1.5 AS n,"
                + " ARRAY[g, g + 1] AS a FROM generate_series(1, 100000) g");
        try (Connection c = db.connect();
                PgArrowReader r = PgArrow.reader(c, "many", 4096, allocator, null)) {
            VectorSchemaRoot root = r.root();
            long rows = 0;
            long sum = 0;
            int batches = 0;
            long maxMemory = 0;
            while (r.loadNextBatch()) {
                assertSame(root, r.root());
                assertTrue(root.getRowCount() <= 4096);
                batches++;
                var ids = (org.apache.arrow.vector.IntVector) root.getVector("id");
                var t = (VarCharVector) root.getVector("t");
                var a = (ListVector) root.getVector("a");
                for (int i = 0; i < root.getRowCount(); i++) {
                    int id = ids.get(i);
                    sum += id;
                    assertEquals(id + "x".repeat(id % 50), new String(t.get(i), java.nio.charset.StandardCharsets.UTF_8));
                    assertEquals(List.of(id, id + 1), a.getObject(i));
                }
                rows += root.getRowCount();
                if (batches > 3) maxMemory = Math.max(maxMemory, allocator.getAllocatedMemory());
            }
            assertEquals(100000, rows);
            assertEquals(100000L * 100001 / 2, sum);
            assertEquals(25, batches);
            assertEquals(0, root.getRowCount());
            assertFalse(r.loadNextBatch());
            assertEquals(100000, r.rowsRead());
            assertTrue(maxMemory < 16 << 20, "memory per batch should stay bounded, was " + maxMemory);
        }
    }

    @Test
    void queries(TestDatabase db) throws Exception {
        db.execute("CREATE SCHEMA \"My Schema\"",
                "CREATE TABLE \"My Schema\".\"Odd \"\"Table\"\"\" (\"Id\" int, \"a b\" numeric(6,3), \"sel\"\"ect\" text)",
                "INSERT INTO \"My Schema\".\"Odd \"\"Table\"\"\" VALUES (1, 123.456, 'x'), (2, NULL, NULL)");
        try (Connection c = db.connect()) {
            // a quoted, mixed-case, schema-qualified name
            List<List<String>> rows = readText(c, "\"My Schema\".\"Odd \"\"Table\"\"\"", 10, null);
            assertEquals(List.of(List.of("1", "123.456", "x"), java.util.Arrays.asList("2", null, null)), rows);
            Schema s = PgArrow.readSchema(c, "\"My Schema\".\"Odd \"\"Table\"\"\"", null);
            assertEquals(List.of("Id", "a b", "sel\"ect"), s.getFields().stream().map(Field::getName).toList());
            // a query: typmods come through the row description, duplicate names and casts work together
            String q = "  SELECT \"a b\" AS x, \"a b\" * 2 AS x, point(1, 2) AS x, 1.5::numeric(4,1) AS y"
                    + " FROM \"My Schema\".\"Odd \"\"Table\"\"\" ORDER BY \"Id\" ;; ";
            Schema qs = PgArrow.readSchema(c, q, null);
            assertEquals(new ArrowType.Decimal(6, 3, 128), qs.getFields().get(0).getType());
            assertEquals(new ArrowType.Decimal(38, 18, 128), qs.getFields().get(1).getType());
            assertEquals(ArrowType.Utf8.INSTANCE, qs.getFields().get(2).getType());
            assertEquals(new ArrowType.Decimal(4, 1, 128), qs.getFields().get(3).getType());
            assertEquals(List.of("x", "x", "x", "y"), qs.getFields().stream().map(Field::getName).toList());
            List<List<String>> qrows = readText(c, q, 10, null);
            assertEquals(List.of("123.456", "246.912000000000000000", "(1,2)", "1.5"), qrows.get(0));
            // WITH and VALUES are queries too
            assertEquals(List.of(List.of("1"), List.of("2")),
                    readText(c, "WITH w AS (SELECT 1 AS a UNION ALL SELECT 2) SELECT a FROM w ORDER BY a", 10, null));
            assertEquals(List.of(List.of("7", "seven")), readText(c, "VALUES (7, 'seven')", 10, null));
            assertEquals(List.of(List.of("1", "123.456", "x"), java.util.Arrays.asList("2", null, null)),
                    readText(c, "(SELECT * FROM \"My Schema\".\"Odd \"\"Table\"\"\" ORDER BY 1)", 10, null));
            // a query that fails at run time reports the server's error; the connection stays usable
            Exception e = assertThrows(java.io.IOException.class, () -> readText(c,
                    "SELECT 1 / (g - 500) FROM generate_series(1, 1000) g", 10, null));
            assertTrue(String.valueOf(e.getCause()).contains("division by zero"), String.valueOf(e.getCause()));
            assertEquals(List.of(List.of("42")), readText(c, "SELECT 42", 10, null));
            assertThrows(java.sql.SQLException.class, () -> PgArrow.reader(c, "no_such_table", 10, allocator, null));
        }
    }

    @Test
    void closingEarlyLeavesTheConnectionUsable(TestDatabase db) throws Exception {
        try (Connection c = db.connect()) {
            for (int k = 0; k < 3; k++) {
                try (PgArrowReader r = PgArrow.reader(c, "SELECT g, repeat('z', 200) FROM generate_series(1, 2000000) g",
                        1000, allocator, null)) {
                    assertTrue(r.loadNextBatch());
                    assertEquals(1000, r.root().getRowCount());
                }
                assertEquals(List.of(List.of("42")), readText(c, "SELECT 42", 10, null));
            }
        }
    }

    @Test
    void decimalsOfUpTo18DigitsTakeTheLongPath(TestDatabase db) throws Exception {
        // every combination of weight and scale around the base-10000 digit boundaries, against BigDecimal
        db.execute("CREATE TABLE dec AS SELECT g AS id, (g::numeric * 10::numeric ^ (g % 23 - 11) * (CASE WHEN g % 2 = 0 THEN -1 ELSE 1 END))"
                + "::numeric(30,11) AS v FROM generate_series(1, 5000) g");
        try (Connection c = db.connect()) {
            List<List<String>> expected = PgText.query(c, "SELECT v::text FROM dec ORDER BY id");
            try (PgArrowReader r = PgArrow.reader(c, "SELECT v FROM dec ORDER BY id", 5000, allocator, null)) {
                assertTrue(r.loadNextBatch());
                DecimalVector v = (DecimalVector) r.root().getVector(0);
                for (int k = 0; k < expected.size(); k++) {
                    assertEquals(new BigDecimal(expected.get(k).get(0)), v.getObject(k), "row " + k);
                }
            }
        }
    }

    @Test
    void isQueryTellsQueriesFromTableNames() {
        for (String q : List.of("SELECT 1", "select*from t", " with x as (select 1) select * from x", "VALUES (1)",
                "TABLE t", "(select 1)", "\nSelect\t1")) {
            assertTrue(PgArrow.isQuery(q), q);
        }
        for (String t : List.of("t", "selection", "public.t", "\"select\"", "select_me", "tables", "with.t", "values$")) {
            assertFalse(PgArrow.isQuery(t), t);
        }
        assertEquals("select 1", ReadPlanner.trimQuery(" select 1 ; ; "));
    }
}
