package io.pgcopy.flink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgcopy.copy.PgCopyWriter;
import io.pgcopy.mapping.MappingOptions;
import io.pgcopy.mapping.SchemaMismatchException;
import io.pgcopy.mapping.WritePlan;
import io.pgcopy.mapping.WritePlanner;
import io.pgcopy.sql.TableName;
import io.pgcopy.testing.PostgresExtension;
import io.pgcopy.testing.TestDatabase;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.core.memory.MemorySegment;
import org.apache.flink.core.memory.MemorySegmentFactory;
import org.apache.flink.table.data.DecimalData;
import org.apache.flink.table.data.GenericArrayData;
import org.apache.flink.table.data.GenericMapData;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.data.binary.BinaryStringData;
import org.apache.flink.table.types.logical.ArrayType;
import org.apache.flink.table.types.logical.BigIntType;
import org.apache.flink.table.types.logical.BooleanType;
import org.apache.flink.table.types.logical.CharType;
import org.apache.flink.table.types.logical.DateType;
import org.apache.flink.table.types.logical.DayTimeIntervalType;
import org.apache.flink.table.types.logical.DecimalType;
import org.apache.flink.table.types.logical.DoubleType;
import org.apache.flink.table.types.logical.FloatType;
import org.apache.flink.table.types.logical.IntType;
import org.apache.flink.table.types.logical.LocalZonedTimestampType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.MapType;
import org.apache.flink.table.types.logical.MultisetType;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.table.types.logical.SmallIntType;
import org.apache.flink.table.types.logical.TimeType;
import org.apache.flink.table.types.logical.TimestampType;
import org.apache.flink.table.types.logical.TinyIntType;
import org.apache.flink.table.types.logical.VarBinaryType;
import org.apache.flink.table.types.logical.VarCharType;
import org.apache.flink.table.types.logical.YearMonthIntervalType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.Tag;

/** Flink RowData through FlinkRowValues, the typed mapping and a real binary COPY, read back as text. */
@Tag("compat")
@ExtendWith(PostgresExtension.class)
class FlinkRowEncodingTest {
    private static final LogicalType STRING = VarCharType.STRING_TYPE;

    private static final RowType INNER = RowType.of(
            new LogicalType[] {new IntType(), STRING, new ArrayType(new DateType()), new MapType(new IntType(), STRING),
                new LocalZonedTimestampType(3)},
            new String[] {"a", "b", "c", "d", "e"});

    private static final RowType ROW_TYPE = RowType.of(new LogicalType[] {
        new IntType(false), new BooleanType(), new TinyIntType(), new SmallIntType(), new IntType(), new BigIntType(),
        new FloatType(), new DoubleType(), new DecimalType(15, 2), new DecimalType(30, 10), STRING, STRING, STRING,
        new CharType(5), new VarBinaryType(VarBinaryType.MAX_LENGTH), new DateType(), new TimeType(3),
        new TimestampType(6), new LocalZonedTimestampType(6),
        new YearMonthIntervalType(YearMonthIntervalType.YearMonthResolution.YEAR_TO_MONTH),
        new DayTimeIntervalType(DayTimeIntervalType.DayTimeResolution.DAY_TO_SECOND),
        new ArrayType(new IntType()), new ArrayType(new ArrayType(new BigIntType(false))),
        new ArrayType(new TimestampType(3)), new MapType(STRING, new IntType()), new MultisetType(STRING), INNER,
        STRING, STRING},
        new String[] {"id", "b", "i1", "i2", "i4", "i8", "f4", "f8", "d", "dbig", "s", "seg", "split", "ch", "bin", "dt",
            "tm", "ts", "tsl", "iym", "idt", "arr", "grid", "tsarr", "m", "ms", "r", "js", "u"});

    private static final String DDL = "CREATE TABLE flink_types (id int4 PRIMARY KEY, b bool, i1 int2, i2 int2,"
            + " i4 int4, i8 int8, f4 float4, f8 float8, d numeric(15,2), dbig numeric(30,10), s text, seg text,"
            + " split varchar(20), ch char(5), bin bytea, dt date, tm time, ts timestamp, tsl timestamptz,"
            + " iym interval, idt interval, arr int4[], grid int8[], tsarr timestamp[], m jsonb, ms jsonb, r json,"
            + " js jsonb, u uuid, note text DEFAULT 'from default')";

    private static final String[] COLUMNS = {"b", "i1", "i2", "i4", "i8", "f4", "f8", "d", "dbig", "s", "seg",
        "split", "ch", "bin", "dt", "tm", "ts", "(tsl AT TIME ZONE 'UTC')", "iym", "idt", "arr", "grid", "tsarr", "m",
        "ms", "r", "js", "u", "note"};

    private static final long MILLIS_2024_02_29_134500_123 = 1_709_214_300_123L;

    private static StringData str(String s) {
        return StringData.fromString(s);
    }

    /** A string that lies at an offset inside a larger heap segment, as in a BinaryRowData. */
    private static StringData inSegment(String s) {
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        byte[] page = new byte[utf8.length + 20];
        Arrays.fill(page, (byte) '#');
        System.arraycopy(utf8, 0, page, 7, utf8.length);
        return BinaryStringData.fromAddress(new MemorySegment[] {MemorySegmentFactory.wrap(page)}, 7, utf8.length);
    }

    /** A string whose bytes straddle two segments. */
    private static StringData acrossSegments(String s) {
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        byte[] first = new byte[8];
        byte[] second = new byte[8];
        Arrays.fill(first, (byte) '#');
        Arrays.fill(second, (byte) '#');
        int inFirst = 3;
        System.arraycopy(utf8, 0, first, first.length - inFirst, inFirst);
        System.arraycopy(utf8, inFirst, second, 0, utf8.length - inFirst);
        return BinaryStringData.fromAddress(new MemorySegment[] {MemorySegmentFactory.wrap(first),
            MemorySegmentFactory.wrap(second)}, first.length - inFirst, utf8.length);
    }

    private static GenericArrayData array(Object... values) {
        return new GenericArrayData(values);
    }

    private static GenericMapData map(Object... keysAndValues) {
        Map<Object, Object> m = new LinkedHashMap<>();
        for (int k = 0; k < keysAndValues.length; k += 2) m.put(keysAndValues[k], keysAndValues[k + 1]);
        return new GenericMapData(m);
    }

    private static RowData fullRow() {
        RowData inner = GenericRowData.of(7, str("t\"x\n"), array(19_782, null), map(7, str("seven")),
                TimestampData.fromEpochMillis(0));
        return GenericRowData.of(1, true, (byte) -5, (short) 300, Integer.MAX_VALUE, Long.MIN_VALUE, 1.5f, 0.1,
                DecimalData.fromBigDecimal(new BigDecimal("-1234567890123.45"), 15, 2),
                DecimalData.fromBigDecimal(new BigDecimal("12345678901234567890.0123456789"), 30, 10),
                str("héllo \"wörld\"\t€ 🐘"), inSegment("in a segment ü"), acrossSegments("über-split"), str("ab"),
                new byte[] {0, (byte) 0xFF, 0x10}, 19_782, 49_500_123,
                TimestampData.fromEpochMillis(MILLIS_2024_02_29_134500_123, 456_000),
                TimestampData.fromEpochMillis(MILLIS_2024_02_29_134500_123, 456_000), 14, 90_061_001L,
                array(1, null, 3), array(array(1L, 2L), array(3L, 4L)),
                array(TimestampData.fromEpochMillis(MILLIS_2024_02_29_134500_123), null),
                map(str("x"), 1, str("y"), null), map(str("a"), 2, str("b"), 1), inner, str("{\"k\": [1, 2]}"),
                str("123e4567-e89b-12d3-a456-426614174000"));
    }

    private static RowData edgeRow() {
        return GenericRowData.of(2, false, Byte.MIN_VALUE, Short.MIN_VALUE, Integer.MIN_VALUE, Long.MAX_VALUE,
                Float.NaN, Double.NEGATIVE_INFINITY, DecimalData.fromBigDecimal(new BigDecimal("0.05"), 15, 2),
                DecimalData.fromBigDecimal(new BigDecimal("-0.0000000001"), 30, 10), str(""), inSegment(""),
                str("twenty chars exactly"), str("abcde"), new byte[0], -1, 0,
                TimestampData.fromEpochMillis(-1, 999_000), TimestampData.fromEpochMillis(-1, 999_000), -13, -1L,
                array(), array(), array((Object) null), map(), map(),
                GenericRowData.of(null, null, null, null, null), str("null"),
                str("00000000-0000-0000-0000-000000000000"));
    }

    private static RowData nullRow() {
        GenericRowData row = new GenericRowData(ROW_TYPE.getFieldCount());
        row.setField(0, 3);
        return row;
    }

    @Test
    @Tag("pg-versions")
    void everyFlinkTypeArrivesAsPostgresReadsIt(TestDatabase db) throws Exception {
        db.execute("DROP TABLE IF EXISTS flink_types", DDL);
        assertEquals(3, copy(db, "flink_types", ROW_TYPE, List.of(fullRow(), edgeRow(), nullRow())));

        List<List<String>> got = db.queryText("SELECT " + String.join(", ", Arrays.stream(COLUMNS)
                .map(c -> c + "::text").toList()) + " FROM flink_types ORDER BY id");
        assertEquals(List.of("true", "-5", "300", "2147483647", "-9223372036854775808", "1.5", "0.1",
                "-1234567890123.45", "12345678901234567890.0123456789", "héllo \"wörld\"\t€ 🐘", "in a segment ü",
                "über-split", "ab", "\\x00ff10", "2024-02-29", "13:45:00.123", "2024-02-29 13:45:00.123456",
                "2024-02-29 13:45:00.123456", "1 year 2 mons", "25:01:01.001", "{1,NULL,3}", "{{1,2},{3,4}}",
                "{\"2024-02-29 13:45:00.123\",NULL}", "{\"x\": 1, \"y\": null}", "{\"a\": 2, \"b\": 1}",
                "{\"a\":7,\"b\":\"t\\\"x\\n\",\"c\":[\"2024-02-29\",null],\"d\":{\"7\":\"seven\"},"
                        + "\"e\":\"1970-01-01T00:00:00Z\"}",
                "{\"k\": [1, 2]}", "123e4567-e89b-12d3-a456-426614174000", "from default"), got.get(0));
        assertEquals(List.of("false", "-128", "-32768", "-2147483648", "9223372036854775807", "NaN", "-Infinity",
                "0.05", "-0.0000000001", "", "", "twenty chars exactly", "abcde", "\\x", "1969-12-31", "00:00:00",
                "1969-12-31 23:59:59.999999", "1969-12-31 23:59:59.999999", "-1 years -1 mons", "-00:00:00.001", "{}",
                "{}", "{NULL}", "{}", "{}", "{\"a\":null,\"b\":null,\"c\":null,\"d\":null,\"e\":null}", "null",
                "00000000-0000-0000-0000-000000000000", "from default"), got.get(1));
        List<String> nulls = new ArrayList<>();
        for (int k = 0; k < COLUMNS.length - 1; k++) nulls.add(null);
        nulls.add("from default");
        assertEquals(nulls, got.get(2));
    }

    @Test
    void aStringIntoNumericFailsAtPlanTimeNamingColumnAndTypes(TestDatabase db) throws Exception {
        db.execute("DROP TABLE IF EXISTS orders", "CREATE TABLE orders (id int8, qty numeric(15,2))");
        RowType rowType = RowType.of(new LogicalType[] {new BigIntType(false), new VarCharType(false, 20)},
                new String[] {"id", "qty"});
        try (Connection c = db.connect()) {
            SchemaMismatchException e = assertThrows(SchemaMismatchException.class, () -> WritePlanner.plan(c,
                    TableName.parse("orders"), FlinkSchemas.toSourceFields(rowType), MappingOptions.DEFAULT));
            assertTrue(e.getMessage().contains(
                    "column \"qty\": Flink VARCHAR(20) cannot be written to numeric(15,2)"), e.getMessage());
            assertEquals(1, e.problems().size(), e.problems().toString());
        }
        assertEquals(0, db.queryLong("SELECT count(*) FROM orders"));
    }

    static long copy(TestDatabase db, String table, RowType rowType, List<RowData> rows) throws Exception {
        try (Connection c = db.connect()) {
            c.setAutoCommit(false);
            WritePlan plan = WritePlanner.plan(c, TableName.parse(table), FlinkSchemas.toSourceFields(rowType),
                    MappingOptions.DEFAULT);
            FlinkRowValues values = new FlinkRowValues(rowType);
            long n;
            try (PgCopyWriter writer = new PgCopyWriter(c, plan)) {
                for (RowData row : rows) writer.write(values.set(row));
                n = writer.finish();
            }
            c.commit();
            return n;
        }
    }
}
