package io.pgcopy.flink.source;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.table.data.RowData;

/**
 * A bounded FLIP-27 source reading a PostgreSQL table by binary COPY, split by ctid page ranges or
 * by a partition column, optionally in one consistent snapshot. Built with {@link #builder()}:
 * <pre>{@code
 * env.fromSource(PgCopySource.builder().url(url).table("public.orders").build(),
 *         WatermarkStrategy.noWatermarks(), "orders");
 * }</pre>
 */
public final class PgCopySource<T> implements Source<T, PgCopySplit, PgCopyEnumeratorState>, ResultTypeQueryable<T> {
    private final SourceSettings settings;
    private final OutputConverter<T> converter;

    PgCopySource(SourceSettings settings, OutputConverter<T> converter) {
        this.settings = settings;
        this.converter = converter;
    }

    /** A source of checked settings (as the SQL scan makes them, after its pushdowns). */
    public static PgCopySource<RowData> of(SourceSettings settings) {
        return new PgCopySource<>(settings, OutputConverter.rowData());
    }

    public static PgCopySourceBuilder<RowData> builder() {
        return new PgCopySourceBuilder<>(OutputConverter.rowData());
    }

    /** The settings the read runs with (columns, pushed condition, splitting). */
    public SourceSettings settings() {
        return settings;
    }

    @Override
    public Boundedness getBoundedness() {
        return Boundedness.BOUNDED;
    }

    @Override
    public SourceReader<T, PgCopySplit> createReader(SourceReaderContext context) {
        return new PgCopySourceReader<>(settings, context, converter);
    }

    @Override
    public SplitEnumerator<PgCopySplit, PgCopyEnumeratorState> createEnumerator(
            SplitEnumeratorContext<PgCopySplit> context) {
        return new PgCopySplitEnumerator(context, settings, null);
    }

    @Override
    public SplitEnumerator<PgCopySplit, PgCopyEnumeratorState> restoreEnumerator(
            SplitEnumeratorContext<PgCopySplit> context, PgCopyEnumeratorState state) {
        return new PgCopySplitEnumerator(context, settings, state);
    }

    @Override
    public SimpleVersionedSerializer<PgCopySplit> getSplitSerializer() {
        return new SplitSerializer();
    }

    @Override
    public SimpleVersionedSerializer<PgCopyEnumeratorState> getEnumeratorCheckpointSerializer() {
        return new EnumeratorStateSerializer();
    }

    @Override
    public TypeInformation<T> getProducedType() {
        return converter.producedType(settings.rowType());
    }
}
