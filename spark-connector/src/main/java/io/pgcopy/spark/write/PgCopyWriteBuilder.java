package io.pgcopy.spark.write;

import io.pgcopy.spark.PgCopyOptions;
import org.apache.spark.sql.connector.write.LogicalWriteInfo;
import org.apache.spark.sql.connector.write.SupportsTruncate;
import org.apache.spark.sql.connector.write.Write;
import org.apache.spark.sql.connector.write.WriteBuilder;
import org.apache.spark.sql.internal.connector.SupportsStreamingUpdateAsAppend;

/**
 * Append, or overwrite (Spark asks for a truncate first). Streaming: append; complete (a truncate);
 * update, which Spark lets a sink take as an append — the rows then upsert on {@code conflictColumns}.
 */
public final class PgCopyWriteBuilder implements WriteBuilder, SupportsTruncate, SupportsStreamingUpdateAsAppend {
    private final PgCopyOptions options;
    private final LogicalWriteInfo info;
    private final StreamingSinkMetrics streamingMetrics;
    private boolean truncate;

    public PgCopyWriteBuilder(PgCopyOptions options, LogicalWriteInfo info, StreamingSinkMetrics streamingMetrics) {
        this.options = options;
        this.info = info;
        this.streamingMetrics = streamingMetrics;
    }

    @Override
    public WriteBuilder truncate() {
        truncate = true;
        return this;
    }

    @Override
    public Write build() {
        return new PgCopyWrite(options, info, truncate, streamingMetrics);
    }
}
