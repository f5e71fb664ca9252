package io.pgcopy.spark;

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
import java.sql.Connection;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.expressions.UnsafeProjection;
import org.apache.spark.sql.catalyst.util.ArrayBasedMapData;
import org.apache.spark.sql.catalyst.util.GenericArrayData;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DayTimeIntervalType;
import org.apache.spark.sql.types.Decimal;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.types.YearMonthIntervalType;
import org.apache.spark.unsafe.types.CalendarInterval;
import org.apache.spark.unsafe.types.UTF8String;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Spark InternalRows through SparkRowValues, the typed mapping and a real binary COPY, read back as text. */
@Tag("compat")
@Tag("pg-versions")
@ExtendWith(PostgresExtension.class)
class SparkRowEncodingTest {
    private static final StructType INNER = new StructType(new StructField[] {
        field("a", DataTypes.IntegerType),
        field("b", DataTypes.StringType),
        field("c", new ArrayType(DataTypes.DateType, true)),
        field("d", DataTypes.createMapType(DataTypes.IntegerType, DataTypes.StringType)),
        field("e", DataTypes.TimestampType),
    });

    private static final StructType SCHEMA = new StructType(new StructField[] {
        field("id", DataTypes.IntegerType),
        field("b", DataTypes.BooleanType),
        field("i1", DataTypes.ByteType),
        field("i2", DataTypes.ShortType),
        field("i4", DataTypes.IntegerType),
        field("i8", DataTypes.LongType),
        field("f4", DataTypes.FloatType),
        field("f8", DataTypes.DoubleType),
        field("d", DataTypes.createDecimalType(15, 2)),
        field("dbig", DataTypes.createDecimalType(30, 10)),
        field("n_from_long", DataTypes.LongType),
        field("s", DataTypes.StringType),
        field("vc", DataType.fromDDL("varchar(10)")), // constructors differ between lines
        field("ch", DataTypes.StringType),
        field("bin", DataTypes.BinaryType),
        field("dt", DataTypes.DateType),
        field("ts", DataTypes.TimestampType),
        field("tsn", DataTypes.TimestampNTZType),
        field("tm", DataTypes.StringType), // time as text: Spark before 4.1 has no time type
        field("iym", YearMonthIntervalType.apply()),
        field("idt", DayTimeIntervalType.apply()),
        field("ical", DataTypes.CalendarIntervalType),
        field("arr", new ArrayType(DataTypes.IntegerType, true)),
        field("grid", new ArrayType(new ArrayType(DataTypes.LongType, false), false)),
        field("sarr", new ArrayType(DataTypes.StringType, true)),
        field("tmarr", new ArrayType(DataTypes.StringType, false)),
        field("darr", new ArrayType(DataTypes.createDecimalType(9, 3), true)),
        field("m", DataTypes.createMapType(DataTypes.StringType, DataTypes.IntegerType)),
        field("st", INNER),
        field("js", DataTypes.StringType),
        field("u", DataTypes.StringType),
    });

    private static final String DDL = "CREATE TABLE spark_types (id int4 PRIMARY KEY, b bool, i1 int2, i2 int2, i4 int4,"
            + " i8 int8, f4 float4, f8 float8, d numeric(15,2), dbig numeric(30,10), n_from_long numeric, s text,"
            + " vc varchar(10), ch char(5), bin bytea, dt date, ts timestamptz, tsn timestamp, tm time, iym interval,"
            + " idt interval, ical interval, arr int4[], grid int8[], sarr text[], tmarr time[], darr numeric[], m jsonb, st json,"
            + " js jsonb, u uuid, note text DEFAULT 'from default')";

    private static final String[] COLUMNS = {"b", "i1", "i2", "i4", "i8", "f4", "f8", "d", "dbig", "n_from_long", "s",
        "vc", "ch", "bin", "dt", "(ts AT TIME ZONE 'UTC')", "tsn", "tm", "iym", "idt", "ical", "arr", "grid", "sarr",
        "tmarr", "darr", "m", "st", "js", "u", "note"};

    private static StructField field(String name, DataType type) {
        return new StructField(name, type, true, Metadata.empty());
    }

    private static UTF8String utf8(String s) {
        return UTF8String.fromString(s);
    }

    private static GenericArrayData array(Object... values) {
        return new GenericArrayData(values);
    }

    private static final long MICROS_2024_02_29_134500_123456 = 1_709_214_300_123_456L;

    private static InternalRow fullRow() {
        InternalRow inner = new GenericInternalRow(new Object[] {
            7, utf8("t\"x\n"), array(19_782, null),
            new ArrayBasedMapData(array(7), array(utf8("seven"))), 0L});
        return new GenericInternalRow(new Object[] {
            1, true, (byte) -5, (short) 300, Integer.MAX_VALUE, Long.MIN_VALUE, 1.5f, 0.1,
            Decimal.apply(new BigDecimal("-1234567890123.45"), 15, 2),
            Decimal.apply(new BigDecimal("12345678901234567890.0123456789"), 30, 10),
            -42L,
            utf8("héllo \"wörld\"\t€ 🐘"), utf8("abc"), utf8("ab"), new byte[] {0, (byte) 0xFF, 0x10},
            19_782, MICROS_2024_02_29_134500_123456, MICROS_2024_02_29_134500_123456,
            utf8("13:45:00.123456"), 14, 90_061_000_001L, new CalendarInterval(1, 2, 3_000_000L),
            array(1, null, 3), array(array(1L, 2L), array(3L, 4L)), array(utf8("a"), utf8("b c"), null, utf8("\"q\"")),
            array(utf8("00:00"), utf8("23:59:59.999999")),
            array(Decimal.apply(1_500L, 9, 3), null, Decimal.apply(-1L, 9, 3)),
            new ArrayBasedMapData(array(utf8("x"), utf8("y")), array(1, null)),
            inner, utf8("{\"k\": [1, 2]}"), utf8("123e4567-e89b-12d3-a456-426614174000")});
    }

    private static InternalRow edgeRow() {
        return new GenericInternalRow(new Object[] {
            2, false, Byte.MIN_VALUE, Short.MIN_VALUE, Integer.MIN_VALUE, Long.MAX_VALUE, Float.NaN,
            Double.NEGATIVE_INFINITY, Decimal.apply(new BigDecimal("0.05"), 15, 2),
            Decimal.apply(new BigDecimal("-0.0000000001"), 30, 10), 10_000L, utf8(""), utf8("ten chars!"),
            utf8("abcde"), new byte[0], -1, -1L, -1L, utf8("00:00:00"), -13, -1L, new CalendarInterval(0, 0, 0),
            array(), array(), array((Object) null), array(), array(), new ArrayBasedMapData(array(), array()),
            new GenericInternalRow(new Object[] {null, null, null, null, null}), utf8("null"),
            utf8("00000000-0000-0000-0000-000000000000")});
    }

    private static InternalRow nullRow() {
        Object[] values = new Object[SCHEMA.size()];
        values[0] = 3;
        return new GenericInternalRow(values);
    }

    @Test
    void everySparkTypeArrivesAsPostgresReadsIt(TestDatabase db) throws Exception {
        db.execute("DROP TABLE IF EXISTS spark_types", DDL);
        List<InternalRow> rows = List.of(fullRow(), edgeRow(), nullRow());
        assertEquals(3, copy(db, "spark_types", SCHEMA, rows));

        List<List<String>> got = db.queryText("SELECT " + String.join(", ", Arrays.stream(COLUMNS)
                .map(c -> c + "::text").toList()) + " FROM spark_types ORDER BY id");
        assertEquals(List.of("true", "-5", "300", "2147483647", "-9223372036854775808", "1.5", "0.1",
                "-1234567890123.45", "12345678901234567890.0123456789", "-42", "héllo \"wörld\"\t€ 🐘", "abc", "ab",
                "\\x00ff10", "2024-02-29", "2024-02-29 13:45:00.123456", "2024-02-29 13:45:00.123456",
                "13:45:00.123456", "1 year 2 mons", "25:01:01.000001", "1 mon 2 days 00:00:03", "{1,NULL,3}",
                "{{1,2},{3,4}}", "{a,\"b c\",NULL,\"\\\"q\\\"\"}", "{00:00:00,23:59:59.999999}", "{1.500,NULL,-0.001}",
                "{\"x\": 1, \"y\": null}",
                "{\"a\":7,\"b\":\"t\\\"x\\n\",\"c\":[\"2024-02-29\",null],\"d\":{\"7\":\"seven\"},"
                        + "\"e\":\"1970-01-01T00:00:00Z\"}",
                "{\"k\": [1, 2]}", "123e4567-e89b-12d3-a456-426614174000", "from default"), got.get(0));
        assertEquals(List.of("false", "-128", "-32768", "-2147483648", "9223372036854775807", "NaN", "-Infinity", "0.05",
                "-0.0000000001", "10000", "", "ten chars!", "abcde", "\\x", "1969-12-31", "1969-12-31 23:59:59.999999",
                "1969-12-31 23:59:59.999999", "00:00:00", "-1 years -1 mons", "-00:00:00.000001", "00:00:00", "{}",
                "{}", "{NULL}", "{}", "{}", "{}", "{\"a\":null,\"b\":null,\"c\":null,\"d\":null,\"e\":null}", "null",
                "00000000-0000-0000-0000-000000000000", "from default"), got.get(1));
        List<String> nulls = new ArrayList<>();
        for (int k = 0; k < COLUMNS.length - 1; k++) nulls.add(null);
        nulls.add("from default");
        assertEquals(nulls, got.get(2));
    }

    /** Spark hands writers UnsafeRows: strings are slices of the row's own byte array. */
    @Test
    void unsafeRowsEncodeTheSameAsGenericRows(TestDatabase db) throws Exception {
        db.execute("DROP TABLE IF EXISTS spark_types", DDL, "DROP TABLE IF EXISTS spark_types_unsafe",
                "CREATE TABLE spark_types_unsafe (LIKE spark_types INCLUDING DEFAULTS)");
        List<InternalRow> rows = List.of(fullRow(), edgeRow(), nullRow());
        UnsafeProjection toUnsafe = UnsafeProjection.create(SCHEMA);
        List<InternalRow> unsafe = rows.stream().map(r -> (InternalRow) toUnsafe.apply(r).copy()).toList();
        assertEquals(3, copy(db, "spark_types", SCHEMA, rows));
        assertEquals(3, copy(db, "spark_types_unsafe", SCHEMA, unsafe));
        String select = " SELECT " + String.join(", ", Arrays.stream(COLUMNS).map(c -> c + "::text").toList());
        assertEquals(db.queryText(select + " FROM spark_types ORDER BY id"),
                db.queryText(select + " FROM spark_types_unsafe ORDER BY id"));
    }

    @Test
    void aStringIntoNumericFailsAtPlanTimeNamingColumnAndTypes(TestDatabase db) throws Exception {
        db.execute("DROP TABLE IF EXISTS orders", "CREATE TABLE orders (id int8, qty numeric(15,2))");
        StructType schema = new StructType(new StructField[] {
            field("id", DataTypes.LongType), field("qty", DataTypes.StringType)});
        try (Connection c = db.connect()) {
            SchemaMismatchException e = assertThrows(SchemaMismatchException.class, () -> WritePlanner.plan(c,
                    TableName.parse("orders"), SparkSchemas.toSourceFields(schema), MappingOptions.DEFAULT));
            assertTrue(e.getMessage().contains("column \"qty\": Spark StringType cannot be written to numeric(15,2)"),
                    e.getMessage());
            assertEquals(1, e.problems().size(), e.problems().toString());
        }
        assertEquals(0, db.queryLong("SELECT count(*) FROM orders"));
    }

    static long copy(TestDatabase db, String table, StructType schema, List<InternalRow> rows) throws Exception {
        try (Connection c = db.connect()) {
            c.setAutoCommit(false);
            WritePlan plan = WritePlanner.plan(c, TableName.parse(table), SparkSchemas.toSourceFields(schema),
                    MappingOptions.DEFAULT);
            SparkRowValues values = new SparkRowValues(schema);
            long n;
            try (PgCopyWriter writer = new PgCopyWriter(c, plan)) {
                for (InternalRow row : rows) writer.write(values.set(row));
                n = writer.finish();
            }
            c.commit();
            return n;
        }
    }
}
