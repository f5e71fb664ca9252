package io.pgcopy.flink.lookup;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.pgcopy.protocol.ConnectionSpec;
import io.pgcopy.sql.TableName;
import io.pgcopy.testing.PostgresExtension;
import io.pgcopy.testing.TestDatabase;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.data.DecimalData;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.types.logical.RowType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every Flink type a lookup reads, from both of its paths — the FULL cache's binary COPY and the
 * keyed query's result set — equals the value written in SQL (pre-epoch times, big and negative
 * numerics, non-ASCII text, NULLs).
 */
@ExtendWith(PostgresExtension.class)
class LookupDecodingTest {
    private static final RowType ROW = (RowType) DataTypes.ROW(DataTypes.FIELD("id", DataTypes.INT()),
            DataTypes.FIELD("b", DataTypes.BOOLEAN()), DataTypes.FIELD("i2", DataTypes.SMALLINT()),
            DataTypes.FIELD("i8", DataTypes.BIGINT()), DataTypes.FIELD("f4", DataTypes.FLOAT()),
            DataTypes.FIELD("f8", DataTypes.DOUBLE()), DataTypes.FIELD("n", DataTypes.DECIMAL(12, 4)),
            DataTypes.FIELD("big", DataTypes.DECIMAL(30, 0)), DataTypes.FIELD("t", DataTypes.STRING()),
            DataTypes.FIELD("u", DataTypes.STRING()), DataTypes.FIELD("j", DataTypes.STRING()),
            DataTypes.FIELD("by", DataTypes.BYTES()), DataTypes.FIELD("d", DataTypes.DATE()),
            DataTypes.FIELD("ti", DataTypes.TIME(3)), DataTypes.FIELD("ts", DataTypes.TIMESTAMP(6)),
            DataTypes.FIELD("tz", DataTypes.TIMESTAMP_LTZ(6))).getLogicalType();

    @Test
    void copyAndQueryReadEveryTypeAsWritten(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE every (id int PRIMARY KEY, b bool, i2 smallint, i8 bigint, f4 real, f8 float8,"
                + " n numeric(12,4), big numeric(30,0), t text, u uuid, j jsonb, \"by\" bytea, d date, ti time,"
                + " ts timestamp, tz timestamptz)",
                "INSERT INTO every VALUES (1, true, -7, -9000000000000001, 1.5, -2.25, -1234.5600,"
                        + " 123456789012345678901234567890, 'é''\\\"x', 'F47AC10B-58CC-4372-A567-0E02B2C3D479',"
                        + " '{\"a\": [1, 2]}', '\\x00ff10', '1999-12-31', '13:14:15.678', '1969-12-31 23:59:59.999999',"
                        + " '2024-02-29 12:00:00.000001+00')",
                "INSERT INTO every (id) VALUES (2)");
        RowData full = GenericRowData.of(1, true, (short) -7, -9000000000000001L, 1.5f, -2.25,
                DecimalData.fromBigDecimal(new BigDecimal("-1234.5600"), 12, 4),
                DecimalData.fromBigDecimal(new BigDecimal("123456789012345678901234567890"), 30, 0),
                StringData.fromString("é'\\\"x"), StringData.fromString("f47ac10b-58cc-4372-a567-0e02b2c3d479"),
                StringData.fromString("{\"a\": [1, 2]}"), new byte[] {0, (byte) 0xff, 0x10},
                (int) LocalDate.of(1999, 12, 31).toEpochDay(),
                (int) (LocalTime.of(13, 14, 15, 678_000_000).toNanoOfDay() / 1_000_000),
                TimestampData.fromLocalDateTime(LocalDateTime.of(1969, 12, 31, 23, 59, 59, 999_999_000)),
                TimestampData.fromInstant(Instant.parse("2024-02-29T12:00:00.000001Z")));
        GenericRowData nulls = new GenericRowData(ROW.getFieldCount());
        nulls.setField(0, 2);
        LookupSource source = new LookupSource(new ConnectionSpec(db.url(), db.properties()), TableName.parse("every"), ROW, null);

        List<RowData> copied = new ArrayList<>();
        FullTableLoader loader = new FullTableLoader(source);
        loader.open(loader.createInputSplits(1)[0]);
        while (!loader.reachedEnd()) copied.add(loader.nextRecord(null));
        loader.close();
        copied.sort((x, y) -> Integer.compare(x.getInt(0), y.getInt(0)));
        assertEquals(List.of(full, nulls), copied, "binary COPY");

        try (KeyLookup lookup = new KeyLookup(source, new int[] {0}, 0)) {
            assertEquals(List.of(full), lookup.lookup(lookup.parameters(GenericRowData.of(1))), "keyed query");
            assertEquals(List.of(nulls), lookup.lookup(lookup.parameters(GenericRowData.of(2))), "keyed query, NULLs");
        }
    }
}
