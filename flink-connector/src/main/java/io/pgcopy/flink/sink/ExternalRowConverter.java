package io.pgcopy.flink.sink;

import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.conversion.DataStructureConverter;
import org.apache.flink.table.data.conversion.DataStructureConverters;
import org.apache.flink.table.types.DataType;
import org.apache.flink.table.types.logical.LogicalTypeRoot;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.types.Row;

/** Flink's external {@link Row} through Flink's own converter into RowData: one type mapping for both row forms. */
final class ExternalRowConverter implements RowConverter<Row> {
    private static final long serialVersionUID = 1L;

    private final DataType dataType;
    private transient DataStructureConverter<Object, Object> toInternal;

    ExternalRowConverter(DataType dataType) {
        if (dataType.getLogicalType().getTypeRoot() != LogicalTypeRoot.ROW) {
            throw new IllegalArgumentException("RowConverter.row needs a ROW data type, got " + dataType);
        }
        this.dataType = dataType;
    }

    @Override
    public RowType rowType() {
        return (RowType) dataType.getLogicalType();
    }

    @Override
    public RowData toRowData(Row element) {
        if (toInternal == null) {
            // created on the task manager: converters are not serializable and need the user class loader
            toInternal = DataStructureConverters.getConverter(dataType);
            toInternal.open(Thread.currentThread().getContextClassLoader());
        }
        return (RowData) toInternal.toInternal(element);
    }
}
