package io.pgcopy.spark.catalog;

import io.pgcopy.catalog.Relations;
import io.pgcopy.protocol.BoundedDrop;
import io.pgcopy.protocol.TableStage;
import io.pgcopy.spark.PgCopyOptions;
import io.pgcopy.spark.SparkSchemas;
import io.pgcopy.spark.write.ColumnTypeList;
import io.pgcopy.sql.CreateTable;
import io.pgcopy.sql.Identifiers;
import io.pgcopy.sql.TableName;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.catalyst.analysis.NoSuchTableException;
import org.apache.spark.sql.connector.catalog.Identifier;
import org.apache.spark.sql.connector.catalog.TableChange;
import org.apache.spark.sql.connector.expressions.Transform;
import org.apache.spark.sql.types.StructType;

/**
 * The PostgreSQL side of {@link io.pgcopy.spark.PgCopyCatalog}'s table operations: a Spark
 * identifier {@code [schema, name]} is the relation of exactly that schema and name (no search_path,
 * every part quoted), and every statement that changes more than one thing runs in one transaction.
 */
public final class CatalogTables {
    /** A body of work on a fresh connection. */
    public interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private final String catalog;
    private final PgCopyOptions options;

    public CatalogTables(String catalog, PgCopyOptions options) {
        this.catalog = catalog;
        this.options = options;
    }

    public PgCopyOptions options() {
        return options;
    }

    /** Runs {@code work} on a new connection; a server error becomes an exception saying what failed. */
    public <T> T withConnection(String what, Work<T> work) {
        try (Connection c = options.connection().open()) {
            return work.run(c);
        } catch (SQLException e) {
            throw new IllegalStateException("pgcopy catalog " + catalog + ": cannot " + what + ": " + e.getMessage(), e);
        }
    }

    static TableName tableName(Identifier ident) {
        if (ident.namespace().length != 1) {
            throw new IllegalArgumentException("a PostgreSQL table is named schema.table, not "
                    + String.join(".", ident.namespace()) + "." + ident.name());
        }
        return new TableName(ident.namespace()[0], ident.name());
    }

    public static String displayName(String catalog, Identifier ident) {
        return catalog + "." + tableName(ident).quoted();
    }

    /** Spark's PARTITIONED BY has no PostgreSQL meaning (createTableOptions can say PARTITION BY). */
    public static void refusePartitioning(Transform[] partitions) {
        if (partitions.length > 0) {
            throw new UnsupportedOperationException("pgcopy's catalog does not create Spark-partitioned tables;"
                    + " declare PostgreSQL partitioning with the table property createTableOptions");
        }
    }

    public Optional<Relations.Kind> kind(Identifier ident) {
        if (ident.namespace().length != 1) return Optional.empty();
        return withConnection("look up " + ident, c -> new Relations(c).kind(tableName(ident)));
    }

    public CatalogTable load(Identifier ident) throws NoSuchTableException {
        Relations.Kind kind = kind(ident).orElseThrow(() -> new NoSuchTableException(ident));
        return new CatalogTable(optionsFor(tableName(ident), Map.of()), null, displayName(catalog, ident), kind);
    }

    /** The catalog's options for one relation, with the write options among the table's properties. */
    private PgCopyOptions optionsFor(TableName table, Map<String, String> properties) {
        Map<String, String> all = new HashMap<>(options.asMap());
        properties.forEach((k, v) -> {
            if (PgCopyOptions.knows(k) && !isConnectionOrTarget(k)) all.put(k, v);
        });
        all.put(PgCopyOptions.DBTABLE, table.quoted());
        all.remove(PgCopyOptions.QUERY);
        return new PgCopyOptions(all);
    }

    private static boolean isConnectionOrTarget(String key) {
        return List.of(PgCopyOptions.URL, PgCopyOptions.USER, PgCopyOptions.PASSWORD, PgCopyOptions.DBTABLE,
                PgCopyOptions.QUERY).stream().anyMatch(key::equalsIgnoreCase);
    }

    private String createSql(TableName table, StructType schema, PgCopyOptions tableOptions) {
        return CreateTable.sql(table, SparkSchemas.toSourceFields(schema),
                ColumnTypeList.parse(tableOptions.get(PgCopyOptions.CREATE_TABLE_COLUMN_TYPES).orElse("")),
                tableOptions.get(PgCopyOptions.CREATE_TABLE_OPTIONS).orElse(null));
    }

    /** CREATE TABLE with pgcopy's types, or the table property createTableColumnTypes' ones. */
    public CatalogTable create(Identifier ident, StructType schema, Map<String, String> properties) {
        TableName table = tableName(ident);
        PgCopyOptions tableOptions = optionsFor(table, properties);
        String sql = createSql(table, schema, tableOptions);
        withConnection("create " + table, c -> createWithComment(c, sql, table, properties));
        return new CatalogTable(tableOptions, null, displayName(catalog, ident), Relations.Kind.TABLE);
    }

    /** Runs the CREATE TABLE, then COMMENT ON TABLE with Spark's {@code comment} property, if any. */
    private static Void createWithComment(Connection c, String createSql, TableName table, Map<String, String> properties)
            throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(createSql);
            String comment = properties.get("comment");
            if (comment != null) s.execute("COMMENT ON TABLE " + table.quoted() + " IS " + Identifiers.literal(comment));
        }
        return null;
    }

    /**
     * Creates the stage of a CREATE / REPLACE TABLE AS SELECT and returns it as the table Spark writes.
     *
     * @param replaced what the commit drops before renaming the stage into place; null for a create
     */
    public StagedCatalogTable stage(Identifier ident, StructType schema, Map<String, String> properties,
            Relations.Kind replaced) {
        TableStage stage = TableStage.forTarget(tableName(ident));
        PgCopyOptions stageOptions = optionsFor(stage.stage(), properties);
        String sql = createSql(stage.stage(), schema, stageOptions);
        withConnection("create the stage of " + stage.target(), c -> createWithComment(c, sql, stage.stage(), properties));
        return new StagedCatalogTable(stageOptions, schema, displayName(catalog, ident), stage,
                replaced == null ? null : replaced.sqlNoun());
    }

    /** All changes in one transaction: either all of them happen or none. */
    public CatalogTable alter(Identifier ident, TableChange... changes) throws NoSuchTableException {
        Relations.Kind kind = kind(ident).orElseThrow(() -> new NoSuchTableException(ident));
        if (!kind.writable()) throw new UnsupportedOperationException(displayName(catalog, ident) + " is a "
                + kind.sqlNoun().toLowerCase(Locale.ROOT) + ": pgcopy's catalog alters tables only");
        TableName table = tableName(ident);
        List<String> statements = AlterTableSql.statements(table, changes);
        inTransaction("alter " + table, statements);
        return load(ident);
    }

    /** DROP TABLE / VIEW / MATERIALIZED VIEW, whichever it is; bounded by the lock timeout. */
    public boolean drop(Identifier ident) {
        Optional<Relations.Kind> kind = kind(ident);
        if (kind.isEmpty()) return false;
        TableName table = tableName(ident);
        return withConnection("drop " + table, c -> {
            try (Statement s = c.createStatement()) {
                s.execute("SET lock_timeout = " + Identifiers.literal(BoundedDrop.lockTimeoutOf(options.connection())));
                s.execute("DROP " + kind.get().sqlNoun() + " " + table.quoted());
            }
            return true;
        });
    }

    /**
     * RENAME TABLE, also into another schema: ALTER … SET SCHEMA and ALTER … RENAME in one
     * transaction, ordered so that the intermediate name is free.
     */
    public void rename(Identifier from, Identifier to) throws NoSuchTableException {
        Relations.Kind kind = kind(from).orElseThrow(() -> new NoSuchTableException(from));
        TableName source = tableName(from);
        TableName target = tableName(to);
        String alter = "ALTER " + kind.sqlNoun() + " ";
        String rename = " RENAME TO " + Identifiers.quote(target.name());
        if (source.schema().equals(target.schema())) {
            inTransaction("rename " + source, List.of(alter + source.quoted() + rename));
            return;
        }
        String setSchema = " SET SCHEMA " + Identifiers.quote(target.schema());
        TableName moved = new TableName(target.schema(), source.name());
        boolean movedNameFree = source.name().equals(target.name()) || kind(Identifier.of(to.namespace(), source.name())).isEmpty();
        if (movedNameFree) {
            List<String> statements = new ArrayList<>(List.of(alter + source.quoted() + setSchema));
            if (!source.name().equals(target.name())) statements.add(alter + moved.quoted() + rename);
            inTransaction("rename " + source, statements);
        } else {
            TableName renamed = new TableName(source.schema(), target.name());
            inTransaction("rename " + source, List.of(alter + source.quoted() + rename, alter + renamed.quoted() + setSchema));
        }
    }

    private void inTransaction(String what, List<String> statements) {
        withConnection(what, c -> {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                for (String sql : statements) s.execute(sql);
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
            return null;
        });
    }
}
