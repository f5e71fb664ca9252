package io.pgcopy.arrow;

import static io.pgcopy.arrow.ArrowValues.list;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgcopy.codec.CopyValueException;
import io.pgcopy.mapping.MappingOptions;
import io.pgcopy.mapping.SchemaMismatchException;
import io.pgcopy.testing.PostgresExtension;
import io.pgcopy.testing.TestDatabase;
import io.pgcopy.values.SourceType;
import java.math.BigDecimal;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.IntervalUnit;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Arrow to PostgreSQL to Arrow through the public API, for every Arrow type of the write mapping. */
@Tag("compat")
@ExtendWith(PostgresExtension.class)
class PgArrowWriteTest {
    private BufferAllocator allocator;

    @BeforeEach
    void open() {
        allocator = new RootAllocator();
    }

    @AfterEach
    void close() {
        allocator.close();
    }

    /** One column: its Arrow field, the PostgreSQL column type, values, and the value expected back. */
    private record Col(Field field, String pgType, List<Object> values, Function<Object, Object> expect,
            ArrowType readType) {}

    private static Field field(String name, ArrowType type, Field... children) {
        return new Field(name, FieldType.nullable(type), List.of(children));
    }

    private static Col col(String name, ArrowType type, String pgType, List<Object> values) {
        return new Col(field(name, type), pgType, values, Function.identity(), null);
    }

    /** A column whose Arrow type reads back as itself. */
    private static Col same(String name, ArrowType type, String pgType, List<Object> values) {
        return new Col(field(name, type), pgType, values, Function.identity(), type);
    }

    private static Col col(Field field, String pgType, List<Object> values) {
        return new Col(field, pgType, values, Function.identity(), null);
    }

    private static byte[] bytes(int... b) {
        byte[] out = new byte[b.length];
        for (int k = 0; k < b.length; k++) out[k] = (byte) b[k];
        return out;
    }

    private static String uuidFromHex(Object hex) {
        String h = ((String) hex).substring(2);
        return h.substring(0, 8) + "-" + h.substring(8, 12) + "-" + h.substring(12, 16) + "-" + h.substring(16, 20) + "-"
                + h.substring(20);
    }

    private static final long MAX_TS_SECONDS = 253402300799L; // 9999-12-31 23:59:59
    private static final long MIN_TS_SECONDS = -62135596800L; // 0001-01-01 00:00:00

    /** Six rows per column: five values, then NULL. */
    private static List<Col> columns() {
        byte[] allBytes = new byte[256];
        for (int k = 0; k < 256; k++) allBytes[k] = (byte) k;
        String weird = "tab\tnew\nline\rcr back\\slash \"quote' \\N NULL ,{}";
        String emoji = "emoji 😀 ☃ é";
        String longText = "long ☃ ".repeat(30000);
        ArrowType utc = new ArrowType.Timestamp(TimeUnit.MICROSECOND, "UTC");
        List<Col> c = new ArrayList<>();
        c.add(same("b", ArrowType.Bool.INSTANCE, "boolean", list(true, false, true, false, true, null)));
        c.add(col("i8", new ArrowType.Int(8, true), "smallint", list(0, 127, -128, -5, 1, null)));
        c.add(same("i16", new ArrowType.Int(16, true), "smallint", list(0, 32767, -32768, 7, -1, null)));
        c.add(same("i32", new ArrowType.Int(32, true), "integer", list(0, Integer.MAX_VALUE, Integer.MIN_VALUE, 42, -1, null)));
        c.add(same("i64", new ArrowType.Int(64, true), "bigint", list(0L, Long.MAX_VALUE, Long.MIN_VALUE, -42L, 1L, null)));
        c.add(col("u8", new ArrowType.Int(8, false), "smallint", list(0, 255, 128, 7, 1, null)));
        c.add(col("u16", new ArrowType.Int(16, false), "integer", list(0, 65535, 32768, 7, 1, null)));
        c.add(col("u32", new ArrowType.Int(32, false), "bigint", list(0L, 4294967295L, 2147483648L, 7L, 1L, null)));
        c.add(col("u64", new ArrowType.Int(64, false), "numeric(20,0)",
                list("0", "18446744073709551615", "9223372036854775808", "7", "1", null)));
        c.add(same("f32", new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE), "real",
                list(0f, Float.MAX_VALUE, -Float.MIN_VALUE, Float.NaN, Float.NEGATIVE_INFINITY, null)));
        c.add(same("f64", new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE), "double precision",
                list(-0d, Double.MAX_VALUE, Double.MIN_VALUE, Double.NaN, Double.POSITIVE_INFINITY, null)));
        c.add(same("d10", new ArrowType.Decimal(10, 2, 128), "numeric(10,2)", list(new BigDecimal("0.00"),
                new BigDecimal("99999999.99"), new BigDecimal("-99999999.99"), new BigDecimal("0.01"),
                new BigDecimal("-0.50"), null)));
        c.add(same("d38", new ArrowType.Decimal(38, 10, 128), "numeric(38,10)", list(new BigDecimal("0E-10"),
                new BigDecimal("9999999999999999999999999999.9999999999"),
                new BigDecimal("-9999999999999999999999999999.9999999999"), new BigDecimal("0.0000000001"),
                new BigDecimal("12345.6789000000"), null)));
        c.add(col("d256", new ArrowType.Decimal(30, 5, 256), "numeric(30,5)", list(new BigDecimal("0.00000"),
                new BigDecimal("1234567890123456789012345.12345"), new BigDecimal("-0.00001"),
                new BigDecimal("100.00000"), new BigDecimal("-99999.99999"), null)));
        c.add(same("s", ArrowType.Utf8.INSTANCE, "text", list("", weird, emoji, longText, "plain", null)));
        c.add(col("ls", ArrowType.LargeUtf8.INSTANCE, "text", list(weird, "", emoji, "x", longText, null)));
        c.add(same("bin", ArrowType.Binary.INSTANCE, "bytea", list(new byte[0], allBytes, bytes(0), bytes(0x5c, 0x4e),
                new byte[100_000], null)));
        c.add(col("lbin", ArrowType.LargeBinary.INSTANCE, "bytea", list(allBytes, new byte[0], bytes(1, 2, 3),
                bytes(255), bytes(0, 0), null)));
        c.add(col("fbin", new ArrowType.FixedSizeBinary(4), "bytea", list(bytes(0, 0, 0, 0), bytes(255, 255, 255, 255),
                bytes(1, 2, 3, 4), bytes(0x5c, 0, 0x4e, 0), bytes(9, 9, 9, 9), null)));
        c.add(new Col(field("fuuid", new ArrowType.FixedSizeBinary(16)), "uuid", list(new byte[16],
                bytes(0xa0, 0xee, 0xbc, 0x99, 0x9c, 0x0b, 0x4e, 0xf8, 0xbb, 0x6d, 0x6b, 0xb9, 0xbd, 0x38, 0x0a, 0x11),
                allBytesSlice(allBytes, 0), allBytesSlice(allBytes, 240), allBytesSlice(allBytes, 100), null),
                PgArrowWriteTest::uuidFromHex, ArrowType.Utf8.INSTANCE));
        c.add(new Col(field("suuid", ArrowType.Utf8.INSTANCE), "uuid", list("A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11",
                "{a0eebc999c0b4ef8bb6d6bb9bd380a12}", "00000000-0000-0000-0000-000000000000",
                "ffffffff-ffff-ffff-ffff-ffffffffffff", "a0eebc99-9c0b4ef8-bb6d6bb9-bd380a13", null),
                v -> uuidFromHex("\\x" + ((String) v).replaceAll("[{}-]", "").toLowerCase()), ArrowType.Utf8.INSTANCE));
        c.add(col("js", ArrowType.Utf8.INSTANCE, "jsonb", list("{\"a\": 1}", "[]", "\"tab\\tx ☃\"", "null",
                "{\"k\": [1, 2.5, null, true, {\"n\": \"\\\\N\"}]}", null)));
        c.add(same("dd", new ArrowType.Date(DateUnit.DAY), "date", list(0, 10957, -719528, 2932896, -1, null)));
        c.add(col("dm", new ArrowType.Date(DateUnit.MILLISECOND), "date", list(0L, 10957L * 86_400_000L,
                -719528L * 86_400_000L, 2932896L * 86_400_000L, -86_400_000L, null)));
        c.add(col("tsec", new ArrowType.Time(TimeUnit.SECOND, 32), "time", list(0, 86399, 43200, 1, 86400, null)));
        c.add(col("tms", new ArrowType.Time(TimeUnit.MILLISECOND, 32), "time", list(0, 86399999, 1, 43200500, 86400000, null)));
        c.add(same("tus", new ArrowType.Time(TimeUnit.MICROSECOND, 64), "time", list(0L, 86399999999L, 1L, 86400000000L,
                45296789012L, null)));
        c.add(col("tns", new ArrowType.Time(TimeUnit.NANOSECOND, 64), "time", list(0L, 86399999999000L, 1500L, 999L,
                45296789012345L, null)));
        for (TimeUnit unit : TimeUnit.values()) {
            long per = unit == TimeUnit.SECOND ? 1 : unit == TimeUnit.MILLISECOND ? 1000 : unit == TimeUnit.MICROSECOND
                    ? 1_000_000 : 1_000_000_000;
            // nanoseconds since 1970 only reach 1677..2262
            List<Object> values = unit == TimeUnit.NANOSECOND
                    ? list(0L, Long.MAX_VALUE, Long.MIN_VALUE, -1L, 1_700_000_000_333_333_333L, null)
                    : list(0L, MAX_TS_SECONDS * per + (per - 1), MIN_TS_SECONDS * per, -1L, 1_700_000_000L * per + per / 3,
                            null);
            String suffix = unit.name().toLowerCase().substring(0, 3);
            ArrowType plain = new ArrowType.Timestamp(unit, null);
            ArrowType zoned = new ArrowType.Timestamp(unit, unit == TimeUnit.MILLISECOND ? "Europe/Paris" : "UTC");
            c.add(unit == TimeUnit.MICROSECOND ? same("ts" + suffix, plain, "timestamp", values)
                    : col("ts" + suffix, plain, "timestamp", values));
            c.add(new Col(field("tz" + suffix, zoned), "timestamptz", values, Function.identity(), utc));
        }
        c.add(col("iym", new ArrowType.Interval(IntervalUnit.YEAR_MONTH), "interval", list(0, 14, -14, 2136000000, 1, null)));
        c.add(col("idt", new ArrowType.Interval(IntervalUnit.DAY_TIME), "interval", list(new int[] {0, 0},
                new int[] {1, 3_600_000}, new int[] {-1, -1}, new int[] {365, 86_399_999},
                new int[] {Integer.MAX_VALUE, Integer.MIN_VALUE}, null)));
        c.add(same("imdn", new ArrowType.Interval(IntervalUnit.MONTH_DAY_NANO), "interval", list(new long[] {1, 2, 3000},
                new long[] {-1, -2, -3000}, new long[] {0, 0, 86_400_000_000_000L}, new long[] {120, 0, 1999},
                new long[] {Integer.MIN_VALUE, Integer.MAX_VALUE, Long.MAX_VALUE}, null)));
        c.add(col("dus", new ArrowType.Duration(TimeUnit.MICROSECOND), "interval", list(0L, 3_600_000_000L, -1L,
                9_223_372_036_854_775L, -86_400_000_000L * 400, null)));
        c.add(col("dsec", new ArrowType.Duration(TimeUnit.SECOND), "interval", list(0L, 86400L, -1L, 1L << 30, 59L, null)));
        c.add(col("dns", new ArrowType.Duration(TimeUnit.NANOSECOND), "interval", list(0L, 1500L, -1500L, Long.MAX_VALUE,
                -1_000_000_000_000L, null)));
        c.add(new Col(field("li", ArrowType.List.INSTANCE, field("element", new ArrowType.Int(32, true))), "integer[]",
                list(list(1, 2, 3), list(), list(null, 5), list(Integer.MIN_VALUE), list((Object) null), null),
                Function.identity(), ArrowType.List.INSTANCE));
        c.add(col(field("lls", ArrowType.LargeList.INSTANCE, field("element", ArrowType.Utf8.INSTANCE)), "text[]",
                list(list("a", "b c"), list(), list(null, ""), list(weird, emoji, "NULL"), list("x"), null)));
        c.add(col(field("fsl", new ArrowType.FixedSizeList(3), field("element",
                new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE))), "double precision[]",
                list(list(1.5, null, -2.0), list(0.0, 0.0, 0.0), list(Double.NaN, Double.NEGATIVE_INFINITY, 1e300),
                        list(null, null, null), list(1.0, 2.0, 3.0), null)));
        c.add(col(field("l2", ArrowType.List.INSTANCE, field("element", ArrowType.List.INSTANCE,
                field("element", new ArrowType.Int(64, true)))), "bigint[][]",
                list(list(list(1L, 2L), list(3L, 4L)), list(), list(list((Object) null)), list(list(1L), list(2L), list(3L)),
                        list(list(Long.MAX_VALUE, Long.MIN_VALUE, 0L)), null)));
        c.add(col(field("ldec", ArrowType.List.INSTANCE, field("element", new ArrowType.Decimal(10, 2, 128))),
                "numeric(10,2)[]", list(list(new BigDecimal("1.50"), null), list(), list(new BigDecimal("-99999999.99")),
                        list(new BigDecimal("0.00")), list(new BigDecimal("12.34"), new BigDecimal("56.78")), null)));
        c.add(col(field("lts", ArrowType.List.INSTANCE, field("element", new ArrowType.Timestamp(TimeUnit.MILLISECOND, null))),
                "timestamp[]", list(list(0L, -1L), list(), list((Object) null), list(MAX_TS_SECONDS * 1000), list(1L), null)));
        c.add(col(field("ldate", ArrowType.List.INSTANCE, field("element", new ArrowType.Date(DateUnit.DAY))),
                "date[]", list(list(0, -719528), list(), list((Object) null), list(2932896), list(1, 2, 3), null)));
        return c;
    }

    private static byte[] allBytesSlice(byte[] all, int from) {
        return java.util.Arrays.copyOfRange(all, from, from + 16);
    }

    private static VectorSchemaRoot fill(BufferAllocator allocator, List<Col> cols, int from, int to) {
        Schema schema = new Schema(cols.stream().map(Col::field).toList());
        VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator);
        root.allocateNew();
        for (int k = 0; k < cols.size(); k++) {
            FieldVector v = root.getVector(k);
            for (int r = from; r < to; r++) ArrowValues.set(v, r - from, cols.get(k).values().get(r));
        }
        root.setRowCount(to - from);
        return root;
    }

    @Test
    void everyArrowTypeRoundTrips(TestDatabase db) throws Exception {
        List<Col> cols = columns();
        StringBuilder ddl = new StringBuilder("CREATE TABLE rt (id serial");
        for (Col c : cols) ddl.append(", \"").append(c.field().getName()).append("\" ").append(c.pgType());
        db.execute(ddl.append(")").toString());
        int rows = cols.get(0).values().size();
        try (Connection c = db.connect()) {
            // two batches, two roots of the same schema
            long written;
            try (VectorSchemaRoot first = fill(allocator, cols, 0, 3); VectorSchemaRoot second = fill(allocator, cols, 3, rows);
                    PgArrowWriter w = PgArrow.writer(c, "public.rt", first.getSchema(), MappingOptions.DEFAULT)) {
                assertEquals(cols.size(), w.plan().columns().size());
                w.write(first);
                w.write(second);
                written = w.finish();
                assertEquals(rows, w.rowsWritten());
            }
            assertEquals(rows, written);
            assertEquals(rows, db.queryLong("SELECT count(*) FROM rt"));

            try (VectorSchemaRoot expected = fill(allocator, cols, 0, rows);
                    PgArrowReader r = PgArrow.reader(c, "SELECT * FROM rt ORDER BY id", 4, allocator, null)) {
                int row = 0;
                while (r.loadNextBatch()) {
                    VectorSchemaRoot got = r.root();
                    for (int i = 0; i < got.getRowCount(); i++, row++) {
                        for (int k = 0; k < cols.size(); k++) {
                            Col col = cols.get(k);
                            Object want = ArrowValues.canon(expected.getVector(k), row);
                            if (want != null) want = col.expect().apply(want);
                            Object have = ArrowValues.canon(got.getVector(col.field().getName()), i);
                            assertEquals(want, have, "column " + col.field().getName() + " (" + col.field().getType()
                                    + " -> " + col.pgType() + "), row " + row);
                        }
                    }
                    for (Col col : cols) {
                        if (col.readType() != null) {
                            assertEquals(col.readType(), got.getVector(col.field().getName()).getField().getType(),
                                    col.field().getName());
                        }
                    }
                }
                assertEquals(rows, row);
            }
            // what PostgreSQL itself makes of a few of them
            List<List<String>> text = PgText.query(c, "SELECT tsmic::text, tzmic::text, dd::text, tns::text, dns::text,"
                    + " u64::text, js::text, suuid::text, iym::text, idt::text FROM rt ORDER BY id LIMIT 2");
            assertEquals(List.of("1970-01-01 00:00:00", "1970-01-01 00:00:00+00", "1970-01-01", "00:00:00", "00:00:00",
                    "0", "{\"a\": 1}", "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11", "00:00:00", "00:00:00"), text.get(0));
            assertEquals(List.of("9999-12-31 23:59:59.999999", "9999-12-31 23:59:59.999999+00", "2000-01-01",
                    "23:59:59.999999", "00:00:00.000001", "18446744073709551615", "[]", "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a12",
                    "1 year 2 mons", "1 day 01:00:00"), text.get(1));
        }
    }

    @Test
    void theSchemaMapsAsDocumented() {
        List<Col> cols = columns();
        Schema schema = new Schema(cols.stream().map(Col::field).toList());
        Map<String, SourceType> expected = new java.util.HashMap<>();
        expected.put("b", SourceType.BOOLEAN);
        expected.put("i8", SourceType.BYTE);
        expected.put("i16", SourceType.SHORT);
        expected.put("i32", SourceType.INT);
        expected.put("i64", SourceType.LONG);
        expected.put("u8", SourceType.SHORT);
        expected.put("u16", SourceType.INT);
        expected.put("u32", SourceType.LONG);
        expected.put("u64", SourceType.decimal(20, 0));
        expected.put("f32", SourceType.FLOAT);
        expected.put("f64", SourceType.DOUBLE);
        expected.put("d10", SourceType.decimal(10, 2));
        expected.put("d256", SourceType.decimal(30, 5));
        expected.put("s", SourceType.STRING);
        expected.put("ls", SourceType.STRING);
        expected.put("bin", SourceType.BINARY);
        expected.put("fbin", SourceType.BINARY);
        expected.put("dd", SourceType.DATE);
        expected.put("dm", SourceType.DATE);
        expected.put("tsec", SourceType.TIME);
        expected.put("tns", SourceType.TIME);
        expected.put("tsmil", SourceType.TIMESTAMP);
        expected.put("tzmil", SourceType.TIMESTAMP_LTZ);
        expected.put("tznan", SourceType.TIMESTAMP_LTZ);
        expected.put("iym", SourceType.INTERVAL_YEAR_MONTH);
        expected.put("idt", SourceType.INTERVAL);
        expected.put("imdn", SourceType.INTERVAL);
        expected.put("dus", SourceType.INTERVAL_DAY_TIME);
        expected.put("li", SourceType.array(SourceType.INT, true));
        expected.put("lls", SourceType.array(SourceType.STRING, true));
        expected.put("fsl", SourceType.array(SourceType.DOUBLE, true));
        expected.put("l2", SourceType.array(SourceType.array(SourceType.LONG, true), true));
        Map<String, SourceType> actual = new java.util.HashMap<>();
        ArrowSchemas.sourceFields(schema).forEach(f -> actual.put(f.name(), f.type()));
        expected.forEach((name, type) -> assertEquals(type, actual.get(name), name));

        Schema bad = new Schema(List.of(field("ok", ArrowType.Utf8.INSTANCE),
                field("st", ArrowType.Struct.INSTANCE, field("x", new ArrowType.Int(32, true))),
                field("nul", ArrowType.Null.INSTANCE),
                new Field("dict", new FieldType(true, new ArrowType.Int(32, true),
                        new org.apache.arrow.vector.types.pojo.DictionaryEncoding(1, false, null)), null)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ArrowSchemas.sourceFields(bad));
        assertTrue(e.getMessage().contains("\"st\"") && e.getMessage().contains("\"nul\"")
                && e.getMessage().contains("\"dict\"") && !e.getMessage().contains("\"ok\""), e.getMessage());
    }

    @Test
    void infinityAndTheSessionZone(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE winf (ts timestamp, tz timestamptz, d date)");
        List<Col> cols = List.of(col("ts", new ArrowType.Timestamp(TimeUnit.MICROSECOND, null), "timestamp",
                        list(Long.MAX_VALUE, Long.MIN_VALUE)),
                col("tz", new ArrowType.Timestamp(TimeUnit.MICROSECOND, "UTC"), "timestamptz",
                        list(Long.MAX_VALUE, Long.MIN_VALUE)),
                col("d", new ArrowType.Date(DateUnit.DAY), "date", list(Integer.MAX_VALUE, Integer.MIN_VALUE)));
        try (Connection c = db.connect(); VectorSchemaRoot root = fill(allocator, cols, 0, 2)) {
            assertEquals(2, PgArrow.write(c, "winf", root, null));
            assertEquals(List.of(List.of("infinity", "infinity", "infinity"), List.of("-infinity", "-infinity", "-infinity")),
                    PgText.query(c, "SELECT ts::text, tz::text, d::text FROM winf ORDER BY ts DESC"));
        }
        // an instant written to a zone-less column gets the wall clock of the sessionZone option
        db.execute("CREATE TABLE wall (ts timestamp)");
        try (Connection c = db.connect(); VectorSchemaRoot root = fill(allocator, List.of(col("ts",
                new ArrowType.Timestamp(TimeUnit.SECOND, "UTC"), "timestamp", list(0L))), 0, 1)) {
            PgArrow.write(c, "wall", root, MappingOptions.DEFAULT.withSessionZone(java.time.ZoneId.of("Europe/Paris")));
            assertEquals("1970-01-01 01:00:00", db.queryString("SELECT ts::text FROM wall"));
        }
    }

    @Test
    void mismatchesFailBeforeAnyRowIsSent(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE target (id int NOT NULL, name text, amount numeric(6,2), u uuid, created timestamptz DEFAULT now())");
        try (Connection c = db.connect()) {
            // wrong types and unknown fields, all reported at once
            List<Col> cols = List.of(col("id", ArrowType.Utf8.INSTANCE, "", list("1")),
                    col("amount", ArrowType.Bool.INSTANCE, "", list(true)),
                    col("nope", new ArrowType.Int(32, true), "", list(1)),
                    col("created", new ArrowType.Timestamp(TimeUnit.MICROSECOND, null), "", list(0L)));
            try (VectorSchemaRoot root = fill(allocator, cols, 0, 1)) {
                SchemaMismatchException e = assertThrows(SchemaMismatchException.class,
                        () -> PgArrow.writer(c, "target", root.getSchema(), null));
                assertEquals(4, e.problems().size(), e.getMessage());
                assertTrue(e.getMessage().contains("\"id\"") && e.getMessage().contains("Arrow Utf8"), e.getMessage());
                assertTrue(e.getMessage().contains("\"nope\""), e.getMessage());
                assertTrue(e.getMessage().contains("naiveTimestampZone"), e.getMessage());
            }
            // a bad value cancels the whole COPY, naming the row and column
            List<Col> good = List.of(col("id", new ArrowType.Int(32, true), "", list(1, 2, 3)),
                    col("amount", new ArrowType.Decimal(10, 3, 128), "", list(new BigDecimal("1.000"),
                            new BigDecimal("9999.994"), new BigDecimal("10000.000"))),
                    col("u", ArrowType.Utf8.INSTANCE, "", list("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11",
                            "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a12", "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a13")));
            try (VectorSchemaRoot root = fill(allocator, good, 0, 3);
                    PgArrowWriter w = PgArrow.writer(c, "target", root.getSchema(), null)) {
                CopyValueException e = assertThrows(CopyValueException.class, () -> w.write(root));
                assertEquals(3, e.row());
                assertEquals("amount", e.column());
                assertTrue(e.getMessage().contains("overflow"), e.getMessage());
            }
            assertEquals(0, db.queryLong("SELECT count(*) FROM target"));
            // a NULL into a NOT NULL column, then a batch with another schema
            List<Col> withNull = List.of(col("id", new ArrowType.Int(32, true), "", list(1, null)));
            try (VectorSchemaRoot root = fill(allocator, withNull, 0, 2)) {
                CopyValueException e = assertThrows(CopyValueException.class, () -> PgArrow.write(c, "target", root, null));
                assertEquals(2, e.row());
                assertTrue(e.getMessage().contains("NOT NULL"), e.getMessage());
            }
            List<Col> other = List.of(col("id", new ArrowType.Int(64, true), "", list(1L)));
            try (VectorSchemaRoot ok = fill(allocator, withNull, 0, 1); VectorSchemaRoot bad = fill(allocator, other, 0, 1);
                    PgArrowWriter w = PgArrow.writer(c, "target", ok.getSchema(), null)) {
                w.write(ok);
                assertThrows(IllegalArgumentException.class, () -> w.write(bad));
            }
            assertEquals(0, db.queryLong("SELECT count(*) FROM target"));
            // columns left out get their DEFAULT; fields match names as PostgreSQL folds them
            List<Col> partial = List.of(col("ID", new ArrowType.Int(32, true), "", list(7)),
                    col("Name", ArrowType.Utf8.INSTANCE, "", list("seven")));
            try (VectorSchemaRoot root = fill(allocator, partial, 0, 1)) {
                assertEquals(1, PgArrow.write(c, "target", root, null));
            }
            assertEquals("7|seven|true", db.queryString("SELECT id || '|' || name || '|' || (created IS NOT NULL) FROM target"));
        }
    }

    @Test
    void aLargeWriteInManyBatches(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE big (id bigint, v numeric(12,2), s text, a int[])");
        Schema schema = new Schema(List.of(field("id", new ArrowType.Int(64, true)),
                field("v", new ArrowType.Decimal(12, 2, 128)), field("s", ArrowType.Utf8.INSTANCE),
                field("a", ArrowType.List.INSTANCE, field("element", new ArrowType.Int(32, true)))));
        try (Connection c = db.connect(); VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator);
                PgArrowWriter w = PgArrow.writer(c, "big", schema, null)) {
            long id = 0;
            for (int batch = 0; batch < 20; batch++) {
                root.allocateNew();
                for (int i = 0; i < 10_000; i++, id++) {
                    ArrowValues.set(root.getVector(0), i, id);
                    ArrowValues.set(root.getVector(1), i, BigDecimal.valueOf(id, 2));
                    ArrowValues.set(root.getVector(2), i, id % 10 == 0 ? null : "row " + id);
                    ArrowValues.set(root.getVector(3), i, list((int) id, null));
                }
                root.setRowCount(10_000);
                w.write(root);
            }
            assertEquals(200_000, w.finish());
        }
        assertEquals(200_000, db.queryLong("SELECT count(*) FROM big"));
        assertEquals(199_999L * 200_000 / 2, db.queryLong("SELECT sum(id) FROM big"));
        assertEquals(20_000, db.queryLong("SELECT count(*) FROM big WHERE s IS NULL"));
        assertEquals(0, db.queryLong("SELECT count(*) FROM big WHERE v * 100 <> id OR a[1] <> id OR a[2] IS NOT NULL"
                + " OR (s IS NOT NULL AND s <> 'row ' || id)"));
    }
}
