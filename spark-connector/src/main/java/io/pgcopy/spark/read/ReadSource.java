package io.pgcopy.spark.read;

import io.pgcopy.arrow.ArrowScan;
import io.pgcopy.copy.ServerFailures;
import io.pgcopy.privilege.PrivilegeCheck;
import io.pgcopy.privilege.RequiredPrivileges;
import io.pgcopy.spark.PgCopyOptions;
import io.pgcopy.spark.SparkSchemas;
import io.pgcopy.spark.line.SparkLine;
import io.pgcopy.spark.line.SparkLines;
import io.pgcopy.sql.CreateTable;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * What a read reads, planned on the driver: the table or query with every column and its type,
 * and the Spark schema (the Arrow read mapping as Spark's Arrow conversion sees it). A
 * {@code customSchema} ("id DECIMAL(38,0), name STRING", as in Spark JDBC; columns it does not
 * name keep their mapping) is honoured by letting PostgreSQL cast those columns in the SELECT, and
 * checked: the cast must exist and give exactly the asked Spark type.
 */
public record ReadSource(ArrowScan scan, StructType schema) {

    public static ReadSource plan(PgCopyOptions options) {
        ReadSettings settings = ReadSettings.of(options);
        String what = options.table().map(t -> "table " + t).orElse("the query");
        try (Connection c = options.connection().open()) {
            ArrowScan scan;
            if (options.query().isPresent()) {
                if (options.table().isPresent()) {
                    throw new IllegalArgumentException("give either option \"dbtable\" or \"query\", not both");
                }
                scan = ArrowScan.query(c, options.query().get(), settings.readOptions());
            } else {
                var table = options.table().orElseThrow(() -> new IllegalArgumentException(
                        "pgcopy needs the option \"dbtable\" or \"query\""));
                // also a write's schema comes from here: SELECT is checked when a scan is planned
                PrivilegeCheck.require(c, RequiredPrivileges.schemaUsage(table));
                scan = ArrowScan.table(c, table, settings.readOptions());
            }
            scan = scan.retype(c, asText(scan, SparkLines.current()));
            StructType custom = options.get(PgCopyOptions.CUSTOM_SCHEMA).map(ReadSource::parseDdl).orElse(null);
            if (custom != null) scan = retype(c, scan, custom);
            StructType schema = ArrowReadSchema.of(scan.schema());
            if (custom != null) check(schema, custom, scan);
            return new ReadSource(scan, schema);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read " + what + ": " + e.getMessage()
                    + ServerFailures.hint(options.table().map(Object::toString).orElse("a table of the query"), e), e);
        }
    }

    /**
     * Columns (and arrays of them) read as PostgreSQL prints them: {@code time}, which Spark's Arrow
     * reading has no type for on any line, and {@code interval} where the line cannot read Arrow intervals.
     */
    private static Map<String, String> asText(ArrowScan scan, SparkLine line) {
        Map<String, String> types = new LinkedHashMap<>();
        for (Field f : scan.schema().getFields()) {
            Field leaf = f;
            int depth = 0;
            while (leaf.getType() instanceof ArrowType.List) {
                leaf = leaf.getChildren().get(0);
                depth++;
            }
            boolean text = leaf.getType() instanceof ArrowType.Time
                    || (leaf.getType() instanceof ArrowType.Interval && !line.readsArrowIntervals());
            if (text) types.put(f.getName(), "text" + "[]".repeat(Math.min(depth, 1)));
        }
        return types;
    }

    private static StructType parseDdl(String ddl) {
        try {
            return StructType.fromDDL(ddl);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("option \"customSchema\" is not a valid schema (\"id DECIMAL(38,0),"
                    + " name STRING\"): " + ddl, e);
        }
    }

    private static ArrowScan retype(Connection c, ArrowScan scan, StructType custom) throws SQLException {
        Map<String, String> types = new LinkedHashMap<>();
        for (StructField f : custom.fields()) {
            String column = column(scan, f.name());
            types.put(column, CreateTable.type(SparkSchemas.toSourceType(f.dataType())));
        }
        return scan.retype(c, types);
    }

    /** The column a customSchema field names: exactly, or else case-insensitively when that is unambiguous. */
    private static String column(ArrowScan scan, String name) {
        if (scan.columnNames().contains(name)) return name;
        var matches = scan.columnNames().stream().filter(n -> n.toLowerCase(Locale.ROOT)
                .equals(name.toLowerCase(Locale.ROOT))).toList();
        if (matches.size() == 1) return matches.get(0);
        throw new IllegalArgumentException("option \"customSchema\" names the column \"" + name + "\", which "
                + scan.source() + " does not have; its columns are " + scan.columnNames());
    }

    private static void check(StructType schema, StructType custom, ArrowScan scan) {
        for (StructField f : custom.fields()) {
            DataType got = schema.apply(column(scan, f.name())).dataType();
            if (!got.equals(f.dataType())) {
                throw new IllegalArgumentException("option \"customSchema\": column \"" + f.name() + "\" cannot be"
                        + " read as " + f.dataType().simpleString() + " (the nearest is " + got.simpleString() + ")");
            }
        }
    }
}
