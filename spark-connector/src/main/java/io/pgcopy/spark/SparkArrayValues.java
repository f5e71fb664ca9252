package io.pgcopy.spark;

import io.pgcopy.values.ByteSink;
import io.pgcopy.values.IndexedValues;
import java.math.BigDecimal;
import org.apache.spark.sql.catalyst.expressions.UnsafeArrayData;
import org.apache.spark.sql.catalyst.util.ArrayData;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;

/** Spark {@link ArrayData} seen as {@link IndexedValues}: the elements of one array value, reused per value. */
final class SparkArrayValues implements IndexedValues {
    private final DataType elementType;
    private final byte readKind;
    private final SparkArrayValues nested;
    private final SparkJson json;
    private ArrayData array;

    SparkArrayValues(DataType elementType, SparkJson json) {
        this.elementType = elementType;
        this.readKind = SparkScalars.readKind(elementType);
        this.nested = elementType instanceof ArrayType a ? new SparkArrayValues(a.elementType(), json) : null;
        this.json = json;
    }

    SparkArrayValues set(ArrayData array) {
        this.array = array;
        return this;
    }

    @Override
    public int size() {
        return array.numElements();
    }

    @Override
    public boolean isNull(int i) {
        return array.isNullAt(i);
    }

    @Override
    public boolean getBoolean(int i) {
        return array.getBoolean(i);
    }

    @Override
    public byte getByte(int i) {
        return array.getByte(i);
    }

    @Override
    public short getShort(int i) {
        return array.getShort(i);
    }

    @Override
    public int getInt(int i) {
        return array.getInt(i);
    }

    @Override
    public long getLong(int i) {
        long v = array.getLong(i);
        return readKind == SparkScalars.TIME_NANOS ? SparkScalars.nanosToMicros(v) : v;
    }

    @Override
    public float getFloat(int i) {
        return array.getFloat(i);
    }

    @Override
    public double getDouble(int i) {
        return array.getDouble(i);
    }

    @Override
    public long getDecimalUnscaled(int i, int precision, int scale) {
        if (array instanceof UnsafeArrayData u) return u.getLong(i); // as in SparkRowValues
        return SparkScalars.unscaled(array.getDecimal(i, precision, scale), scale);
    }

    @Override
    public BigDecimal getDecimal(int i, int precision, int scale) {
        return array.getDecimal(i, precision, scale).toJavaBigDecimal();
    }

    @Override
    public void writeUtf8(int i, ByteSink sink) {
        if (readKind == SparkScalars.JSON) {
            json.write(array, i, elementType, sink);
        } else {
            SparkScalars.writeUtf8(array.getUTF8String(i), sink);
        }
    }

    @Override
    public byte[] getBinary(int i) {
        return array.getBinary(i);
    }

    @Override
    public Interval getInterval(int i) {
        return SparkScalars.interval(array.getInterval(i));
    }

    /** Nested arrays (multi-dimensional): the inner view is reused, one element at a time. */
    @Override
    public IndexedValues getArray(int i) {
        return nested.set(array.getArray(i));
    }
}
