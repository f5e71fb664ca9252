package io.pgcopy.flink;

import io.pgcopy.values.ByteSink;
import io.pgcopy.values.IndexedValues;
import java.math.BigDecimal;
import java.util.List;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.logical.ArrayType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.RowType;

/**
 * A Flink {@link RowData} seen as {@link IndexedValues}, in the representations the encoders read
 * (see {@link FlinkSchemas} for the type mapping): TIME millis, INTERVAL DAY TO SECOND millis and
 * TimestampData become microseconds. One instance per writer, pointed at each row in turn with
 * {@link #set}: nothing is allocated per row for primitive, decimal(p &le; 18), string and binary fields.
 */
public final class FlinkRowValues implements IndexedValues {
    private final int size;
    private final byte[] readKinds;
    private final int[] timestampPrecisions;
    private final LogicalType[] types;
    private final FlinkArrayValues[] arrays;
    private final FlinkJson json = new FlinkJson();
    private RowData row;

    public FlinkRowValues(RowType rowType) {
        List<LogicalType> fieldTypes = rowType.getChildren();
        size = fieldTypes.size();
        readKinds = new byte[size];
        timestampPrecisions = new int[size];
        types = fieldTypes.toArray(new LogicalType[0]);
        arrays = new FlinkArrayValues[size];
        for (int i = 0; i < size; i++) {
            readKinds[i] = FlinkScalars.readKind(types[i]);
            timestampPrecisions[i] = FlinkScalars.timestampPrecision(types[i]);
            if (types[i] instanceof ArrayType a) arrays[i] = new FlinkArrayValues(a.getElementType(), json);
        }
    }

    /** Points this view at {@code row}, which must have the row type given at construction. */
    public FlinkRowValues set(RowData row) {
        this.row = row;
        return this;
    }

    public RowData row() {
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
        switch (readKinds[i]) {
            case FlinkScalars.TIME_MILLIS: return row.getInt(i) * 1000L;
            case FlinkScalars.TIMESTAMP: return FlinkScalars.micros(row.getTimestamp(i, timestampPrecisions[i]));
            case FlinkScalars.INTERVAL_MILLIS: return Math.multiplyExact(row.getLong(i), 1000L);
            default: return row.getLong(i);
        }
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
        return FlinkScalars.unscaled(row.getDecimal(i, precision, scale), scale);
    }

    @Override
    public BigDecimal getDecimal(int i, int precision, int scale) {
        return row.getDecimal(i, precision, scale).toBigDecimal();
    }

    @Override
    public void writeUtf8(int i, ByteSink sink) {
        if (readKinds[i] == FlinkScalars.JSON) {
            json.write(row, i, types[i], sink);
        } else {
            FlinkScalars.writeUtf8(row.getString(i), sink);
        }
    }

    @Override
    public byte[] getBinary(int i) {
        return row.getBinary(i);
    }

    /** The array field as a view that stays valid until the next call for the same field. */
    @Override
    public IndexedValues getArray(int i) {
        return arrays[i].set(row.getArray(i));
    }
}
