package io.pgcopy.flink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.pgcopy.values.SourceField;
import io.pgcopy.values.SourceType;
import java.util.List;
import org.apache.flink.table.types.logical.ArrayType;
import org.apache.flink.table.types.logical.BigIntType;
import org.apache.flink.table.types.logical.BinaryType;
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
import org.apache.flink.table.types.logical.ZonedTimestampType;
import org.junit.jupiter.api.Test;

class FlinkSchemasTest {
    private static SourceType of(LogicalType t) {
        return FlinkSchemas.toSourceType(t);
    }

    @Test
    void scalarTypesMapToTheirRepresentation() {
        assertEquals(SourceType.BOOLEAN, of(new BooleanType()));
        assertEquals(SourceType.BYTE, of(new TinyIntType()));
        assertEquals(SourceType.SHORT, of(new SmallIntType()));
        assertEquals(SourceType.INT, of(new IntType()));
        assertEquals(SourceType.LONG, of(new BigIntType()));
        assertEquals(SourceType.FLOAT, of(new FloatType()));
        assertEquals(SourceType.DOUBLE, of(new DoubleType()));
        assertEquals(SourceType.decimal(38, 18), of(new DecimalType(38, 18)));
        assertEquals(SourceType.STRING, of(new CharType(3)));
        assertEquals(SourceType.STRING, of(VarCharType.STRING_TYPE));
        assertEquals(SourceType.BINARY, of(new BinaryType(16)));
        assertEquals(SourceType.BINARY, of(new VarBinaryType(16)));
        assertEquals(SourceType.DATE, of(new DateType()));
        assertEquals(SourceType.TIME, of(new TimeType(3)));
        assertEquals(SourceType.TIMESTAMP, of(new TimestampType(6)));
        assertEquals(SourceType.TIMESTAMP_LTZ, of(new LocalZonedTimestampType(3)));
        assertEquals(SourceType.INTERVAL_YEAR_MONTH,
                of(new YearMonthIntervalType(YearMonthIntervalType.YearMonthResolution.MONTH)));
        assertEquals(SourceType.INTERVAL_DAY_TIME,
                of(new DayTimeIntervalType(DayTimeIntervalType.DayTimeResolution.DAY_TO_SECOND)));
    }

    @Test
    void arraysNestAndMapsMultisetsAndRowsBecomeJson() {
        assertEquals(SourceType.array(SourceType.array(SourceType.INT, false), true),
                of(new ArrayType(new ArrayType(new IntType(false)))));
        assertEquals(SourceType.JSON, of(new MapType(VarCharType.STRING_TYPE, new IntType())));
        assertEquals(SourceType.JSON, of(new MultisetType(VarCharType.STRING_TYPE)));
        assertEquals(SourceType.JSON, of(RowType.of(new IntType())));
    }

    @Test
    void fieldsKeepNameNullabilityAndFlinkTypeName() {
        RowType rowType = RowType.of(new LogicalType[] {new VarCharType(false, 10), new DecimalType(15, 2)},
                new String[] {"qty", "price"});
        assertEquals(List.of(new SourceField("qty", SourceType.STRING, false, "Flink VARCHAR(10)"),
                new SourceField("price", SourceType.decimal(15, 2), true, "Flink DECIMAL(15, 2)")),
                FlinkSchemas.toSourceFields(rowType));
    }

    @Test
    void unsupportedTypesFailNamingFieldAndType() {
        RowType rowType = RowType.of(new LogicalType[] {new ZonedTimestampType(3)}, new String[] {"z"});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FlinkSchemas.toSourceFields(rowType));
        assertEquals("field \"z\": Flink TIMESTAMP(3) WITH TIME ZONE cannot be written by pgcopy", e.getMessage());

        RowType nested = RowType.of(new LogicalType[] {RowType.of(new ZonedTimestampType(3))}, new String[] {"r"});
        e = assertThrows(IllegalArgumentException.class, () -> FlinkSchemas.toSourceFields(nested));
        assertEquals("field \"r\": Flink ROW<`f0` TIMESTAMP(3) WITH TIME ZONE> contains Flink TIMESTAMP(3) WITH TIME"
                + " ZONE, which pgcopy cannot write as JSON", e.getMessage());
    }
}
