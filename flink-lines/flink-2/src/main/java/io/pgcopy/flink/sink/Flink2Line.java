package io.pgcopy.flink.sink;

/** pgcopy-flink-2: Flink 2.0 to 2.3, which share one Sink V2 surface (each proven by its own test run). */
public final class Flink2Line extends FlinkLine {
    @Override
    String name() {
        return "2.x";
    }

    @Override
    String artifactId() {
        return "pgcopy-flink-2";
    }

    @Override
    boolean runsOn(String flinkVersion) {
        return flinkVersion.startsWith("2.");
    }

    @Override
    <T> PgCopySink<T> sink(SinkSettings settings, RowConverter<T> converter) {
        return new Flink2Sink<>(settings, converter);
    }
}
