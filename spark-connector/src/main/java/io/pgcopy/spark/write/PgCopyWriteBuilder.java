package io.pgcopy.spark.write;

import io.pgcopy.spark.PgCopyOptions;
import org.apache.spark.sql.connector.write.LogicalWriteInfo;
import org.apache.spark.sql.connector.write.Write;
import org.apache.spark.sql.connector.write.WriteBuilder;

/** Writes: not built yet (issue "Spark writes"). */
public final class PgCopyWriteBuilder implements WriteBuilder {
    public PgCopyWriteBuilder(PgCopyOptions options, LogicalWriteInfo info) {}

    @Override
    public Write build() {
        throw new UnsupportedOperationException("writing with pgcopy is not available yet");
    }
}
