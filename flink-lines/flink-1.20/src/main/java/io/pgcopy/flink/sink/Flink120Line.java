package io.pgcopy.flink.sink;

/** pgcopy-flink-1.20: Flink 1.20, the last 1.x line. */
public final class Flink120Line extends FlinkLine {
    @Override
    String name() {
        return "1.20";
    }

    @Override
    String artifactId() {
        return "pgcopy-flink-1.20";
    }

    @Override
    boolean runsOn(String flinkVersion) {
        return flinkVersion.equals("1.20");
    }

    @Override
    <T> PgCopySink<T> sink(SinkSettings settings, RowConverter<T> converter) {
        return new Flink120Sink<>(settings, converter);
    }
}
