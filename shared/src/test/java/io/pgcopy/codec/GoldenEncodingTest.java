package io.pgcopy.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgcopy.mapping.MappingOptions;
import io.pgcopy.mapping.WritePlan;
import io.pgcopy.mapping.WritePlanner;
import io.pgcopy.sql.TableName;
import io.pgcopy.testing.CopyBytes;
import io.pgcopy.testing.ObjectValues;
import io.pgcopy.testing.PostgresExtension;
import io.pgcopy.testing.TestDatabase;
import io.pgcopy.values.IndexedValues.Interval;
import io.pgcopy.values.SourceField;
import io.pgcopy.values.SourceType;
import java.math.BigDecimal;
import java.sql.Connection;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * PostgreSQL is the oracle: for every type and its edge values, the bytes pgcopy encodes equal the
 * bytes the server emits for {@code COPY ... TO STDOUT (FORMAT binary)} of the same values, and
 * loading pgcopy's bytes gives back what {@code ::text} shows for the server's own rows.
 */
@Tag("compat")
@ExtendWith(PostgresExtension.class)
class GoldenEncodingTest {
    private static final String LONG_TEXT = "x".repeat(100_000) + "é";

    /** One type, one source type, values with the SQL literal that means the same value. */
    record Case(String pgType, SourceType source, MappingOptions options, boolean sameBytes, List<Object> values,
            List<String> literals) {
        @Override
        public String toString() {
            return pgType + " <- " + source + (sameBytes ? "" : " (round trip only)");
        }
    }

    private static Case c(String pgType, SourceType source, Object... valueLiteralPairs) {
        return co(pgType, source, MappingOptions.DEFAULT, true, valueLiteralPairs);
    }

    private static Case co(String pgType, SourceType source, MappingOptions options, boolean sameBytes,
            Object... pairs) {
        List<Object> values = new ArrayList<>();
        List<String> literals = new ArrayList<>();
        for (int k = 0; k < pairs.length; k += 2) {
            values.add(pairs[k]);
            literals.add((String) pairs[k + 1]);
        }
        values.add(null);
        literals.add("NULL");
        return new Case(pgType, source, options, sameBytes, values, literals);
    }

    private static BigDecimal d(String s) {
        return new BigDecimal(s);
    }

    /** numeric ±Infinity exist from PostgreSQL 14 on. */
    static List<Case> cases(int serverVersionNum) {
        List<Case> all = new ArrayList<>(cases());
        if (serverVersionNum >= 140000) {
            all.add(c("numeric", SourceType.DOUBLE, Double.POSITIVE_INFINITY, "'Infinity'",
                    Double.NEGATIVE_INFINITY, "'-Infinity'"));
        }
        return all;
    }

    static List<Case> cases() {
        SourceType dec38 = SourceType.decimal(38, 10);
        return List.of(
                c("boolean", SourceType.BOOLEAN, true, "true", false, "false"),
                c("smallint", SourceType.SHORT, (short) 0, "0", (short) -1, "-1", Short.MAX_VALUE, "32767",
                        Short.MIN_VALUE, "-32768"),
                c("smallint", SourceType.BYTE, (byte) -128, "-128", (byte) 127, "127"),
                c("smallint", SourceType.INT, 32767, "32767", -32768, "-32768"),
                c("integer", SourceType.INT, 0, "0", Integer.MAX_VALUE, "2147483647", Integer.MIN_VALUE,
                        "-2147483648"),
                c("integer", SourceType.SHORT, (short) -7, "-7"),
                c("integer", SourceType.LONG, 2147483647L, "2147483647"),
                c("bigint", SourceType.LONG, Long.MAX_VALUE, "9223372036854775807", Long.MIN_VALUE,
                        "-9223372036854775808", 0L, "0"),
                c("bigint", SourceType.INT, -5, "-5"),
                c("oid", SourceType.LONG, 0L, "0", 4294967295L, "4294967295", 12345L, "12345"),
                c("real", SourceType.FLOAT, 0f, "0", -0f, "'-0'", 1.5f, "1.5", Float.NaN, "'NaN'",
                        Float.POSITIVE_INFINITY, "'Infinity'", Float.NEGATIVE_INFINITY, "'-Infinity'",
                        Float.MAX_VALUE, "'3.4028235e38'", Float.MIN_VALUE, "'1e-45'"),
                c("double precision", SourceType.DOUBLE, 0d, "0", 3.141592653589793, "3.141592653589793",
                        Double.NaN, "'NaN'", Double.NEGATIVE_INFINITY, "'-Infinity'", Double.MAX_VALUE,
                        "'1.7976931348623157e308'", Double.MIN_VALUE, "'4.9e-324'", -1e-300, "'-1e-300'"),
                c("double precision", SourceType.FLOAT, 0.5f, "0.5"),
                c("double precision", SourceType.INT, 42, "42"),
                c("numeric", dec38, d("0"), "'0.0000000000'", d("1234.5678"), "'1234.5678000000'",
                        d("0.00001"), "'0.0000100000'", d("-1.5"), "'-1.5000000000'", d("10000"),
                        "'10000.0000000000'", d("9999999999999999999999999999.9999999999"),
                        "'9999999999999999999999999999.9999999999'", d("-0.0000000001"), "'-0.0000000001'"),
                c("numeric", SourceType.decimal(18, 0), d("100000000"), "'100000000'", d("1"), "'1'",
                        d("-999999999999999999"), "'-999999999999999999'", d("0"), "'0'"),
                c("numeric", SourceType.decimal(18, 18), d("0.123456789012345678"), "'0.123456789012345678'",
                        d("-0.000000000000000001"), "'-0.000000000000000001'"),
                c("numeric", SourceType.decimal(60, 20),
                        d("12345678901234567890123456789012345678.12345678901234567890"),
                        "'12345678901234567890123456789012345678.12345678901234567890'",
                        d("-0.00000000000000000001"), "'-0.00000000000000000001'"),
                c("numeric", SourceType.decimal(7, 3), d("1.500"), "'1.500'", d("-0.001"), "'-0.001'",
                        d("1000.000"), "'1000.000'"),
                c("numeric", SourceType.LONG, Long.MIN_VALUE, "'-9223372036854775808'", 10000L, "10000",
                        123456789L, "123456789"),
                c("numeric", SourceType.DOUBLE, Double.NaN, "'NaN'", 0.1, "0.1", 1e20, "'100000000000000000000'",
                        -2.5e-7, "'-0.00000025'"),
                c("numeric(15,2)", SourceType.decimal(15, 2), d("1.50"), "1.50", d("-9999999999999.99"),
                        "-9999999999999.99", d("0.00"), "0", d("0.01"), "0.01"),
                c("numeric(10,4)", SourceType.decimal(12, 2), d("12.34"), "12.34", d("-0.01"), "-0.01"),
                c("numeric(10,2)", SourceType.decimal(18, 6), d("1.005000"), "1.005", d("-1.004999"), "-1.004999",
                        d("2.345678"), "2.345678"),
                c("numeric(30,10)", SourceType.decimal(38, 12), d("12345678901234567890.123456789012"),
                        "12345678901234567890.123456789012"),
                c("numeric(5,0)", SourceType.INT, 99999, "99999", -3, "-3"),
                c("numeric(20,2)", SourceType.DOUBLE, Double.NaN, "'NaN'", 0.125, "0.125"),
                c("text", SourceType.STRING, "", "''", "a\tb\nc\rd\\e'f\"g", "E'a\\tb\\nc\\rd\\\\e''f\"g'",
                        "\\N", "E'\\\\N'", "😀 e\u0301 ß 中文", "'😀 e\u0301 ß 中文'", "NULL", "'NULL'",
                        LONG_TEXT, "'" + LONG_TEXT + "'"),
                c("character varying", SourceType.STRING, "abc", "'abc'"),
                c("varchar(5)", SourceType.STRING, "abc", "'abc'", "abcde", "'abcde'", "abcde   ",
                        "'abcde'", "ééééé", "'ééééé'"),
                c("char(3)", SourceType.STRING, "a", "'a'", "", "''", "abc", "'abc'", "ab   ", "'ab'", "é", "'é'"),
                c("bpchar", SourceType.STRING, "a  ", "'a  '"),
                c("name", SourceType.STRING, "pg_class", "'pg_class'", "x".repeat(63), "'" + "x".repeat(63) + "'"),
                c("xml", SourceType.STRING, "<a b=\"1\">x</a>", "'<a b=\"1\">x</a>'"),
                c("json", SourceType.STRING, "{\"a\": [1, 2.5e3, \"x\\u00e9\"], \"b\": null}",
                        "'{\"a\": [1, 2.5e3, \"x\\u00e9\"], \"b\": null}'", " [ ] ", "' [ ] '", "\"s\"", "'\"s\"'",
                        "-0.5", "'-0.5'"),
                c("jsonb", SourceType.STRING, "{\"a\": 1, \"b\": [true, null]}", "'{\"a\": 1, \"b\": [true, null]}'",
                        "\"é\"", "'\"é\"'", "[]", "'[]'"),
                co("jsonb", SourceType.STRING, MappingOptions.DEFAULT, false, "{\"b\":1,   \"a\":{\"c\":2}}",
                        "'{\"b\":1,   \"a\":{\"c\":2}}'"),
                c("jsonb", SourceType.JSON, "{\"k\": \"v\"}", "'{\"k\": \"v\"}'"),
                c("bytea", SourceType.BINARY, new byte[0], "''::bytea", allBytes(), "'\\x" + hexAll() + "'::bytea"),
                c("uuid", SourceType.STRING, "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11",
                        "'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'", "A0EEBC999C0B4EF8BB6D6BB9BD380A12",
                        "'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a12'", "{a0eebc99-9c0b4ef8-bb6d6bb9-bd380a13}",
                        "'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a13'", "00000000-0000-0000-0000-000000000000",
                        "'00000000-0000-0000-0000-000000000000'"),
                c("uuid", SourceType.BINARY, uuidBytes(), "'00010203-0405-0607-0809-0a0b0c0d0e0f'"),
                c("inet", SourceType.STRING, "192.168.0.1", "'192.168.0.1'", "10.1.2.3/8", "'10.1.2.3/8'",
                        "0.0.0.0/0", "'0.0.0.0/0'", "::1", "'::1'", "2001:db8::ff00:42:8329",
                        "'2001:db8::ff00:42:8329'", "::ffff:1.2.3.4", "'::ffff:1.2.3.4'", "fe80::1/64",
                        "'fe80::1/64'", "::", "'::'", "1:2:3:4:5:6:7:8", "'1:2:3:4:5:6:7:8'"),
                c("cidr", SourceType.STRING, "10.0.0.0/8", "'10.0.0.0/8'", "192.168.1.1", "'192.168.1.1'",
                        "2001:db8::/32", "'2001:db8::/32'", "::/0", "'::/0'"),
                c("date", SourceType.DATE, LocalDate.of(2000, 1, 1), "'2000-01-01'", LocalDate.of(1970, 1, 1),
                        "'1970-01-01'", LocalDate.of(1999, 12, 31), "'1999-12-31'", LocalDate.of(1, 1, 1),
                        "'0001-01-01'", LocalDate.of(0, 12, 31), "'0001-12-31 BC'", LocalDate.of(-4712, 1, 1),
                        "'4713-01-01 BC'", LocalDate.of(5874897, 12, 31), "'5874897-12-31'",
                        Integer.MAX_VALUE, "'infinity'", Integer.MIN_VALUE, "'-infinity'"),
                c("time", SourceType.TIME, LocalTime.MIDNIGHT, "'00:00'", LocalTime.of(12, 34, 56, 789_012_000),
                        "'12:34:56.789012'", LocalTime.MAX.withNano(999_999_000), "'23:59:59.999999'",
                        86_400_000_000L, "'24:00:00'"),
                c("time", SourceType.STRING, "00:00", "'00:00'", "13:45:10.5", "'13:45:10.5'", " 23:59:59.999999 ",
                        "'23:59:59.999999'", "24:00:00", "'24:00:00'", "12:00:00.0000005", "'12:00:00.0000005'",
                        "12:00:00.0000015", "'12:00:00.0000015'", "12:00:00.00000051", "'12:00:00.00000051'"),
                c("timetz", SourceType.STRING, "13:45:10.5+02", "'13:45:10.5+02'", "08:00:00-05:30",
                        "'08:00:00-05:30'", "23:59:59.999999Z", "'23:59:59.999999+00'", "00:00+14",
                        "'00:00+14'"),
                c("timetz", SourceType.TIME, LocalTime.of(1, 2, 3), "'01:02:03+00'"),
                c("timestamp", SourceType.TIMESTAMP, LocalDateTime.of(2000, 1, 1, 0, 0), "'2000-01-01'",
                        LocalDateTime.of(1970, 1, 1, 0, 0), "'1970-01-01'",
                        LocalDateTime.of(1900, 6, 15, 12, 0, 0, 1000), "'1900-06-15 12:00:00.000001'",
                        LocalDateTime.of(1, 1, 1, 0, 0), "'0001-01-01 00:00'",
                        LocalDateTime.of(-4712, 1, 1, 0, 0), "'4713-01-01 00:00 BC'",
                        LocalDateTime.of(294247, 1, 1, 0, 0, 0, 999_000),
                        "'294247-01-01 00:00:00.000999'", Long.MAX_VALUE, "'infinity'", Long.MIN_VALUE,
                        "'-infinity'"),
                c("timestamp", SourceType.DATE, LocalDate.of(2024, 2, 29), "'2024-02-29'"),
                co("timestamp", SourceType.TIMESTAMP_LTZ, MappingOptions.DEFAULT.withSessionZone(
                        ZoneId.of("America/New_York")), true, Instant.parse("2020-01-01T00:00:00Z"),
                        "'2019-12-31 19:00'", Instant.parse("2020-07-01T12:00:00.5Z"), "'2020-07-01 08:00:00.5'"),
                c("timestamptz", SourceType.TIMESTAMP_LTZ, Instant.parse("2020-01-01T00:00:00Z"),
                        "'2020-01-01 00:00+00'", Instant.parse("1969-12-31T23:59:59.999999Z"),
                        "'1969-12-31 23:59:59.999999+00'", Instant.parse("-0100-03-01T00:00:00Z"),
                        "'0101-03-01 00:00+00 BC'", Long.MAX_VALUE, "'infinity'", Long.MIN_VALUE, "'-infinity'"),
                co("timestamptz", SourceType.TIMESTAMP, MappingOptions.DEFAULT.withNaiveTimestampZone(
                        ZoneId.of("Europe/Paris")), true, LocalDateTime.of(2020, 6, 1, 12, 0),
                        "'2020-06-01 12:00 Europe/Paris'", LocalDateTime.of(2020, 1, 1, 12, 0),
                        "'2020-01-01 12:00 Europe/Paris'"),
                c("interval", SourceType.INTERVAL, new Interval(1, 2, 3), "'1 mon 2 days 0.000003 sec'",
                        new Interval(-14, -3, -3_600_000_000L), "'-1 year -2 mons -3 days -01:00:00'",
                        new Interval(0, 0, 0), "'0'"),
                c("interval", SourceType.INTERVAL_YEAR_MONTH, 14, "'1 year 2 mons'"),
                c("interval", SourceType.INTERVAL_DAY_TIME, 90_061_000_001L, "'25:01:01.000001'"),
                c("integer[]", SourceType.array(SourceType.INT, true), List.of(1, 2, 3), "'{1,2,3}'",
                        Arrays.asList(1, null, 3), "'{1,NULL,3}'", List.of(), "'{}'", Arrays.asList((Object) null),
                        "'{NULL}'"),
                c("integer[]", SourceType.array(SourceType.array(SourceType.INT, true), true),
                        List.of(List.of(1, 2), List.of(3, 4)), "'{{1,2},{3,4}}'", List.of(List.of(), List.of()),
                        "'{}'", List.of(Arrays.asList(null, 5)), "'{{NULL,5}}'"),
                c("bigint[]", SourceType.array(SourceType.array(SourceType.array(SourceType.LONG, true), true), true),
                        List.of(List.of(List.of(1L), List.of(2L)), List.of(List.of(3L), List.of(4L))),
                        "'{{{1},{2}},{{3},{4}}}'"),
                c("text[]", SourceType.array(SourceType.STRING, true), Arrays.asList("a,b", "\"q\"", null, "", "NULL",
                        "{}"), "ARRAY['a,b', '\"q\"', NULL, '', 'NULL', '{}']"),
                c("varchar(4)[]", SourceType.array(SourceType.STRING, true), List.of("ab", "abcd"),
                        "'{ab,abcd}'"),
                c("char(2)[]", SourceType.array(SourceType.STRING, true), List.of("a", "bc"), "'{a,bc}'"),
                c("numeric(10,2)[]", SourceType.array(SourceType.decimal(10, 2), true), Arrays.asList(d("1.50"),
                        null, d("-2.25")), "'{1.50,NULL,-2.25}'"),
                c("uuid[]", SourceType.array(SourceType.STRING, false),
                        List.of("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"), "'{a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11}'"),
                c("date[]", SourceType.array(SourceType.DATE, true), List.of(LocalDate.of(1999, 1, 2)),
                        "'{1999-01-02}'"),
                c("timestamptz[]", SourceType.array(SourceType.TIMESTAMP_LTZ, true),
                        List.of(Instant.parse("2021-05-06T07:08:09Z")), "'{2021-05-06 07:08:09+00}'"),
                c("jsonb[]", SourceType.array(SourceType.STRING, true), List.of("{\"a\": 1}", "[]"),
                        "ARRAY['{\"a\": 1}'::jsonb, '[]'::jsonb]"),
                c("boolean[]", SourceType.array(SourceType.BOOLEAN, true), Arrays.asList(true, null, false),
                        "'{t,NULL,f}'"),
                c("bytea[]", SourceType.array(SourceType.BINARY, true), List.of(new byte[] {1, 2}),
                        "ARRAY['\\x0102'::bytea]"),
                c("interval[]", SourceType.array(SourceType.INTERVAL, true), List.of(new Interval(1, 0, 0)),
                        "ARRAY['1 mon'::interval]"),
                c("inet[]", SourceType.array(SourceType.STRING, true), List.of("10.0.0.1", "::1"),
                        "'{10.0.0.1,::1}'"));
    }

    private static byte[] allBytes() {
        byte[] b = new byte[256];
        for (int k = 0; k < 256; k++) b[k] = (byte) k;
        return b;
    }

    private static String hexAll() {
        StringBuilder sb = new StringBuilder();
        for (int k = 0; k < 256; k++) sb.append(String.format("%02x", k));
        return sb.toString();
    }

    private static byte[] uuidBytes() {
        byte[] b = new byte[16];
        for (int k = 0; k < 16; k++) b[k] = (byte) k;
        return b;
    }

    @BeforeAll
    static void types(TestDatabase db) throws Exception {
        db.execute("CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy', 'très content')",
                "CREATE DOMAIN posint AS integer CHECK (VALUE > 0)",
                "CREATE DOMAIN code5 AS varchar(5)",
                "CREATE DOMAIN intlist AS integer[]",
                "CREATE EXTENSION IF NOT EXISTS citext");
    }

    static List<Case> catalogCases() {
        return List.of(
                c("mood", SourceType.STRING, "sad", "'sad'", "très content", "'très content'"),
                c("mood[]", SourceType.array(SourceType.STRING, true), Arrays.asList("ok", null, "happy"),
                        "'{ok,NULL,happy}'"),
                c("posint", SourceType.INT, 7, "7"),
                c("code5", SourceType.STRING, "ab", "'ab'", "abcde", "'abcde'"),
                c("intlist", SourceType.array(SourceType.INT, true), List.of(4, 5), "'{4,5}'"),
                c("posint[]", SourceType.array(SourceType.LONG, true), List.of(1L, 2L), "'{1,2}'"),
                c("citext", SourceType.STRING, "MiXeD", "'MiXeD'"));
    }

    @TestFactory
    Stream<DynamicTest> builtInTypes(TestDatabase db) throws Exception {
        return tests(db, cases(db.serverVersionNum()), "g");
    }

    @Test
    void numericInfinityIsRefusedBeforeTheServerBeforePostgres14(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE ninf (v numeric)");
        try (Connection conn = db.connect()) {
            WritePlan plan = WritePlanner.plan(conn, TableName.parse("ninf"),
                    List.of(new SourceField("v", SourceType.DOUBLE, true)), MappingOptions.DEFAULT);
            List<ObjectValues> rows = List.of(new ObjectValues(Double.NEGATIVE_INFINITY));
            if (db.serverVersionNum() >= 140000) {
                CopyBytes.copyIn(conn, plan.copySql(), CopyBytes.encode(plan, rows));
                assertEquals(List.of(List.of("-Infinity")), db.queryText("SELECT v::text FROM ninf"));
            } else {
                Exception e = assertThrows(RuntimeException.class, () -> CopyBytes.encode(plan, rows));
                assertTrue(String.valueOf(e.getMessage()).contains("no infinity before PostgreSQL 14"),
                        e.toString());
            }
        }
    }

    @TestFactory
    Stream<DynamicTest> enumsDomainsAndExtensions(TestDatabase db) {
        return tests(db, catalogCases(), "c");
    }

    private Stream<DynamicTest> tests(TestDatabase db, List<Case> cases, String prefix) {
        List<DynamicTest> tests = new ArrayList<>();
        for (int k = 0; k < cases.size(); k++) {
            Case tc = cases.get(k);
            String table = prefix + k;
            tests.add(DynamicTest.dynamicTest(k + ": " + tc, () -> check(db, tc, table)));
        }
        return tests.stream();
    }

    private void check(TestDatabase db, Case tc, String table) throws Exception {
        // one row a statement, so each literal gets the column's type alone; all on one connection
        List<String> setup = new ArrayList<>(List.of("CREATE TABLE " + table + " (id int PRIMARY KEY, v "
                + tc.pgType() + ")", "CREATE TABLE " + table + "_rt (id int PRIMARY KEY, v " + tc.pgType() + ")"));
        for (int r = 0; r < tc.literals().size(); r++) {
            setup.add("INSERT INTO " + table + " VALUES (" + r + ", " + tc.literals().get(r) + ")");
        }
        db.execute(setup.toArray(String[]::new));
        try (Connection conn = db.connect()) {
            List<ObjectValues> valueRows = new ArrayList<>();
            List<ObjectValues> idRows = new ArrayList<>();
            for (int r = 0; r < tc.values().size(); r++) {
                valueRows.add(new ObjectValues(tc.values().get(r)));
                idRows.add(new ObjectValues(r, tc.values().get(r)));
            }
            if (tc.sameBytes()) {
                WritePlan valueOnly = WritePlanner.plan(conn, TableName.parse(table),
                        List.of(new SourceField("v", tc.source(), true)), tc.options());
                byte[] expected = CopyBytes.copyOut(conn, "SELECT v FROM " + table + " ORDER BY id");
                byte[] actual = CopyBytes.encode(valueOnly, valueRows);
                assertEquals(CopyBytes.hex(expected), CopyBytes.hex(actual), "bytes for " + tc);
            }
            WritePlan withId = WritePlanner.plan(conn, TableName.parse(table + "_rt"),
                    List.of(new SourceField("id", SourceType.INT, false), new SourceField("v", tc.source(), true)),
                    tc.options());
            CopyBytes.copyIn(conn, withId.copySql(), CopyBytes.encode(withId, idRows));
        }
        assertEquals(db.queryText("SELECT id, v::text FROM " + table + " ORDER BY id"),
                db.queryText("SELECT id, v::text FROM " + table + "_rt ORDER BY id"), "round trip of " + tc);
    }
}
