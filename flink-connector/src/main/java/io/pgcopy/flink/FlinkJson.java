package io.pgcopy.flink;

import io.pgcopy.values.ByteSink;
import io.pgcopy.values.JsonWriter;
import java.util.List;
import org.apache.flink.table.data.ArrayData;
import org.apache.flink.table.data.DecimalData;
import org.apache.flink.table.data.MapData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.types.logical.ArrayType;
import org.apache.flink.table.types.logical.IntType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.MapType;
import org.apache.flink.table.types.logical.MultisetType;
import org.apache.flink.table.types.logical.RowType;

/**
 * Flink maps, multisets, rows and arrays as JSON text, as flink-json writes them: rows and maps are
 * objects (non-string map keys take their JSON text as the name), a multiset an object of element to
 * count; dates, times and intervals ISO 8601 strings, binary base64. Reuses its buffers.
 */
final class FlinkJson {
    /** A MULTISET is kept as a MapData of element to its INT count. */
    private static final LogicalType MULTISET_COUNT = new IntType(false);

    private final JsonWriter writer = new JsonWriter();
    private final JsonWriter key = new JsonWriter();

    void write(RowData row, int i, LogicalType type, ByteSink sink) {
        writer.reset();
        value(writer, RowData.createFieldGetter(type, i).getFieldOrNull(row), type);
        writer.writeTo(sink);
    }

    void write(ArrayData array, int i, LogicalType type, ByteSink sink) {
        writer.reset();
        value(writer, ArrayData.createElementGetter(type).getElementOrNull(array, i), type);
        writer.writeTo(sink);
    }

    private void value(JsonWriter w, Object v, LogicalType t) {
        if (v == null) {
            w.nullValue();
            return;
        }
        switch (t.getTypeRoot()) {
            case BOOLEAN: w.value((boolean) (Boolean) v); break;
            case TINYINT: case SMALLINT: case INTEGER: case BIGINT: w.value(((Number) v).longValue()); break;
            case FLOAT: w.value((float) (Float) v); break;
            case DOUBLE: w.value((double) (Double) v); break;
            case DECIMAL: w.value(((DecimalData) v).toBigDecimal()); break;
            case CHAR: case VARCHAR: {
                byte[] b = ((StringData) v).toBytes();
                w.valueUtf8(b, 0, b.length);
                break;
            }
            case BINARY: case VARBINARY: w.binaryValue((byte[]) v); break;
            case DATE: w.dateValue((Integer) v); break;
            case TIME_WITHOUT_TIME_ZONE: w.timeValue((Integer) v * 1000L); break;
            case TIMESTAMP_WITHOUT_TIME_ZONE: w.timestampValue(FlinkScalars.micros((TimestampData) v)); break;
            case TIMESTAMP_WITH_LOCAL_TIME_ZONE: w.instantValue(FlinkScalars.micros((TimestampData) v)); break;
            case INTERVAL_YEAR_MONTH: w.intervalValue((Integer) v, 0, 0); break;
            case INTERVAL_DAY_TIME: w.intervalValue(0, 0, (Long) v * 1000L); break;
            case ARRAY: {
                ArrayData a = (ArrayData) v;
                LogicalType element = ((ArrayType) t).getElementType();
                ArrayData.ElementGetter get = ArrayData.createElementGetter(element);
                w.beginArray();
                for (int k = 0; k < a.size(); k++) value(w, get.getElementOrNull(a, k), element);
                w.endArray();
                break;
            }
            case MAP: {
                MapType m = (MapType) t;
                map(w, (MapData) v, m.getKeyType(), m.getValueType());
                break;
            }
            case MULTISET:
                map(w, (MapData) v, ((MultisetType) t).getElementType(), MULTISET_COUNT);
                break;
            case ROW: {
                RowData r = (RowData) v;
                List<RowType.RowField> fields = ((RowType) t).getFields();
                w.beginObject();
                for (int k = 0; k < fields.size(); k++) {
                    LogicalType ft = fields.get(k).getType();
                    w.name(fields.get(k).getName());
                    value(w, RowData.createFieldGetter(ft, k).getFieldOrNull(r), ft);
                }
                w.endObject();
                break;
            }
            default: throw new IllegalStateException("no JSON form for " + FlinkSchemas.engineType(t));
        }
    }

    private void map(JsonWriter w, MapData map, LogicalType keyType, LogicalType valueType) {
        ArrayData keys = map.keyArray();
        ArrayData values = map.valueArray();
        ArrayData.ElementGetter getKey = ArrayData.createElementGetter(keyType);
        ArrayData.ElementGetter getValue = ArrayData.createElementGetter(valueType);
        // a map key that itself holds a map needs its own key writer
        JsonWriter k = w == key ? new JsonWriter() : key;
        w.beginObject();
        for (int e = 0; e < map.size(); e++) {
            k.reset();
            value(k, getKey.getElementOrNull(keys, e), keyType);
            w.name(k);
            value(w, getValue.getElementOrNull(values, e), valueType);
        }
        w.endObject();
    }
}
