package io.pgcopy.spark;

import io.pgcopy.values.ByteSink;
import io.pgcopy.values.IndexedValues;
import java.math.BigDecimal;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.UnsafeRow;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * An {@link InternalRow} seen as {@link IndexedValues}, in the representations the encoders read
 * (see {@link SparkSchemas} for the type mapping). One instance per writer, pointed at each row in
 * turn with {@link #set}: nothing is allocated per row for primitive, decimal(p &le; 18), string
 * and binary fields.
 */
public final class SparkRowValues implements IndexedValues {
    private final int size;
    private final byte[] readKinds;
    private final DataType[] types;
    private final SparkArrayValues[] arrays;
    private final SparkJson json = new SparkJson();
    private InternalRow row;

    public SparkRowValues(StructType schema) {
        StructField[] fields = schema.fields();
        size = fields.length;
        readKinds = new byte[size];
        types = new DataType[size];
        arrays = new SparkArrayValues[size];
        for (int i = 0; i < size; i++) {
            types[i] = fields[i].dataType();
            readKinds[i] = SparkScalars.readKind(types[i]);
            if (types[i] instanceof ArrayType a) arrays[i] = new SparkArrayValues(a.elementType(), json);
        }
    }

    /** Points this view at {@code row}, which must have the schema given at construction. */
    public SparkRowValues set(InternalRow row) {
        this.row = row;
        return this;
    }

    public InternalRow row() {
        return row;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public boolean isNull(int i) {
        return row.isNullAt(i);
    }

    @Override
    public boolean getBoolean(int i) {
        return row.getBoolean(i);
    }

    @Override
    public byte getByte(int i) {
        return row.getByte(i);
    }

    @Override
    public short getShort(int i) {
        return row.getShort(i);
    }

    @Override
    public int getInt(int i) {
        return row.getInt(i);
    }

    @Override
    public long getLong(int i) {
        long v = row.getLong(i);
        return readKinds[i] == SparkScalars.TIME_NANOS ? SparkScalars.nanosToMicros(v) : v;
    }

    @Override
    public float getFloat(int i) {
        return row.getFloat(i);
    }

    @Override
    public double getDouble(int i) {
        return row.getDouble(i);
    }

    @Override
    public long getDecimalUnscaled(int i, int precision, int scale) {
        // an UnsafeRow keeps a decimal(p <= 18) as its unscaled long at the schema's scale
        // (UnsafeRowWriter.write); reading it directly skips a Decimal per value
        if (row instanceof UnsafeRow u) return u.getLong(i);
        return SparkScalars.unscaled(row.getDecimal(i, precision, scale), scale);
    }

    @Override
    public BigDecimal getDecimal(int i, int precision, int scale) {
        return row.getDecimal(i, precision, scale).toJavaBigDecimal();
    }

    @Override
    public void writeUtf8(int i, ByteSink sink) {
        if (readKinds[i] == SparkScalars.JSON) {
            json.write(row, i, types[i], sink);
        } else {
            SparkScalars.writeUtf8(row.getUTF8String(i), sink);
        }
    }

    @Override
    public byte[] getBinary(int i) {
        return row.getBinary(i);
    }

    @Override
    public Interval getInterval(int i) {
        return SparkScalars.interval(row.getInterval(i));
    }

    /** The array field as a view that stays valid until the next call for the same field. */
    @Override
    public IndexedValues getArray(int i) {
        return arrays[i].set(row.getArray(i));
    }
}
