package io.pgcopy.spark.write;

import io.pgcopy.protocol.JobCommitter;
import io.pgcopy.protocol.WriteSpec;
import io.pgcopy.spark.PgCopyOptions;
import java.sql.SQLException;
import io.pgcopy.spark.metrics.BytesSent;
import io.pgcopy.spark.metrics.CopyTime;
import io.pgcopy.spark.metrics.MetricValue;
import io.pgcopy.spark.metrics.RowsMerged;
import io.pgcopy.spark.metrics.RowsWritten;
import org.apache.spark.sql.connector.metric.CustomMetric;
import org.apache.spark.sql.connector.metric.CustomTaskMetric;
import org.apache.spark.sql.connector.write.BatchWrite;
import org.apache.spark.sql.connector.write.Write;
import org.apache.spark.sql.types.StructType;

/** A planned write: the typed mapping is checked here, before any task runs. */
final class PgCopyWrite implements Write {
    private final PgCopyOptions options;
    private final StructType schema;
    private final boolean truncate;
    private PgCopyBatchWrite batch;

    PgCopyWrite(PgCopyOptions options, StructType schema, boolean truncate) {
        this.options = options;
        this.schema = schema;
        this.truncate = truncate;
    }

    @Override
    public String description() {
        return "pgcopy write into " + options.table().map(Object::toString).orElse("?");
    }

    @Override
    public BatchWrite toBatch() {
        WriteSpec spec = WriteSpecs.plan(options, schema, truncate);
        try {
            JobCommitter.beforeTasks(spec);
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
        batch = new PgCopyBatchWrite(spec, schema);
        return batch;
    }

    @Override
    public CustomMetric[] supportedCustomMetrics() {
        return new CustomMetric[] {new RowsWritten(), new BytesSent(), new CopyTime(), new RowsMerged()};
    }

    /** Rows the job commit merged (moved from the stages, or upserted). */
    @Override
    public CustomTaskMetric[] reportDriverMetrics() {
        return batch == null ? new CustomTaskMetric[0]
                : new CustomTaskMetric[] {new MetricValue(RowsMerged.NAME, batch.rowsMerged())};
    }
}
