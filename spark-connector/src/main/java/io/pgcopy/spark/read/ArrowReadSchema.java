package io.pgcopy.spark.read;

import java.util.List;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The Spark schema of a scan's Arrow schema, for the Arrow types pgcopy's decoders make — what
 * ArrowColumnVector reads them as. Public Spark API only: Spark's own ArrowUtils is internal and its
 * mapping differs between lines.
 */
final class ArrowReadSchema {
    private ArrowReadSchema() {
    }

    static StructType of(Schema schema) {
        List<Field> fields = schema.getFields();
        StructField[] out = new StructField[fields.size()];
        for (int i = 0; i < out.length; i++) {
            Field f = fields.get(i);
            out[i] = new StructField(f.getName(), type(f), f.isNullable(), Metadata.empty());
        }
        return new StructType(out);
    }

    private static DataType type(Field f) {
        ArrowType t = f.getType();
        if (t instanceof ArrowType.Bool) return DataTypes.BooleanType;
        if (t instanceof ArrowType.Int i && i.getIsSigned()) {
            switch (i.getBitWidth()) {
                case 8: return DataTypes.ByteType;
                case 16: return DataTypes.ShortType;
                case 32: return DataTypes.IntegerType;
                case 64: return DataTypes.LongType;
                default: break;
            }
        }
        if (t instanceof ArrowType.FloatingPoint fp) {
            switch (fp.getPrecision()) {
                case SINGLE: return DataTypes.FloatType;
                case DOUBLE: return DataTypes.DoubleType;
                default: break;
            }
        }
        if (t instanceof ArrowType.Utf8) return DataTypes.StringType;
        if (t instanceof ArrowType.Binary) return DataTypes.BinaryType;
        if (t instanceof ArrowType.Decimal d) return DataTypes.createDecimalType(d.getPrecision(), d.getScale());
        if (t instanceof ArrowType.Date) return DataTypes.DateType;
        if (t instanceof ArrowType.Timestamp ts) {
            return ts.getTimezone() == null ? DataTypes.TimestampNTZType : DataTypes.TimestampType;
        }
        if (t instanceof ArrowType.Interval) return DataTypes.CalendarIntervalType;
        if (t instanceof ArrowType.List) {
            Field element = f.getChildren().get(0);
            return new ArrayType(type(element), element.isNullable());
        }
        throw new IllegalStateException("column \"" + f.getName() + "\": no Spark type reads Arrow " + t);
    }
}
