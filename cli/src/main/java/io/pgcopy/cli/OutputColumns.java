package io.pgcopy.cli;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.hex;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lower;
import static org.apache.spark.sql.functions.to_json;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.BinaryType;
import org.apache.spark.sql.types.CalendarIntervalType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/** Turns the columns a file format cannot hold into text it can, the way PostgreSQL would write them. */
final class OutputColumns {
    private OutputColumns() {}

    static Dataset<Row> forFormat(Dataset<Row> df, FileFormat format) {
        List<Column> columns = new ArrayList<>();
        for (StructField f : df.schema().fields()) columns.add(convert(col(quoted(f.name())), f.dataType(), format).as(f.name()));
        return df.select(columns.toArray(Column[]::new));
    }

    private static Column convert(Column c, DataType type, FileFormat format) {
        if (type instanceof CalendarIntervalType) return c.cast("string"); // no file format holds Spark's interval
        if (format != FileFormat.CSV) return c;
        if (type instanceof BinaryType) return concat(lit("\\x"), lower(hex(c))); // bytea's text form
        if (type instanceof ArrayType || type instanceof StructType || type instanceof MapType) return to_json(c);
        return c;
    }

    static String quoted(String name) {
        return "`" + name.replace("`", "``") + "`";
    }
}
