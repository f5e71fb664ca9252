package io.pgcopy.flink.sink;

/**
 * {@link PgCopySink} on Flink 2.x: nothing to add — compiled here, against 2.x, it proves that the common
 * sink implements every abstract method of 2.x's Sink V2 interfaces.
 */
final class Flink2Sink<T> extends PgCopySink<T> {
    Flink2Sink(SinkSettings settings, RowConverter<T> converter) {
        super(settings, converter);
    }
}
