package io.pgcopy.spark.write;

import io.pgcopy.spark.PgCopyOptions;
import org.apache.spark.sql.connector.write.LogicalWriteInfo;
import org.apache.spark.sql.connector.write.SupportsTruncate;
import org.apache.spark.sql.connector.write.Write;
import org.apache.spark.sql.connector.write.WriteBuilder;

/** Append, or overwrite (Spark asks for a truncate first). */
public final class PgCopyWriteBuilder implements WriteBuilder, SupportsTruncate {
    private final PgCopyOptions options;
    private final LogicalWriteInfo info;
    private boolean truncate;

    public PgCopyWriteBuilder(PgCopyOptions options, LogicalWriteInfo info) {
        this.options = options;
        this.info = info;
    }

    @Override
    public WriteBuilder truncate() {
        truncate = true;
        return this;
    }

    @Override
    public Write build() {
        return new PgCopyWrite(options, info.schema(), truncate);
    }
}
