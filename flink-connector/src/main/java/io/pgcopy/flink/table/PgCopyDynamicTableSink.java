package io.pgcopy.flink.table;

import io.pgcopy.flink.sink.PgCopySink;
import org.apache.flink.table.connector.ChangelogMode;
import org.apache.flink.table.connector.sink.DynamicTableSink;
import org.apache.flink.table.connector.sink.SinkV2Provider;
import org.apache.flink.table.data.RowData;

/**
 * The SQL side of {@link PgCopySink}: insert-only without a primary key (the planner then refuses
 * queries that update or delete), an upsert sink keyed by the primary key with one.
 */
final class PgCopyDynamicTableSink implements DynamicTableSink {
    private final PgCopySink<RowData> sink;
    private final boolean upsert;
    private final Integer parallelism;
    private final String table;

    PgCopyDynamicTableSink(PgCopySink<RowData> sink, boolean upsert, Integer parallelism, String table) {
        this.sink = sink;
        this.upsert = upsert;
        this.parallelism = parallelism;
        this.table = table;
    }

    @Override
    public ChangelogMode getChangelogMode(ChangelogMode requested) {
        return upsert ? ChangelogMode.upsert() : ChangelogMode.insertOnly();
    }

    @Override
    public SinkRuntimeProvider getSinkRuntimeProvider(Context context) {
        return SinkV2Provider.of(sink, parallelism);
    }

    @Override
    public DynamicTableSink copy() {
        return new PgCopyDynamicTableSink(sink, upsert, parallelism, table);
    }

    @Override
    public String asSummaryString() {
        return "pgcopy(" + table + ")";
    }
}
