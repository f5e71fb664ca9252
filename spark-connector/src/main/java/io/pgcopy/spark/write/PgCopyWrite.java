package io.pgcopy.spark.write;

import io.pgcopy.copy.ServerFailures;
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
import org.apache.spark.sql.connector.distributions.Distribution;
import org.apache.spark.sql.connector.distributions.Distributions;
import org.apache.spark.sql.connector.expressions.Expression;
import org.apache.spark.sql.connector.expressions.Expressions;
import org.apache.spark.sql.connector.expressions.SortOrder;
import org.apache.spark.sql.connector.write.BatchWrite;
import org.apache.spark.sql.connector.write.LogicalWriteInfo;
import org.apache.spark.sql.connector.write.streaming.StreamingWrite;
import org.apache.spark.sql.connector.write.RequiresDistributionAndOrdering;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/** A planned write: the typed mapping is checked here, before any task runs. */
final class PgCopyWrite implements RequiresDistributionAndOrdering {
    private final PgCopyOptions options;
    private final StructType schema;
    private final boolean truncate;
    private final String queryId;
    private final StreamingSinkMetrics streamingMetrics;
    private PgCopyBatchWrite batch;

    PgCopyWrite(PgCopyOptions options, LogicalWriteInfo info, boolean truncate, StreamingSinkMetrics streamingMetrics) {
        this.options = options;
        this.schema = info.schema();
        this.queryId = info.queryId();
        this.truncate = truncate;
        this.streamingMetrics = streamingMetrics;
    }

    @Override
    public String description() {
        return "pgcopy write into " + options.table().map(Object::toString).orElse("?");
    }

    /**
     * With {@code numPartitions}, rows are hash-distributed over exactly that many tasks, one
     * connection each (Spark accepts a partition count only with a clustering; every hashable
     * column takes part, so the spread is even). Without it, the DataFrame's partitions are kept.
     */
    @Override
    public Distribution requiredDistribution() {
        if (requiredNumPartitions() == 0) return Distributions.unspecified();
        java.util.List<Expression> columns = new java.util.ArrayList<>();
        for (StructField f : schema.fields()) {
            if (!(f.dataType() instanceof MapType)) columns.add(Expressions.column(f.name()));
        }
        return columns.isEmpty() ? Distributions.unspecified()
                : Distributions.clustered(columns.toArray(new Expression[0]));
    }

    @Override
    public SortOrder[] requiredOrdering() {
        return new SortOrder[0];
    }

    @Override
    public int requiredNumPartitions() {
        return options.getInt(PgCopyOptions.NUM_PARTITIONS, 0);
    }

    @Override
    public BatchWrite toBatch() {
        WriteSpec spec = WriteSpecs.plan(options, schema, truncate);
        try {
            JobCommitter.beforeTasks(spec);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot start the write into " + spec.plan().table().name() + ": "
                    + e.getMessage() + ServerFailures.hint(spec.plan().table().name().toString(), e), e);
        }
        batch = new PgCopyBatchWrite(spec, schema);
        return batch;
    }

    /** One micro-batch of a streaming query (Spark builds a write per micro-batch). */
    @Override
    public StreamingWrite toStreaming() {
        return PgCopyStreamingWrite.plan(options, schema, truncate, queryId, streamingMetrics);
    }

    @Override
    public CustomMetric[] supportedCustomMetrics() {
        return new CustomMetric[] {new RowsWritten(), new BytesSent(), new CopyTime(), new RowsMerged()};
    }

    /**
     * Rows the job commit merged (moved from the stages, or upserted). Spark 4.0 added this method to
     * {@code Write}; Spark 3.5, which the glue compiles against, has none, so there is no {@code @Override}
     * and 3.5 does not show the metric.
     */
    public CustomTaskMetric[] reportDriverMetrics() {
        return batch == null ? new CustomTaskMetric[0]
                : new CustomTaskMetric[] {new MetricValue(RowsMerged.NAME, batch.rowsMerged())};
    }
}
