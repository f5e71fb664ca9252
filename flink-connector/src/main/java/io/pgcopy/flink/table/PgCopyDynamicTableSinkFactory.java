package io.pgcopy.flink.table;

import static io.pgcopy.flink.table.PgCopyTableOptions.COMMIT_LOG_TABLE;
import static io.pgcopy.flink.table.PgCopyTableOptions.DELIVERY_GUARANTEE;
import static io.pgcopy.flink.table.PgCopyTableOptions.INTERVAL;
import static io.pgcopy.flink.table.PgCopyTableOptions.LOCK_TIMEOUT;
import static io.pgcopy.flink.table.PgCopyTableOptions.MAX_BYTES;
import static io.pgcopy.flink.table.PgCopyTableOptions.MAX_RETRIES;
import static io.pgcopy.flink.table.PgCopyTableOptions.MAX_ROWS;
import static io.pgcopy.flink.table.PgCopyTableOptions.PASSWORD;
import static io.pgcopy.flink.table.PgCopyTableOptions.PROPERTIES_PREFIX;
import static io.pgcopy.flink.table.PgCopyTableOptions.SCAN_PARTITION_COLUMN;
import static io.pgcopy.flink.table.PgCopyTableOptions.SCAN_PARTITION_LOWER_BOUND;
import static io.pgcopy.flink.table.PgCopyTableOptions.SCAN_PARTITION_NUM;
import static io.pgcopy.flink.table.PgCopyTableOptions.SCAN_PARTITION_UPPER_BOUND;
import static io.pgcopy.flink.table.PgCopyTableOptions.SCAN_SNAPSHOT;
import static io.pgcopy.flink.table.PgCopyTableOptions.SCAN_SPLIT_SIZE;
import static io.pgcopy.flink.table.PgCopyTableOptions.SINK_ID;
import static io.pgcopy.flink.table.PgCopyTableOptions.TABLE_NAME;
import static io.pgcopy.flink.table.PgCopyTableOptions.URL;
import static io.pgcopy.flink.table.PgCopyTableOptions.USERNAME;

import io.pgcopy.flink.lookup.PgCopyLookup;
import io.pgcopy.flink.sink.PgCopySink;
import io.pgcopy.flink.sink.PgCopySinkBuilder;
import io.pgcopy.flink.sink.RowConverter;
import io.pgcopy.flink.source.PgCopySource;
import io.pgcopy.flink.source.PgCopySourceBuilder;
import io.pgcopy.flink.source.SourceColumn;
import io.pgcopy.flink.source.SourceSettings;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.BiConsumer;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.table.catalog.ResolvedSchema;
import org.apache.flink.table.connector.sink.DynamicTableSink;
import org.apache.flink.table.connector.source.DynamicTableSource;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.factories.DynamicTableSinkFactory;
import org.apache.flink.table.factories.DynamicTableSourceFactory;
import org.apache.flink.table.factories.FactoryUtil;
import org.apache.flink.table.types.logical.RowType;

/**
 * {@code CREATE TABLE t (...) WITH ('connector' = 'pgcopy', 'url' = '...', 'table-name' = '...')}:
 * a sink, a bounded scan and the right side of lookup joins.
 */
public final class PgCopyDynamicTableSinkFactory implements DynamicTableSinkFactory, DynamicTableSourceFactory {
    public static final String IDENTIFIER = "pgcopy";

    @Override
    public String factoryIdentifier() {
        return IDENTIFIER;
    }

    @Override
    public Set<ConfigOption<?>> requiredOptions() {
        return Set.of(URL, TABLE_NAME);
    }

    @Override
    public Set<ConfigOption<?>> optionalOptions() {
        Set<ConfigOption<?>> options = new HashSet<>(Set.of(USERNAME, PASSWORD, MAX_ROWS, MAX_BYTES, INTERVAL,
                DELIVERY_GUARANTEE, MAX_RETRIES, SINK_ID, LOCK_TIMEOUT, COMMIT_LOG_TABLE, FactoryUtil.SINK_PARALLELISM,
                SCAN_PARTITION_COLUMN, SCAN_PARTITION_NUM, SCAN_PARTITION_LOWER_BOUND, SCAN_PARTITION_UPPER_BOUND,
                SCAN_SNAPSHOT, SCAN_SPLIT_SIZE));
        options.addAll(PgCopyLookup.options());
        return options;
    }

    @Override
    public DynamicTableSink createDynamicTableSink(Context context) {
        FactoryUtil.TableFactoryHelper helper = FactoryUtil.createTableFactoryHelper(this, context);
        // properties.* are pgjdbc's, which it checks itself
        helper.validateExcept(PROPERTIES_PREFIX);
        ReadableConfig o = helper.getOptions();
        ResolvedSchema schema = context.getCatalogTable().getResolvedSchema();
        RowType rowType = (RowType) schema.toPhysicalRowDataType().getLogicalType();
        List<String> key = schema.getPrimaryKey().map(k -> k.getColumns()).orElse(List.of());
        PgCopySinkBuilder<RowData> builder = PgCopySink.<RowData>builder().url(o.get(URL)).table(o.get(TABLE_NAME))
                .rowConverter(RowConverter.rowData(rowType)).deliveryGuarantee(guarantee(o.get(DELIVERY_GUARANTEE)))
                .maxRows(o.get(MAX_ROWS)).maxBytes(o.get(MAX_BYTES).getBytes()).flushInterval(o.get(INTERVAL))
                .maxRetries(o.get(MAX_RETRIES)).upsertKey(key);
        o.getOptional(USERNAME).ifPresent(builder::username);
        o.getOptional(PASSWORD).ifPresent(builder::password);
        o.getOptional(SINK_ID).ifPresent(builder::sinkId);
        o.getOptional(LOCK_TIMEOUT).ifPresent(builder::lockTimeout);
        o.getOptional(COMMIT_LOG_TABLE).ifPresent(builder::commitLogTable);
        jdbcProperties(context, builder::property);
        return new PgCopyDynamicTableSink(builder.build(), !key.isEmpty(), o.getOptional(FactoryUtil.SINK_PARALLELISM)
                .orElse(null), o.get(TABLE_NAME));
    }

    @Override
    public DynamicTableSource createDynamicTableSource(Context context) {
        FactoryUtil.TableFactoryHelper helper = FactoryUtil.createTableFactoryHelper(this, context);
        helper.validateExcept(PROPERTIES_PREFIX);
        ReadableConfig o = helper.getOptions();
        ResolvedSchema schema = context.getCatalogTable().getResolvedSchema();
        RowType rowType = (RowType) schema.toPhysicalRowDataType().getLogicalType();
        PgCopySourceBuilder<RowData> builder = PgCopySource.builder().url(o.get(URL)).table(o.get(TABLE_NAME))
                .columns(rowType.getFieldNames()).consistentSnapshot(snapshot(o.get(SCAN_SNAPSHOT)))
                .splitBytes(o.get(SCAN_SPLIT_SIZE).getBytes());
        o.getOptional(USERNAME).ifPresent(builder::username);
        o.getOptional(PASSWORD).ifPresent(builder::password);
        o.getOptional(SCAN_PARTITION_COLUMN).ifPresent(builder::partitionColumn);
        o.getOptional(SCAN_PARTITION_NUM).ifPresent(builder::numPartitions);
        builder.partitionBounds(o.getOptional(SCAN_PARTITION_LOWER_BOUND).orElse(null),
                o.getOptional(SCAN_PARTITION_UPPER_BOUND).orElse(null));
        jdbcProperties(context, builder::property);
        SourceSettings settings = builder.settings();
        List<SourceColumn> typed = new ArrayList<>();
        for (int i = 0; i < rowType.getFieldCount(); i++) typed.add(settings.columns().get(i).as(rowType.getTypeAt(i)));
        return new PgCopyDynamicTableSource(settings.withColumns(typed), o);
    }

    /** The table's {@code properties.*} options: pgjdbc's connection properties, without the prefix. */
    private static void jdbcProperties(Context context, BiConsumer<String, String> property) {
        context.getCatalogTable().getOptions().forEach((k, v) -> {
            if (k.startsWith(PROPERTIES_PREFIX)) property.accept(k.substring(PROPERTIES_PREFIX.length()), v);
        });
    }

    static boolean snapshot(String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "consistent" -> true;
            case "none" -> false;
            default -> throw new IllegalArgumentException("'scan.snapshot' must be consistent or none, not '" + text + "'");
        };
    }

    static DeliveryGuarantee guarantee(String text) {
        return switch (text.toLowerCase(Locale.ROOT).replace('_', '-')) {
            case "at-least-once" -> DeliveryGuarantee.AT_LEAST_ONCE;
            case "exactly-once" -> DeliveryGuarantee.EXACTLY_ONCE;
            case "none" -> DeliveryGuarantee.NONE;
            default -> throw new IllegalArgumentException("'sink.delivery-guarantee' must be at-least-once, exactly-once"
                    + " or none, not '" + text + "'");
        };
    }
}
