package io.pgcopy.flink.source;

import java.io.Serializable;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.conversion.DataStructureConverter;
import org.apache.flink.table.data.conversion.DataStructureConverters;
import org.apache.flink.table.runtime.typeutils.ExternalTypeInfo;
import org.apache.flink.table.runtime.typeutils.InternalTypeInfo;
import org.apache.flink.table.types.DataType;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.table.types.utils.TypeConversions;
import org.apache.flink.types.Row;

/** What the source emits for each row read: Flink's RowData (default) or Row. */
public abstract class OutputConverter<T> implements Serializable {
    abstract T convert(RowData row);

    abstract TypeInformation<T> producedType(RowType rowType);

    /** Rows as Flink's internal RowData (GenericRowData), as SQL reads them. */
    public static OutputConverter<RowData> rowData() {
        return new OutputConverter<>() {
            @Override
            RowData convert(RowData row) {
                return row;
            }

            @Override
            TypeInformation<RowData> producedType(RowType rowType) {
                return InternalTypeInfo.of(rowType);
            }
        };
    }

    /** Rows as {@link Row}s of Java values (String, BigDecimal, LocalDateTime, Instant, arrays, ...). */
    public static OutputConverter<Row> row() {
        return new OutputConverter<>() {
            private transient DataStructureConverter<Object, Object> converter;

            @Override
            Row convert(RowData row) {
                return (Row) converter.toExternalOrNull(row);
            }

            @Override
            TypeInformation<Row> producedType(RowType rowType) {
                return ExternalTypeInfo.of(dataType(rowType));
            }

            @Override
            void open(RowType rowType) {
                converter = DataStructureConverters.getConverter(dataType(rowType));
                converter.open(Thread.currentThread().getContextClassLoader());
            }
        };
    }

    /** Prepares the conversion on the reader, where the row type is known. */
    void open(RowType rowType) {}

    private static DataType dataType(RowType rowType) {
        return TypeConversions.fromLogicalToDataType(rowType).bridgedTo(Row.class);
    }
}
