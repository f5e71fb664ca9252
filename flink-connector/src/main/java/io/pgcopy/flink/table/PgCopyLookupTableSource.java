package io.pgcopy.flink.table;

import io.pgcopy.flink.lookup.LookupSource;
import io.pgcopy.flink.lookup.PgCopyLookup;
import io.pgcopy.protocol.ConnectionSpec;
import io.pgcopy.sql.TableName;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.table.connector.source.DynamicTableSource;
import org.apache.flink.table.connector.source.LookupTableSource;
import org.apache.flink.table.connector.source.abilities.SupportsProjectionPushDown;
import org.apache.flink.table.types.DataType;
import org.apache.flink.table.types.logical.RowType;

/**
 * {@code 'connector' = 'pgcopy'} as the right side of a lookup join. Thin: the lookup itself is
 * {@link PgCopyLookup}. Projection is pushed down so that a FULL cache loads only the columns the
 * join reads.
 */
final class PgCopyLookupTableSource implements LookupTableSource, SupportsProjectionPushDown {
    private final ConnectionSpec connection;
    private final TableName table;
    private final ReadableConfig options;
    private RowType rowType;

    PgCopyLookupTableSource(ConnectionSpec connection, TableName table, ReadableConfig options, RowType rowType) {
        this.connection = connection;
        this.table = table;
        this.options = options;
        this.rowType = rowType;
    }

    @Override
    public LookupRuntimeProvider getLookupRuntimeProvider(LookupContext context) {
        return PgCopyLookup.provider(new LookupSource(connection, table, rowType), options, context);
    }

    @Override
    public boolean supportsNestedProjection() {
        return false;
    }

    @Override
    public void applyProjection(int[][] projectedFields, DataType producedDataType) {
        rowType = (RowType) producedDataType.getLogicalType();
    }

    @Override
    public DynamicTableSource copy() {
        return new PgCopyLookupTableSource(connection, table, options, rowType);
    }

    @Override
    public String asSummaryString() {
        return "pgcopy(" + table + ")";
    }
}
