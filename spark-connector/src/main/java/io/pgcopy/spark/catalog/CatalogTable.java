package io.pgcopy.spark.catalog;

import io.pgcopy.catalog.Relations;
import io.pgcopy.spark.PgCopyOptions;
import io.pgcopy.spark.PgCopyTable;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import org.apache.spark.sql.connector.catalog.TableCapability;
import org.apache.spark.sql.connector.write.LogicalWriteInfo;
import org.apache.spark.sql.connector.write.WriteBuilder;
import org.apache.spark.sql.types.StructType;

/**
 * A relation of {@link io.pgcopy.spark.PgCopyCatalog}. Unlike a {@code format("pgcopy")} table it has
 * a fixed schema, the relation's own: Spark SQL's {@code INSERT INTO} matches columns by position and
 * casts to the table's types, as it does for any catalog table. Views and materialized views are
 * read only.
 */
public class CatalogTable extends PgCopyTable {
    private final String displayName;
    private final Relations.Kind kind;

    public CatalogTable(PgCopyOptions options, StructType schema, String displayName, Relations.Kind kind) {
        super(options, schema);
        this.displayName = displayName;
        this.kind = kind;
    }

    @Override
    public String name() {
        return displayName;
    }

    @Override
    public Set<TableCapability> capabilities() {
        return EnumSet.of(TableCapability.BATCH_READ, TableCapability.BATCH_WRITE, TableCapability.TRUNCATE);
    }

    /**
     * A view is refused here rather than by leaving out BATCH_WRITE: Spark's capability error would
     * only say the table "does not support append in batch mode".
     */
    @Override
    public WriteBuilder newWriteBuilder(LogicalWriteInfo info) {
        if (!kind.writable()) {
            throw new UnsupportedOperationException(displayName + " is a " + kind.sqlNoun().toLowerCase(Locale.ROOT)
                    + ": pgcopy reads it but does not write into it; write into its base table instead");
        }
        return super.newWriteBuilder(info);
    }
}
