package io.pgcopy.flink.sink;

import org.apache.flink.api.connector.sink2.SinkWriter;

/** {@link PgCopySink} on Flink 1.20, whose {@code Sink} still declares the pre-1.19 writer factory abstract. */
final class Flink120Sink<T> extends PgCopySink<T> {
    Flink120Sink(SinkSettings settings, RowConverter<T> converter) {
        super(settings, converter);
    }

    /**
     * Never called: Flink 1.20's runtime creates writers with {@code createWriter(WriterInitContext)}
     * (SinkWriterOperator's state handlers), which {@link PgCopySink} implements.
     */
    @Override
    @SuppressWarnings("deprecation")
    public SinkWriter<T> createWriter(InitContext context) {
        throw new UnsupportedOperationException("pgcopy's sink writers are created with createWriter(WriterInitContext)");
    }
}
