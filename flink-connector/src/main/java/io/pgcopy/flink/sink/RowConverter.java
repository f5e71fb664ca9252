package io.pgcopy.flink.sink;

import java.io.Serializable;
import org.apache.flink.table.data.RowData;
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
}
