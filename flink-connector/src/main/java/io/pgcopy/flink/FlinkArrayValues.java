package io.pgcopy.flink;

import io.pgcopy.values.ByteSink;
import io.pgcopy.values.IndexedValues;
import java.math.BigDecimal;
import org.apache.flink.table.data.ArrayData;
import org.apache.flink.table.types.logical.ArrayType;
import org.apache.flink.table.types.logical.LogicalType;

/** Flink {@link ArrayData} seen as {@link IndexedValues}: the elements of one array value, reused per value. */
final class FlinkArrayValues implements IndexedValues {
    private final LogicalType elementType;
    private final byte readKind;
    private final int timestampPrecision;
    private final FlinkArrayValues nested;
    private final FlinkJson json;
    private ArrayData array;

    FlinkArrayValues(LogicalType elementType, FlinkJson json) {
        this.elementType = elementType;
        this.readKind = FlinkScalars.readKind(elementType);
        this.timestampPrecision = FlinkScalars.timestampPrecision(elementType);
        this.nested = elementType instanceof ArrayType a ? new FlinkArrayValues(a.getElementType(), json) : null;
        this.json = json;
    }

    FlinkArrayValues set(ArrayData array) {
        this.array = array;
        return this;
    }

    @Override
    public int size() {
        return array.size();
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
        switch (readKind) {
            case FlinkScalars.TIME_MILLIS: return array.getInt(i) * 1000L;
            case FlinkScalars.TIMESTAMP: return FlinkScalars.micros(array.getTimestamp(i, timestampPrecision));
            case FlinkScalars.INTERVAL_MILLIS: return Math.multiplyExact(array.getLong(i), 1000L);
            default: return array.getLong(i);
        }
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
        return FlinkScalars.unscaled(array.getDecimal(i, precision, scale), scale);
    }

    @Override
    public BigDecimal getDecimal(int i, int precision, int scale) {
        return array.getDecimal(i, precision, scale).toBigDecimal();
    }

    @Override
    public void writeUtf8(int i, ByteSink sink) {
        if (readKind == FlinkScalars.JSON) {
            json.write(array, i, elementType, sink);
        } else {
            FlinkScalars.writeUtf8(array.getString(i), sink);
        }
    }

    @Override
    public byte[] getBinary(int i) {
        return array.getBinary(i);
    }

    /** Nested arrays (multi-dimensional): the inner view is reused, one element at a time. */
    @Override
    public IndexedValues getArray(int i) {
        return nested.set(array.getArray(i));
    }
}
