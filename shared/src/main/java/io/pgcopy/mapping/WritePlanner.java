package io.pgcopy.mapping;

import io.pgcopy.catalog.PgColumn;
import io.pgcopy.catalog.PgTable;
import io.pgcopy.catalog.TableIntrospector;
import io.pgcopy.catalog.TypeCatalog;
import io.pgcopy.codec.EncoderFactory;
import io.pgcopy.sql.TableName;
import io.pgcopy.values.SourceField;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The typed mapping ("set_types"): matches source fields to table columns by name and picks one
 * encoder per pair from the column's real type. Collects every problem and reports them together,
 * before a single row is sent.
 */
public final class WritePlanner {
    private WritePlanner() {}

    /** Introspects {@code table} over {@code connection} and plans the write. */
    public static WritePlan plan(Connection connection, TableName table, List<SourceField> fields,
            MappingOptions options) throws SQLException {
        TableIntrospector introspector = new TableIntrospector(connection);
        PgTable target = introspector.get(table);
        Map<String, TypeCatalog.TypeWithModifier> overrides = new HashMap<>();
        for (Map.Entry<String, String> e : options.columnTypes().entrySet()) {
            overrides.put(e.getKey(), introspector.types().parse(e.getValue()));
        }
        // numeric_recv knows ±Infinity from PostgreSQL 14 on
        boolean numericInfinity = connection.getMetaData().getDatabaseMajorVersion() >= 14;
        return plan(target, fields, options, overrides, options.encoderOptions().withNumericInfinity(numericInfinity));
    }

    /**
     * Plans against an already introspected table (of PostgreSQL 14 or later); overrides are
     * resolved type names by column.
     */
    public static WritePlan plan(PgTable table, List<SourceField> fields, MappingOptions options,
            Map<String, TypeCatalog.TypeWithModifier> overrides) {
        return plan(table, fields, options, overrides, options.encoderOptions());
    }

    private static WritePlan plan(PgTable table, List<SourceField> fields, MappingOptions options,
            Map<String, TypeCatalog.TypeWithModifier> overrides, EncoderFactory.Options encoderOptions) {
        List<String> problems = new ArrayList<>();
        List<PlannedColumn> planned = new ArrayList<>();
        Map<String, Integer> claimed = new HashMap<>();
        for (int f = 0; f < fields.size(); f++) {
            SourceField field = fields.get(f);
            int problemsBefore = problems.size();
            PgColumn column = match(table, field.name(), problems);
            if (column == null) {
                boolean ambiguous = problems.size() > problemsBefore;
                if (!ambiguous && !options.ignoreExtraFields()) {
                    problems.add("field \"" + field.name() + "\" has no column in table " + table.name()
                            + " (columns: " + columnNames(table) + ")");
                }
                continue;
            }
            Integer previous = claimed.put(column.name(), f);
            if (previous != null) {
                problems.add("fields \"" + fields.get(previous).name() + "\" and \"" + field.name()
                        + "\" both map to column \"" + column.name() + "\"");
                continue;
            }
            if (column.generated()) {
                problems.add("column \"" + column.name() + "\" is a generated column and cannot be written");
                continue;
            }
            TypeCatalog.TypeWithModifier override = overrides.get(column.name());
            PlannedColumn p = override == null
                    ? new PlannedColumn(column, f, field, column.type(), column.typmod())
                    : new PlannedColumn(column, f, field, override.type(), override.typmod());
            if (EncoderFactory.create(field.type(), p.type(), p.type().effectiveTypmod(p.typmod()),
                    encoderOptions) == null) {
                String hint = EncoderFactory.hint(field.type(), p.type());
                problems.add("column \"" + column.name() + "\": " + field.engineType() + " cannot be written to "
                        + p.typeDisplay() + (hint == null ? "" : " (" + hint + ")"));
                continue;
            }
            planned.add(p);
        }
        for (String key : overrides.keySet()) {
            if (table.column(key).isEmpty()) problems.add("columnTypes names \"" + key + "\", which is not a column of "
                    + table.name());
        }
        if (planned.isEmpty() && problems.isEmpty()) problems.add("no source field matches a column of " + table.name());
        if (!problems.isEmpty()) throw new SchemaMismatchException(table.name().toString(), problems);
        return new WritePlan(table, planned, encoderOptions);
    }

    /**
     * PostgreSQL's rule: an exact (quoted) name wins; otherwise the name folded to lower case, as
     * an unquoted identifier would be; otherwise a unique case-insensitive match.
     */
    private static PgColumn match(PgTable table, String name, List<String> problems) {
        for (PgColumn c : table.columns()) if (c.name().equals(name)) return c;
        String folded = name.toLowerCase(Locale.ROOT);
        for (PgColumn c : table.columns()) if (c.name().equals(folded)) return c;
        PgColumn found = null;
        for (PgColumn c : table.columns()) {
            if (c.name().equalsIgnoreCase(name)) {
                if (found != null) {
                    problems.add("field \"" + name + "\" matches both columns \"" + found.name() + "\" and \""
                            + c.name() + "\"; rename the field to the exact column name");
                    return null;
                }
                found = c;
            }
        }
        return found;
    }

    private static String columnNames(PgTable table) {
        return String.join(", ", table.columns().stream().map(PgColumn::name).toList());
    }
}
