package io.pgcopy.spark;

import io.pgcopy.catalog.Relations;
import io.pgcopy.catalog.Schemas;
import io.pgcopy.spark.catalog.CatalogTables;
import io.pgcopy.spark.line.SparkLines;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import org.apache.spark.sql.catalyst.analysis.NamespaceAlreadyExistsException;
import org.apache.spark.sql.catalyst.analysis.NoSuchNamespaceException;
import org.apache.spark.sql.catalyst.analysis.NoSuchTableException;
import org.apache.spark.sql.catalyst.analysis.NonEmptyNamespaceException;
import org.apache.spark.sql.catalyst.analysis.TableAlreadyExistsException;
import org.apache.spark.sql.connector.catalog.CatalogV2Util;
import org.apache.spark.sql.connector.catalog.Column;
import org.apache.spark.sql.connector.catalog.Identifier;
import org.apache.spark.sql.connector.catalog.NamespaceChange;
import org.apache.spark.sql.connector.catalog.StagedTable;
import org.apache.spark.sql.connector.catalog.StagingTableCatalog;
import org.apache.spark.sql.connector.catalog.SupportsNamespaces;
import org.apache.spark.sql.connector.catalog.Table;
import org.apache.spark.sql.connector.catalog.TableChange;
import org.apache.spark.sql.connector.expressions.Transform;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;

/**
 * A PostgreSQL database as a Spark catalog ({@code spark.sql.catalog.pg = io.pgcopy.spark.PgCopyCatalog}
 * with {@code url}, {@code user}, {@code password} and any pgcopy or pgjdbc option): namespaces are
 * schemas, tables are its tables, partitioned tables, views and materialized views (the last two read
 * only), read and written through binary COPY. CREATE / REPLACE TABLE AS SELECT are atomic (see
 * {@link io.pgcopy.spark.catalog.StagedCatalogTable}). This class is Spark's surface; the relations'
 * DDL is in {@link CatalogTables}, the schemas' in {@link Schemas}.
 *
 * <p>Spark 3.5 calls the {@code StructType} forms of createTable and stage*, Spark 4 the {@code Column[]}
 * forms (and 4.1 the {@code TableInfo} ones, whose defaults call those): both are implemented.
 */
public class PgCopyCatalog implements StagingTableCatalog, SupportsNamespaces {
    private static final String[] DEFAULT_NAMESPACE = {"public"};

    private String name;
    private CatalogTables tables;

    @Override
    public void initialize(String catalogName, CaseInsensitiveStringMap catalogOptions) {
        SparkLines.current();
        this.name = catalogName;
        this.tables = new CatalogTables(catalogName, new PgCopyOptions(catalogOptions.asCaseSensitiveMap()));
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String[] defaultNamespace() {
        return DEFAULT_NAMESPACE.clone();
    }

    // ---- namespaces: PostgreSQL schemas

    @Override
    public String[][] listNamespaces() {
        return tables.withConnection("list the schemas", c -> new Schemas(c).list().stream()
                .map(s -> new String[] {s}).toArray(String[][]::new));
    }

    /** Schemas do not nest: below an existing one there is nothing. */
    @Override
    public String[][] listNamespaces(String[] namespace) throws NoSuchNamespaceException {
        if (!namespaceExists(namespace)) throw new NoSuchNamespaceException(namespace);
        return new String[0][];
    }

    @Override
    public boolean namespaceExists(String[] namespace) {
        return namespace.length == 1
                && tables.withConnection("look up a schema", c -> new Schemas(c).exists(namespace[0]));
    }

    @Override
    public Map<String, String> loadNamespaceMetadata(String[] namespace) throws NoSuchNamespaceException {
        if (namespace.length != 1) throw new NoSuchNamespaceException(namespace);
        return tables.withConnection("look up a schema", c -> new Schemas(c).metadata(namespace[0]))
                .orElseThrow(() -> new NoSuchNamespaceException(namespace));
    }

    @Override
    public void createNamespace(String[] namespace, Map<String, String> metadata)
            throws NamespaceAlreadyExistsException {
        if (namespace.length != 1) throw new IllegalArgumentException("PostgreSQL schemas do not nest: "
                + String.join(".", namespace));
        if (namespaceExists(namespace)) throw new NamespaceAlreadyExistsException(namespace);
        tables.withConnection("create a schema", c -> {
            new Schemas(c).create(namespace[0], metadata.get(SupportsNamespaces.PROP_COMMENT));
            return null;
        });
    }

    /** Only the comment can change (PostgreSQL keeps no other properties for a schema). */
    @Override
    public void alterNamespace(String[] namespace, NamespaceChange... changes) throws NoSuchNamespaceException {
        loadNamespaceMetadata(namespace);
        for (NamespaceChange change : changes) {
            String comment;
            if (change instanceof NamespaceChange.SetProperty p && p.property().equals(SupportsNamespaces.PROP_COMMENT)) {
                comment = p.value();
            } else if (change instanceof NamespaceChange.RemoveProperty p
                    && p.property().equals(SupportsNamespaces.PROP_COMMENT)) {
                comment = null;
            } else {
                throw new UnsupportedOperationException("a PostgreSQL schema has no property other than its comment");
            }
            tables.withConnection("comment on a schema", c -> {
                new Schemas(c).comment(namespace[0], comment);
                return null;
            });
        }
    }

    /** {@code DROP NAMESPACE … CASCADE} drops what the schema holds; without CASCADE a non-empty one is refused. */
    @Override
    public boolean dropNamespace(String[] namespace, boolean cascade)
            throws NoSuchNamespaceException, NonEmptyNamespaceException {
        if (!namespaceExists(namespace)) throw new NoSuchNamespaceException(namespace);
        try (Connection c = tables.options().connection().open()) {
            new Schemas(c).drop(namespace[0], cascade);
            return true;
        } catch (SQLException e) {
            if (Schemas.NOT_EMPTY.equals(e.getSQLState())) throw new NonEmptyNamespaceException(namespace);
            throw new IllegalStateException("cannot drop schema " + namespace[0] + ": " + e.getMessage(), e);
        }
    }

    // ---- tables

    @Override
    public Identifier[] listTables(String[] namespace) throws NoSuchNamespaceException {
        if (!namespaceExists(namespace)) throw new NoSuchNamespaceException(namespace);
        return tables.withConnection("list tables", c -> new Relations(c).list(namespace[0]).stream()
                .map(r -> Identifier.of(namespace, r.name().name())).toArray(Identifier[]::new));
    }

    @Override
    public Table loadTable(Identifier ident) throws NoSuchTableException {
        return tables.load(ident);
    }

    @Override
    public boolean tableExists(Identifier ident) {
        return tables.kind(ident).isPresent();
    }

    @Override
    public Table createTable(Identifier ident, Column[] columns, Transform[] partitions,
            Map<String, String> properties) throws TableAlreadyExistsException, NoSuchNamespaceException {
        return createTable(ident, CatalogV2Util.v2ColumnsToStructType(columns), partitions, properties);
    }

    @Override
    @SuppressWarnings("deprecation")
    public Table createTable(Identifier ident, StructType schema, Transform[] partitions,
            Map<String, String> properties) throws TableAlreadyExistsException, NoSuchNamespaceException {
        checkNamespace(ident);
        CatalogTables.refusePartitioning(partitions);
        if (tableExists(ident)) throw new TableAlreadyExistsException(ident);
        return tables.create(ident, schema, properties);
    }

    @Override
    public Table alterTable(Identifier ident, TableChange... changes) throws NoSuchTableException {
        return tables.alter(ident, changes);
    }

    @Override
    public boolean dropTable(Identifier ident) {
        return tables.drop(ident);
    }

    /** {@code RENAME TO name} keeps the schema; {@code RENAME TO schema.name} moves the table too. */
    @Override
    public void renameTable(Identifier from, Identifier to) throws NoSuchTableException, TableAlreadyExistsException {
        Identifier target = to.namespace().length == 0 ? Identifier.of(from.namespace(), to.name()) : to;
        if (tableExists(target)) throw new TableAlreadyExistsException(target);
        tables.rename(from, target);
    }

    // ---- CREATE / REPLACE TABLE AS SELECT: staged, renamed into place in one transaction

    @Override
    public StagedTable stageCreate(Identifier ident, Column[] columns, Transform[] partitions,
            Map<String, String> properties) throws TableAlreadyExistsException, NoSuchNamespaceException {
        return stageCreate(ident, CatalogV2Util.v2ColumnsToStructType(columns), partitions, properties);
    }

    @Override
    @SuppressWarnings("deprecation")
    public StagedTable stageCreate(Identifier ident, StructType schema, Transform[] partitions,
            Map<String, String> properties) throws TableAlreadyExistsException, NoSuchNamespaceException {
        checkNamespace(ident);
        CatalogTables.refusePartitioning(partitions);
        if (tableExists(ident)) throw new TableAlreadyExistsException(ident);
        return tables.stage(ident, schema, properties, null);
    }

    @Override
    public StagedTable stageReplace(Identifier ident, Column[] columns, Transform[] partitions,
            Map<String, String> properties) throws NoSuchNamespaceException, NoSuchTableException {
        return stageReplace(ident, CatalogV2Util.v2ColumnsToStructType(columns), partitions, properties);
    }

    @Override
    @SuppressWarnings("deprecation")
    public StagedTable stageReplace(Identifier ident, StructType schema, Transform[] partitions,
            Map<String, String> properties) throws NoSuchNamespaceException, NoSuchTableException {
        checkNamespace(ident);
        CatalogTables.refusePartitioning(partitions);
        Relations.Kind old = tables.kind(ident).orElseThrow(() -> new NoSuchTableException(ident));
        return tables.stage(ident, schema, properties, old);
    }

    @Override
    public StagedTable stageCreateOrReplace(Identifier ident, Column[] columns, Transform[] partitions,
            Map<String, String> properties) throws NoSuchNamespaceException {
        return stageCreateOrReplace(ident, CatalogV2Util.v2ColumnsToStructType(columns), partitions, properties);
    }

    @Override
    @SuppressWarnings("deprecation")
    public StagedTable stageCreateOrReplace(Identifier ident, StructType schema, Transform[] partitions,
            Map<String, String> properties) throws NoSuchNamespaceException {
        checkNamespace(ident);
        CatalogTables.refusePartitioning(partitions);
        return tables.stage(ident, schema, properties, tables.kind(ident).orElse(Relations.Kind.TABLE));
    }

    private void checkNamespace(Identifier ident) throws NoSuchNamespaceException {
        if (!namespaceExists(ident.namespace())) throw new NoSuchNamespaceException(ident.namespace());
    }
}
