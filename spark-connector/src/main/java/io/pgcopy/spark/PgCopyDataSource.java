package io.pgcopy.spark;

import io.pgcopy.spark.line.SparkLines;
import io.pgcopy.spark.read.ReadSource;
import java.util.Map;
import org.apache.spark.sql.connector.catalog.Identifier;
import org.apache.spark.sql.connector.catalog.SessionConfigSupport;
import org.apache.spark.sql.connector.catalog.SupportsCatalogOptions;
import org.apache.spark.sql.connector.catalog.Table;
import org.apache.spark.sql.connector.expressions.Transform;
import org.apache.spark.sql.sources.DataSourceRegister;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;

/** {@code format("pgcopy")}: PostgreSQL through binary COPY. */
public class PgCopyDataSource implements SupportsCatalogOptions, SessionConfigSupport, DataSourceRegister {
    @Override
    public String shortName() {
        return "pgcopy";
    }

    /** Session-wide defaults: {@code spark.datasource.pgcopy.<option>}, overridden by the write's own options. */
    @Override
    public String keyPrefix() {
        return "pgcopy";
    }

    @Override
    public StructType inferSchema(CaseInsensitiveStringMap options) {
        SparkLines.current();
        return ReadSource.plan(new PgCopyOptions(options.asCaseSensitiveMap())).schema();
    }

    @Override
    public Table getTable(StructType schema, Transform[] partitioning, Map<String, String> properties) {
        SparkLines.current();
        return new PgCopyTable(new PgCopyOptions(properties), schema);
    }

    /** The table of {@code dbtable} (a query has no identifier; its catalog ignores it). */
    @Override
    public Identifier extractIdentifier(CaseInsensitiveStringMap options) {
        return new PgCopyOptions(options.asCaseSensitiveMap()).table()
                .map(t -> Identifier.of(t.schema() == null ? new String[0] : new String[] {t.schema()}, t.name()))
                .orElse(Identifier.of(new String[0], "query"));
    }

    /**
     * A catalog for these options, so that every save mode works (see {@link SaveModeCatalog}). Spark asks
     * this first on every read and write, so a jar on the wrong Spark line fails here, before any task.
     */
    @Override
    public String extractCatalog(CaseInsensitiveStringMap options) {
        SparkLines.current();
        return SaveModeCatalog.register(new PgCopyOptions(options.asCaseSensitiveMap()));
    }

    /** A user-given schema ({@code .schema(...)}) and the DataFrame's schema on writes are accepted. */
    @Override
    public boolean supportsExternalMetadata() {
        return true;
    }
}
