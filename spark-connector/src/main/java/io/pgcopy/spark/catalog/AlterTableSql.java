package io.pgcopy.spark.catalog;

import io.pgcopy.spark.SparkSchemas;
import io.pgcopy.sql.CreateTable;
import io.pgcopy.sql.Identifiers;
import io.pgcopy.sql.TableName;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.connector.catalog.TableChange;
import org.apache.spark.sql.types.DataType;

/**
 * Spark's ALTER TABLE changes as PostgreSQL statements (run in one transaction by the catalog):
 * add, drop and rename columns, change a column's type (to the type pgcopy would create for the new
 * Spark type, converting the values with a cast), its nullability and its comment, and the table's
 * comment. What PostgreSQL has no statement for (column positions, nested fields, Spark's own
 * properties) is refused before anything runs.
 */
final class AlterTableSql {
    private AlterTableSql() {}

    static List<String> statements(TableName table, TableChange... changes) {
        List<String> out = new ArrayList<>();
        String alter = "ALTER TABLE " + table.quoted() + " ";
        for (TableChange change : changes) {
            if (change instanceof TableChange.AddColumn a) {
                if (a.position() != null) throw refused("column positions (FIRST / AFTER)");
                String column = column(a.fieldNames());
                out.add(alter + "ADD COLUMN " + column + " " + pgType(a.dataType()) + (a.isNullable() ? "" : " NOT NULL"));
                if (a.comment() != null) out.add(commentOnColumn(table, column, a.comment()));
            } else if (change instanceof TableChange.DeleteColumn d) {
                out.add(alter + "DROP COLUMN " + (d.ifExists() ? "IF EXISTS " : "") + column(d.fieldNames()));
            } else if (change instanceof TableChange.RenameColumn r) {
                out.add(alter + "RENAME COLUMN " + column(r.fieldNames()) + " TO " + Identifiers.quote(r.newName()));
            } else if (change instanceof TableChange.UpdateColumnType t) {
                String column = column(t.fieldNames());
                String type = pgType(t.newDataType());
                out.add(alter + "ALTER COLUMN " + column + " TYPE " + type + " USING " + column + "::" + type);
            } else if (change instanceof TableChange.UpdateColumnNullability n) {
                out.add(alter + "ALTER COLUMN " + column(n.fieldNames()) + (n.nullable() ? " DROP NOT NULL" : " SET NOT NULL"));
            } else if (change instanceof TableChange.UpdateColumnComment c) {
                out.add(commentOnColumn(table, column(c.fieldNames()), c.newComment()));
            } else if (change instanceof TableChange.SetProperty p && p.property().equals("comment")) {
                out.add("COMMENT ON TABLE " + table.quoted() + " IS " + literalOrNull(p.value()));
            } else if (change instanceof TableChange.RemoveProperty p && p.property().equals("comment")) {
                out.add("COMMENT ON TABLE " + table.quoted() + " IS NULL");
            } else {
                throw refused(change.getClass().getSimpleName());
            }
        }
        return out;
    }

    private static String column(String[] fieldNames) {
        if (fieldNames.length != 1) throw refused("changes of nested fields (" + String.join(".", fieldNames) + ")");
        return Identifiers.quote(fieldNames[0]);
    }

    private static String pgType(DataType type) {
        return CreateTable.type(SparkSchemas.toSourceType(type));
    }

    private static String commentOnColumn(TableName table, String column, String comment) {
        return "COMMENT ON COLUMN " + table.quoted() + "." + column + " IS " + literalOrNull(comment);
    }

    private static String literalOrNull(String value) {
        return value == null ? "NULL" : Identifiers.literal(value);
    }

    private static UnsupportedOperationException refused(String what) {
        return new UnsupportedOperationException("pgcopy's catalog cannot ALTER TABLE with " + what);
    }
}
