package io.pgcopy.spark;

import io.pgcopy.catalog.TableIntrospector;
import io.pgcopy.protocol.BoundedDrop;
import io.pgcopy.spark.line.SparkLines;
import io.pgcopy.sql.CreateTable;
import io.pgcopy.sql.TableName;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.analysis.TableAlreadyExistsException;
import org.apache.spark.sql.connector.catalog.CatalogV2Util;
import org.apache.spark.sql.connector.catalog.Column;
import org.apache.spark.sql.connector.catalog.Identifier;
import org.apache.spark.sql.connector.catalog.Table;
import org.apache.spark.sql.connector.catalog.TableCatalog;
import org.apache.spark.sql.connector.catalog.TableChange;
import org.apache.spark.sql.connector.expressions.Transform;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;

/**
 * The catalog behind {@code format("pgcopy").save()}: Spark hands the {@code errorifexists} and
 * {@code ignore} save modes only to a source with a catalog (SupportsCatalogOptions), which asks
 * the catalog whether the table exists and has it create the table. One catalog per distinct set of
 * options, registered on the fly; the options (passwords included) stay in this driver-side
 * registry, never in the Spark configuration, which the UI shows. Internal: the catalog users configure
 * is {@link PgCopyCatalog}; this one knows only the one table of its options.
 */
public class SaveModeCatalog implements TableCatalog {
    private static final String PREFIX = "spark.sql.catalog.";
    private static final String KEY = "registryKey";
    private static final Map<String, PgCopyOptions> REGISTRY = new ConcurrentHashMap<>();
    /** Tables this JVM created for a CTAS: the only ones {@link #dropTable} may drop (a failed CTAS). */
    private static final Set<TableName> CREATED = ConcurrentHashMap.newKeySet();

    private String name;
    private PgCopyOptions options;

    /** Registers a catalog for these options in the active session; returns its name. */
    static String register(PgCopyOptions options) {
        String key = "pgcopy_" + digest(options.asMap());
        REGISTRY.put(key, options);
        SparkSession session = SparkSession.active();
        session.conf().set(PREFIX + key, SaveModeCatalog.class.getName());
        session.conf().set(PREFIX + key + "." + KEY, key);
        return key;
    }

    private static String digest(Map<String, String> options) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(new TreeMap<>(options).toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(md.digest(), 0, 10);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void initialize(String catalogName, CaseInsensitiveStringMap catalogOptions) {
        SparkLines.current();
        this.name = catalogName;
        this.options = REGISTRY.get(catalogOptions.get(KEY));
        if (options == null) throw new IllegalStateException("pgcopy catalog " + catalogName + " is not registered");
    }

    @Override
    public String name() {
        return name;
    }

    private TableName tableName() {
        return options.table().orElseThrow(
                () -> new IllegalArgumentException("writing with pgcopy needs the option \"dbtable\""));
    }

    @Override
    public Identifier[] listTables(String[] namespace) {
        return new Identifier[0];
    }

    /** The table of the options, existing or not: a write into a missing table creates it. */
    @Override
    public Table loadTable(Identifier ident) {
        return new PgCopyTable(options, null);
    }

    @Override
    public boolean tableExists(Identifier ident) {
        if (options.table().isEmpty()) return true; // a query
        try (Connection c = options.connection().open()) {
            return new TableIntrospector(c).find(tableName()).isPresent();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot look up " + tableName() + ": " + e.getMessage(), e);
        }
    }

    /** What Spark 4 calls; Spark 3.5's default of it calls the StructType form. */
    @Override
    public Table createTable(Identifier ident, Column[] columns, Transform[] partitions,
            Map<String, String> properties) throws TableAlreadyExistsException {
        return createTable(ident, CatalogV2Util.v2ColumnsToStructType(columns), partitions, properties);
    }

    /** Abstract in Spark 3.5, deprecated in 4. */
    @Override
    @SuppressWarnings("deprecation")
    public Table createTable(Identifier ident, StructType schema, Transform[] partitions,
            Map<String, String> properties) throws TableAlreadyExistsException {
        TableName table = tableName();
        try (Connection c = options.connection().open(); Statement s = c.createStatement()) {
            if (new TableIntrospector(c).find(table).isPresent()) throw new TableAlreadyExistsException(ident);
            s.execute(CreateTable.sql(table, SparkSchemas.toSourceFields(schema),
                    io.pgcopy.spark.write.ColumnTypeList.parse(
                            options.get(PgCopyOptions.CREATE_TABLE_COLUMN_TYPES).orElse("")),
                    options.get(PgCopyOptions.CREATE_TABLE_OPTIONS).orElse(null)));
            CREATED.add(table);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create " + table + ": " + e.getMessage(), e);
        }
        return new PgCopyTable(options, schema);
    }

    @Override
    public Table alterTable(Identifier ident, TableChange... changes) {
        throw new UnsupportedOperationException("pgcopy does not alter tables");
    }

    /** Spark drops the table of a CTAS whose write failed; pgcopy only drops a table it created itself. */
    @Override
    public boolean dropTable(Identifier ident) {
        TableName table = tableName();
        if (!CREATED.remove(table)) return false;
        try (Connection c = options.connection().open()) {
            // bounded: a failed job's end must not wait for ever on a session holding the table
            return BoundedDrop.on(c, options.connection()).dropTable(table);
        } catch (SQLException e) {
            return false;
        }
    }

    @Override
    public void renameTable(Identifier from, Identifier to) {
        throw new UnsupportedOperationException("pgcopy does not rename tables");
    }
}
