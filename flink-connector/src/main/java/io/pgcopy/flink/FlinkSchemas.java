package io.pgcopy.flink;

import io.pgcopy.values.SourceField;
import io.pgcopy.values.SourceType;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.table.types.logical.ArrayType;
import org.apache.flink.table.types.logical.DecimalType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.LogicalTypeRoot;
import org.apache.flink.table.types.logical.RowType;

/** Flink logical types to the core's source model: what each Flink internal value is, for the typed mapping. */
public final class FlinkSchemas {
    private FlinkSchemas() {}

    /**
     * One source field per field of {@code rowType}, in order (the source index of a field is its
     * position in the RowData).
     *
     * @throws IllegalArgumentException naming the field and its type when pgcopy cannot write it
     */
    public static List<SourceField> toSourceFields(RowType rowType) {
        List<SourceField> fields = new ArrayList<>(rowType.getFieldCount());
        for (RowType.RowField f : rowType.getFields()) {
            SourceType type;
            try {
                type = toSourceType(f.getType());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("field \"" + f.getName() + "\": " + e.getMessage(), e);
            }
            fields.add(new SourceField(f.getName(), type, f.getType().isNullable(), engineType(f.getType())));
        }
        return fields;
    }

    /** How messages name a Flink type: {@code Flink STRING}, {@code Flink DECIMAL(15, 2)} (nullability left out). */
    public static String engineType(LogicalType type) {
        return "Flink " + type.copy(true).asSummaryString();
    }

    /**
     * The source type of a Flink logical type. MAP, MULTISET and ROW become JSON: {@link FlinkRowValues}
     * serializes them.
     *
     * @throws IllegalArgumentException for a type pgcopy cannot write (e.g. RAW, TIMESTAMP WITH TIME ZONE)
     */
    public static SourceType toSourceType(LogicalType t) {
        switch (t.getTypeRoot()) {
            case BOOLEAN: return SourceType.BOOLEAN;
            case TINYINT: return SourceType.BYTE;
            case SMALLINT: return SourceType.SHORT;
            case INTEGER: return SourceType.INT;
            case BIGINT: return SourceType.LONG;
            case FLOAT: return SourceType.FLOAT;
            case DOUBLE: return SourceType.DOUBLE;
            case DECIMAL: {
                DecimalType d = (DecimalType) t;
                return SourceType.decimal(d.getPrecision(), d.getScale());
            }
            case CHAR: case VARCHAR: return SourceType.STRING;
            case BINARY: case VARBINARY: return SourceType.BINARY;
            case DATE: return SourceType.DATE;
            case TIME_WITHOUT_TIME_ZONE: return SourceType.TIME;
            case TIMESTAMP_WITHOUT_TIME_ZONE: return SourceType.TIMESTAMP;
            case TIMESTAMP_WITH_LOCAL_TIME_ZONE: return SourceType.TIMESTAMP_LTZ;
            case INTERVAL_YEAR_MONTH: return SourceType.INTERVAL_YEAR_MONTH;
            case INTERVAL_DAY_TIME: return SourceType.INTERVAL_DAY_TIME;
            case ARRAY: {
                LogicalType element = ((ArrayType) t).getElementType();
                return SourceType.array(toSourceType(element), element.isNullable());
            }
            case MAP: case MULTISET: case ROW:
                requireJson(t, t);
                return SourceType.JSON;
            default:
                throw new IllegalArgumentException(engineType(t) + " cannot be written by pgcopy");
        }
    }

    /** Every type nested in a map, multiset or row must have a JSON form ({@link FlinkJson}). */
    private static void requireJson(LogicalType t, LogicalType outer) {
        LogicalTypeRoot root = t.getTypeRoot();
        if (root == LogicalTypeRoot.MAP || root == LogicalTypeRoot.MULTISET || root == LogicalTypeRoot.ROW
                || root == LogicalTypeRoot.ARRAY) {
            for (LogicalType child : t.getChildren()) requireJson(child, outer);
        } else if (root != LogicalTypeRoot.NULL) {
            try {
                toSourceType(t);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(engineType(outer) + " contains " + engineType(t)
                        + ", which pgcopy cannot write as JSON", e);
            }
        }
    }
}
