package io.pgcopy.spark;

import io.pgcopy.spark.read.PgCopySchemaInference;
import java.util.Map;
import org.apache.spark.sql.connector.catalog.Table;
import org.apache.spark.sql.connector.catalog.TableProvider;
import org.apache.spark.sql.connector.expressions.Transform;
import org.apache.spark.sql.sources.DataSourceRegister;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;

/** {@code format("pgcopy")}: PostgreSQL through binary COPY. */
public class PgCopyDataSource implements TableProvider, DataSourceRegister {
    @Override
    public String shortName() {
        return "pgcopy";
    }

    @Override
    public StructType inferSchema(CaseInsensitiveStringMap options) {
        return PgCopySchemaInference.infer(new PgCopyOptions(options.asCaseSensitiveMap()));
    }

    @Override
    public Table getTable(StructType schema, Transform[] partitioning, Map<String, String> properties) {
        return new PgCopyTable(new PgCopyOptions(properties), schema);
    }

    /** A user-given schema ({@code .schema(...)}) and the DataFrame's schema on writes are accepted. */
    @Override
    public boolean supportsExternalMetadata() {
        return true;
    }
}
