package io.pgcopy.sql;

import io.pgcopy.values.SourceField;
import io.pgcopy.values.SourceType;
import java.util.List;
import java.util.Map;

/** {@code CREATE TABLE} for a source schema, with the PostgreSQL type that holds each field exactly. */
public final class CreateTable {
    private CreateTable() {}

    /**
     * @param columnTypes per-field SQL types that replace the default ones (Spark JDBC's
     *     createTableColumnTypes), by field name
     * @param tableOptions SQL appended after the column list (createTableOptions)
     */
    public static String sql(TableName table, List<SourceField> fields, Map<String, String> columnTypes,
            String tableOptions) {
        StringBuilder sb = new StringBuilder("CREATE TABLE ").append(table.quoted()).append(" (");
        for (int k = 0; k < fields.size(); k++) {
            SourceField f = fields.get(k);
            if (k > 0) sb.append(", ");
            String type = columnTypes.getOrDefault(f.name(), type(f.type()));
            sb.append(Identifiers.quote(f.name())).append(' ').append(type);
            if (!f.nullable()) sb.append(" NOT NULL");
        }
        sb.append(')');
        if (tableOptions != null && !tableOptions.isBlank()) sb.append(' ').append(tableOptions.trim());
        return sb.toString();
    }

    /** The column type that holds every value of {@code t} without loss. */
    public static String type(SourceType t) {
        switch (t.kind()) {
            case BOOLEAN: return "boolean";
            case BYTE: case SHORT: return "smallint";
            case INT: return "integer";
            case LONG: return "bigint";
            case FLOAT: return "real";
            case DOUBLE: return "double precision";
            case DECIMAL: return "numeric(" + t.precision() + "," + t.scale() + ")";
            case STRING: return "text";
            case JSON: return "jsonb";
            case BINARY: return "bytea";
            case DATE: return "date";
            case TIME: return "time";
            case TIMESTAMP: return "timestamp";
            case TIMESTAMP_LTZ: return "timestamptz";
            case INTERVAL_YEAR_MONTH: case INTERVAL_DAY_TIME: case INTERVAL: return "interval";
            case ARRAY: return type(t.leaf()) + "[]";
            default: throw new IllegalArgumentException("no PostgreSQL type for " + t);
        }
    }
}
