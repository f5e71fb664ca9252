package io.pgcopy.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.pgcopy.values.SourceField;
import io.pgcopy.values.SourceType;
import java.util.List;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DayTimeIntervalType;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.ObjectType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.types.YearMonthIntervalType;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("compat")
class SparkSchemasTest {
    private static SourceType of(DataType t) {
        return SparkSchemas.toSourceType(t);
    }

    @Test
    void scalarTypesMapToTheirRepresentation() {
        assertEquals(SourceType.BOOLEAN, of(DataTypes.BooleanType));
        assertEquals(SourceType.BYTE, of(DataTypes.ByteType));
        assertEquals(SourceType.SHORT, of(DataTypes.ShortType));
        assertEquals(SourceType.INT, of(DataTypes.IntegerType));
        assertEquals(SourceType.LONG, of(DataTypes.LongType));
        assertEquals(SourceType.FLOAT, of(DataTypes.FloatType));
        assertEquals(SourceType.DOUBLE, of(DataTypes.DoubleType));
        assertEquals(SourceType.decimal(38, 18), of(DataTypes.createDecimalType(38, 18)));
        assertEquals(SourceType.STRING, of(DataTypes.StringType));
        assertEquals(SourceType.STRING, of(DataType.fromDDL("varchar(3)")));
        assertEquals(SourceType.STRING, of(DataType.fromDDL("char(3)")));
        assertEquals(SourceType.BINARY, of(DataTypes.BinaryType));
        assertEquals(SourceType.DATE, of(DataTypes.DateType));
        assertEquals(SourceType.TIMESTAMP_LTZ, of(DataTypes.TimestampType));
        assertEquals(SourceType.TIMESTAMP, of(DataTypes.TimestampNTZType));
        assertEquals(SourceType.INTERVAL_YEAR_MONTH, of(YearMonthIntervalType.apply()));
        assertEquals(SourceType.INTERVAL_DAY_TIME, of(DayTimeIntervalType.apply()));
        assertEquals(SourceType.INTERVAL, of(DataTypes.CalendarIntervalType));
    }

    @Test
    void arraysNestAndMapsAndStructsBecomeJson() {
        assertEquals(SourceType.array(SourceType.array(SourceType.INT, false), true),
                of(new ArrayType(new ArrayType(DataTypes.IntegerType, false), true)));
        assertEquals(SourceType.array(SourceType.JSON, false),
                of(new ArrayType(DataTypes.createMapType(DataTypes.StringType, DataTypes.LongType), false)));
        assertEquals(SourceType.JSON, of(new StructType().add("a", DataTypes.IntegerType)));
    }

    @Test
    void fieldsKeepNameNullabilityAndSparkTypeName() {
        StructType schema = new StructType(new StructField[] {
            new StructField("qty", DataTypes.StringType, false, Metadata.empty()),
            new StructField("price", DataTypes.createDecimalType(15, 2), true, Metadata.empty())});
        assertEquals(List.of(new SourceField("qty", SourceType.STRING, false, "Spark StringType"),
                new SourceField("price", SourceType.decimal(15, 2), true, "Spark DecimalType(15,2)")),
                SparkSchemas.toSourceFields(schema));
    }

    @Test
    void unsupportedTypesFailNamingFieldAndType() {
        // ObjectType: a type of every Spark line that pgcopy cannot write (VariantType exists only from 4.0)
        DataType object = new ObjectType(Object.class);
        StructType schema = new StructType().add("v", object);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SparkSchemas.toSourceFields(schema));
        assertEquals("field \"v\": Spark " + object + " cannot be written by pgcopy", e.getMessage());

        StructType inner = new StructType().add("v", object);
        StructType nested = new StructType().add("s", inner);
        e = assertThrows(IllegalArgumentException.class, () -> SparkSchemas.toSourceFields(nested));
        assertEquals("field \"s\": Spark " + inner + " contains Spark " + object + ", which pgcopy cannot write as JSON",
                e.getMessage());
    }
}
