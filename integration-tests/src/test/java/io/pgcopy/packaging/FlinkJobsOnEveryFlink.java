package io.pgcopy.packaging;

import io.pgcopy.testing.RuntimeJar;
import io.pgcopy.testing.TestDatabase;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The user's job started at once on every supported Flink version (one JVM each, side by side, to keep the wait
 * short), each taking both paths into tables of its own: {@code sql_rows_<module>} and {@code stream_rows_<module>}.
 */
final class FlinkJobsOnEveryFlink {
    private final Map<String, FlinkJobProcess> jobs = new LinkedHashMap<>();

    /** Every supported Flink: 1.20.x, 2.0.x, 2.1.x, 2.2.x and 2.3.x. */
    static Stream<FlinkJars> flinks() {
        return FlinkJars.modules().stream().map(FlinkJars::of);
    }

    static FlinkJobsOnEveryFlink start(TestDatabase db, Path dir, Function<FlinkJars, RuntimeJar> runtimeJar)
            throws Exception {
        FlinkJobsOnEveryFlink started = new FlinkJobsOnEveryFlink();
        for (FlinkJars flink : flinks().toList()) {
            for (String table : tables(flink)) {
                db.execute("CREATE TABLE " + table + " (id int8 PRIMARY KEY, name text NOT NULL, clock time NOT NULL)");
            }
            started.jobs.put(flink.module(), FlinkJobProcess.start(dir.resolve(flink.module()), flink,
                    runtimeJar.apply(flink).path(), db.url(), "sql:" + sqlTable(flink), "datastream:" + streamTable(flink)));
        }
        return started;
    }

    FlinkJobProcess.Finished finish(FlinkJars flink) throws Exception {
        return jobs.get(flink.module()).finish();
    }

    static String sqlTable(FlinkJars flink) {
        return "sql_rows_" + flink.module().replaceAll("\\W", "_");
    }

    static String streamTable(FlinkJars flink) {
        return "stream_rows_" + flink.module().replaceAll("\\W", "_");
    }

    static List<String> tables(FlinkJars flink) {
        return List.of(sqlTable(flink), streamTable(flink));
    }
}
