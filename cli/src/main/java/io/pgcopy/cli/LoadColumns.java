package io.pgcopy.cli;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.encode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.substring;
import static org.apache.spark.sql.functions.to_json;
import static org.apache.spark.sql.functions.unhex;
import static org.apache.spark.sql.functions.when;

import io.pgcopy.catalog.PgColumn;
import io.pgcopy.catalog.PgTable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.BinaryType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The file's columns as the target table takes them: matched by name (or by position for CSV
 * without a header), cast to the Spark type each column's PostgreSQL type needs. A value that does
 * not convert, and a malformed record, stop the load in the same pass with a {@link BadValue}
 * message that carries the file, record, column and value.
 */
final class LoadColumns {
    private LoadColumns() {}

    /** Columns for a table that does not exist yet: as read, quoted empty CSV fields made empty again. */
    static Dataset<Row> asRead(Dataset<Row> files) {
        Map<String, Column> out = new LinkedHashMap<>();
        for (StructField f : dataFields(files.schema())) out.put(f.name(), unquoteEmpty(f));
        return select(files, out);
    }

    /** Columns for {@code table}: matched, converted, checked. */
    static Dataset<Row> forTable(Dataset<Row> files, PgTable table, boolean byPosition) {
        Map<StructField, PgColumn> matched = match(dataFields(files.schema()), table, byPosition);
        Map<String, Column> out = new LinkedHashMap<>();
        for (Map.Entry<StructField, PgColumn> e : matched.entrySet()) {
            StructField f = e.getKey();
            TargetTypes.checkWritable(e.getValue(), table.name().toString());
            DataType target = TargetTypes.of(e.getValue());
            Column raw = unquoteEmpty(f);
            Column converted = convert(raw, f.dataType(), target);
            Column bad = raw.isNotNull().and(converted.isNull());
            out.put(e.getValue().name(), when(bad, BadValue.raise(e.getValue().name(), target.sql(), raw.cast("string")))
                    .otherwise(converted));
        }
        return select(files, out);
    }

    private static Column unquoteEmpty(StructField f) {
        Column c = col(OutputColumns.quoted(f.name()));
        return f.dataType() instanceof StringType ? when(c.equalTo(SourceFiles.EMPTY), lit("")).otherwise(c) : c;
    }

    private static Column convert(Column raw, DataType from, DataType to) {
        if (from.equals(to)) return raw;
        boolean structured = from instanceof StructType || from instanceof MapType || from instanceof ArrayType;
        if (to instanceof StringType && structured) return to_json(raw); // JSON objects into json/jsonb
        if (to instanceof BinaryType && from instanceof StringType) {
            // bytea's text form \x0a1b..., as PostgreSQL writes it; other text as its UTF-8 bytes
            return when(raw.startsWith("\\x"), unhex(substring(raw, 3, Integer.MAX_VALUE))).otherwise(encode(raw, "UTF-8"));
        }
        return raw.try_cast(to);
    }

    /** Selects the columns; a malformed record fails the load, checked on the first column so that it runs for every row. */
    private static Dataset<Row> select(Dataset<Row> files, Map<String, Column> columns) {
        if (columns.isEmpty()) throw new LoadException("the files have no columns");
        List<Column> out = new ArrayList<>();
        Column corrupt = col(SourceFiles.CORRUPT);
        for (Map.Entry<String, Column> e : columns.entrySet()) {
            Column c = out.isEmpty() ? when(corrupt.isNotNull(), BadValue.raise(null, "a record", corrupt)).otherwise(e.getValue())
                    : e.getValue();
            out.add(c.as(e.getKey()));
        }
        return files.select(out.toArray(Column[]::new));
    }

    private static List<StructField> dataFields(StructType schema) {
        List<StructField> fields = new ArrayList<>();
        for (StructField f : schema.fields()) {
            if (!f.name().equals(SourceFiles.FILE) && !f.name().equals(SourceFiles.RECORD)
                    && !f.name().equals(SourceFiles.CORRUPT)) {
                fields.add(f);
            }
        }
        return fields;
    }

    /** Each file column to its table column: exact name, then case-insensitive when unique; or by position. */
    private static Map<StructField, PgColumn> match(List<StructField> fields, PgTable table, boolean byPosition) {
        List<PgColumn> writable = table.columns().stream().filter(c -> !c.generated()).toList();
        Map<StructField, PgColumn> matched = new LinkedHashMap<>();
        List<String> unknown = new ArrayList<>();
        for (int i = 0; i < fields.size(); i++) {
            StructField f = fields.get(i);
            PgColumn c = byPosition ? (i < writable.size() ? writable.get(i) : null) : byName(writable, f.name());
            if (c == null) unknown.add(byPosition ? "field " + (i + 1) : "\"" + f.name() + "\"");
            else matched.put(f, c);
        }
        if (!unknown.isEmpty()) {
            throw new LoadException("the files have " + String.join(", ", unknown) + ", which table " + table.name()
                    + " has no column for" + (byPosition ? " (it has " + writable.size() + " columns)" : ""));
        }
        return matched;
    }

    private static PgColumn byName(List<PgColumn> columns, String name) {
        for (PgColumn c : columns) if (c.name().equals(name)) return c;
        List<PgColumn> folded = columns.stream().filter(c -> c.name().equalsIgnoreCase(name.toLowerCase(Locale.ROOT))).toList();
        return folded.size() == 1 ? folded.get(0) : null;
    }
}
