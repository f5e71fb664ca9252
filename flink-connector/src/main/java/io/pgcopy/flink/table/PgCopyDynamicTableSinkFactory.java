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
import static io.pgcopy.flink.table.PgCopyTableOptions.SINK_ID;
import static io.pgcopy.flink.table.PgCopyTableOptions.TABLE_NAME;
import static io.pgcopy.flink.table.PgCopyTableOptions.URL;
import static io.pgcopy.flink.table.PgCopyTableOptions.USERNAME;

import io.pgcopy.flink.lookup.PgCopyLookup;
import io.pgcopy.flink.sink.PgCopySink;
import io.pgcopy.flink.sink.PgCopySinkBuilder;
import io.pgcopy.flink.sink.RowConverter;
import io.pgcopy.protocol.ConnectionSpec;
import io.pgcopy.sql.TableName;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.table.catalog.ResolvedSchema;
import org.apache.flink.table.connector.sink.DynamicTableSink;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.connector.source.DynamicTableSource;
import org.apache.flink.table.factories.DynamicTableSinkFactory;
import org.apache.flink.table.factories.DynamicTableSourceFactory;
import org.apache.flink.table.factories.FactoryUtil;
import org.apache.flink.table.types.logical.RowType;

/**
 * {@code CREATE TABLE t (...) WITH ('connector' = 'pgcopy', 'url' = '...', 'table-name' = '...')}:
 * a sink, and the right side of lookup joins.
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
                DELIVERY_GUARANTEE, MAX_RETRIES, SINK_ID, LOCK_TIMEOUT, COMMIT_LOG_TABLE, FactoryUtil.SINK_PARALLELISM));
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
        context.getCatalogTable().getOptions().forEach((k, v) -> {
            if (k.startsWith(PROPERTIES_PREFIX)) builder.property(k.substring(PROPERTIES_PREFIX.length()), v);
        });
        return new PgCopyDynamicTableSink(builder.build(), !key.isEmpty(), o.getOptional(FactoryUtil.SINK_PARALLELISM)
                .orElse(null), o.get(TABLE_NAME));
    }

    @Override
    public DynamicTableSource createDynamicTableSource(Context context) {
        FactoryUtil.TableFactoryHelper helper = FactoryUtil.createTableFactoryHelper(this, context);
        helper.validateExcept(PROPERTIES_PREFIX);
        ReadableConfig o = helper.getOptions();
        Properties properties = new Properties();
        o.getOptional(USERNAME).ifPresent(u -> properties.setProperty("user", u));
        o.getOptional(PASSWORD).ifPresent(p -> properties.setProperty("password", p));
        o.getOptional(LOCK_TIMEOUT).ifPresent(t -> properties.setProperty(ConnectionSpec.LOCK_TIMEOUT, t.toMillis() + "ms"));
        context.getCatalogTable().getOptions().forEach((k, v) -> {
            if (k.startsWith(PROPERTIES_PREFIX)) properties.setProperty(k.substring(PROPERTIES_PREFIX.length()), v);
        });
        RowType rowType = (RowType) context.getCatalogTable().getResolvedSchema().toPhysicalRowDataType().getLogicalType();
        return new PgCopyLookupTableSource(new ConnectionSpec(o.get(URL), properties), TableName.parse(o.get(TABLE_NAME)),
                o, rowType);
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
