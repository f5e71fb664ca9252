package io.pgcopy.flink.sink;

import java.io.Serializable;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.DataType;
import org.apache.flink.table.types.logical.RowType;

/**
 * Turns the sink's input elements into Flink {@link RowData} of one {@link RowType}, whose fields
 * are matched to the table's columns by name. The RowData's {@link org.apache.flink.types.RowKind}
 * says whether it inserts, updates or deletes (only upsert sinks take the latter two).
 */
public interface RowConverter<T> extends Serializable {
    RowType rowType();

    RowData toRowData(T element);

    /** For streams of RowData already. */
    static RowConverter<RowData> rowData(RowType rowType) {
        return new RowConverter<>() {
            @Override
            public RowType rowType() {
                return rowType;
            }

            @Override
            public RowData toRowData(RowData element) {
                return element;
            }
        };
    }

    /**
     * For Flink's {@link org.apache.flink.types.Row} of {@code rowDataType}, e.g.
     * {@code DataTypes.ROW(DataTypes.FIELD("id", DataTypes.BIGINT()), ...)}, converted as Flink's
     * Table API converts them; the Row's kind is kept.
     */
    static RowConverter<org.apache.flink.types.Row> row(DataType rowDataType) {
        return new ExternalRowConverter(rowDataType);
    }

    /**
     * For plain Java objects: their public fields and bean getters become columns of the same
     * name (see {@link PojoRowConverter} for the Java → Flink types).
     */
    static <T> RowConverter<T> pojo(Class<T> type) {
        return new PojoRowConverter<>(type);
    }
}
