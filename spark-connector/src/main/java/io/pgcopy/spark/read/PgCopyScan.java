package io.pgcopy.spark.read;

import io.pgcopy.arrow.ArrowScan;
import io.pgcopy.copy.ServerFailures;
import io.pgcopy.privilege.PrivilegeCheck;
import io.pgcopy.privilege.RequiredPrivileges;
import io.pgcopy.catalog.PgType;
import io.pgcopy.protocol.ConnectionSpec;
import io.pgcopy.read.ColumnRangeSplitter;
import io.pgcopy.read.CtidRangeSplitter;
import io.pgcopy.read.ReadSplit;
import io.pgcopy.spark.PgCopyOptions;
import io.pgcopy.spark.metrics.BytesReceived;
import io.pgcopy.spark.metrics.ReadTime;
import io.pgcopy.spark.metrics.RowsRead;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.OptionalLong;
import org.apache.spark.SparkContext;
import org.apache.spark.sql.connector.metric.CustomMetric;
import org.apache.spark.sql.connector.read.Batch;
import org.apache.spark.sql.connector.read.InputPartition;
import org.apache.spark.sql.connector.read.PartitionReaderFactory;
import org.apache.spark.sql.connector.read.Scan;
import org.apache.spark.sql.connector.read.Statistics;
import org.apache.spark.sql.connector.read.SupportsReportStatistics;
import org.apache.spark.sql.types.StructType;

/**
 * One read: split on the driver (by partitionColumn ranges, else by ctid page ranges for a table,
 * else one split for a query), each split read by its own COPY of the pruned columns with the
 * pushed filters and limit.
 */
final class PgCopyScan implements Scan, Batch, SupportsReportStatistics {
    private final PgCopyOptions options;
    private final ReadSettings settings;
    private final ReadSource source;
    private final ArrowScan scan;
    private final PushedOperations pushed;

    PgCopyScan(PgCopyOptions options, ReadSettings settings, ReadSource source, ArrowScan scan,
            PushedOperations pushed) {
        this.options = options;
        this.settings = settings;
        this.source = source;
        this.scan = scan;
        this.pushed = pushed;
    }

    @Override
    public StructType readSchema() {
        return ArrowReadSchema.of(scan.schema());
    }

    /** Shown by explain(): the SELECT every split runs and what Spark pushed (no credentials are part of it). */
    @Override
    public String description() {
        return "PgCopyScan " + scan.source() + ": SELECT " + scan.selectList() + " FROM " + scan.from()
                + (pushed.where() == null ? "" : " WHERE " + pushed.where()) + pushed.clauses().sql()
                + (pushed.description().isEmpty() ? "" : ", pushed: " + String.join("; ", pushed.description()))
                + (pushed.whole() ? ", one split" : "")
                + settings.partitionColumn().map(c -> ", split by \"" + c + "\"").orElse("")
                + (settings.consistentSnapshot() ? ", one snapshot" : "");
    }

    @Override
    public Batch toBatch() {
        return this;
    }

    @Override
    public InputPartition[] planInputPartitions() {
        ConnectionSpec spec = options.connection();
        try (Connection c = spec.open()) {
            if (scan.table().isPresent()) PrivilegeCheck.require(c, RequiredPrivileges.forRead(scan.table().get()));
            List<ReadSplit> splits = splits(c);
            String snapshot = null;
            if (settings.consistentSnapshot() && splits.size() > 1) {
                snapshot = ScanSnapshots.export(SparkContext.getOrCreate(), spec);
            }
            InputPartition[] partitions = new InputPartition[splits.size()];
            for (int i = 0; i < partitions.length; i++) {
                partitions[i] = new PgCopyInputPartition(i, scan.copySqlWith(splits.get(i), pushed.where(),
                        pushed.clauses()), snapshot);
            }
            return partitions;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot plan the read of " + scan.source() + ": " + e.getMessage()
                    + ServerFailures.hint(scan.source(), e), e);
        }
    }

    private List<ReadSplit> splits(Connection c) throws SQLException {
        ArrowScan all = source.scan();
        if (pushed.whole()) return List.of(all.whole());
        if (settings.partitionColumn().isPresent()) {
            String column = settings.partitionColumn().get();
            PgType type = all.columnType(column).orElseThrow(() -> new IllegalArgumentException(
                    "option \"partitionColumn\": " + all.source() + " has no column \"" + column + "\"; its columns are "
                            + all.columnNames()));
            int n = settings.numPartitions().orElse(SparkContext.getOrCreate().defaultParallelism());
            return ColumnRangeSplitter.plan(c, all.from(), column, type, bound(settings.lowerBound(), type),
                    bound(settings.upperBound(), type), n);
        }
        if (all.table().isPresent()) {
            int n = settings.numPartitions().orElse(0);
            return CtidRangeSplitter.plan(c, all.table().get(), n, n > 0 ? n : Integer.MAX_VALUE);
        }
        return List.of(all.whole());
    }

    private static Long bound(java.util.Optional<String> text, PgType type) {
        return text.map(t -> PartitionBounds.parse(t, type)).orElse(null);
    }

    @Override
    public PartitionReaderFactory createReaderFactory() {
        return new PgCopyReaderFactory(options.connection(), scan, settings.batchRows());
    }

    @Override
    public Statistics estimateStatistics() {
        Integer limit = pushed.clauses().limit();
        long[] estimate = source.scan().table().isEmpty() ? null : TableStatistics.estimate(options.connection(),
                source.scan().table().get());
        return new Statistics() {
            @Override
            public OptionalLong sizeInBytes() {
                return estimate == null ? OptionalLong.empty() : OptionalLong.of(estimate[1]);
            }

            @Override
            public OptionalLong numRows() {
                if (estimate == null || estimate[0] < 0) {
                    return limit == null ? OptionalLong.empty() : OptionalLong.of(limit);
                }
                return OptionalLong.of(limit == null ? estimate[0] : Math.min(limit, estimate[0]));
            }
        };
    }

    @Override
    public CustomMetric[] supportedCustomMetrics() {
        return new CustomMetric[] {new RowsRead(), new BytesReceived(), new ReadTime()};
    }
}
