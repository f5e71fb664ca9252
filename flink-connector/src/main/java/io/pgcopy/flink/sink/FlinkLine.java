package io.pgcopy.flink.sink;

import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import org.apache.flink.FlinkVersion;

/**
 * What differs between Flink lines, implemented once in each line's module (pgcopy-flink-1.20,
 * pgcopy-flink-2) and found with {@link ServiceLoader}: the concrete {@link PgCopySink} class. A
 * module only runs on the line it is built and tested for, and says so at once on another line —
 * when the sink is built, before any job runs — instead of failing somewhere inside a job.
 *
 * <p>Package-private methods: the line modules put their class in this package.
 */
public abstract class FlinkLine {
    private static volatile FlinkLine found;

    /** The line this module is for, as users name it: {@code 1.20}, {@code 2.x}. */
    abstract String name();

    /** This module's Maven artifactId, e.g. {@code pgcopy-flink-1.20}. */
    abstract String artifactId();

    /** Whether this module is built for the Flink of this {@link FlinkVersion} ({@code 1.20}, {@code 2.3}). */
    abstract boolean runsOn(String flinkVersion);

    /** This line's concrete sink. */
    abstract <T> PgCopySink<T> sink(SinkSettings settings, RowConverter<T> converter);

    /** The module for the running Flink, or an error that names the artifact to use instead. */
    static FlinkLine forRunningFlink() {
        FlinkLine line = found;
        if (line == null) {
            line = pick(runningFlink(), load());
            found = line;
        }
        return line;
    }

    /** The running Flink's line ({@code 1.20}, {@code 2.3}): FlinkVersion's newest constant is its own. */
    static String runningFlink() {
        return FlinkVersion.current().toString();
    }

    static FlinkLine pick(String running, List<FlinkLine> lines) {
        if (lines.isEmpty()) {
            throw new IllegalStateException("pgcopy: no Flink line module next to pgcopy-flink-common, which is not"
                    + " usable alone: " + advice(running));
        }
        for (FlinkLine line : lines) {
            if (line.runsOn(running)) return line;
        }
        FlinkLine wrong = lines.get(0);
        throw new IllegalStateException("pgcopy: " + PgCopySink.class.getName() + " comes from " + wrong.artifactId()
                + ", which is built for Flink " + wrong.name() + ", but this Flink is " + running + " — "
                + advice(running));
    }

    /** Which artifact this Flink needs. */
    static String advice(String running) {
        String artifact = running.startsWith("1.") ? "pgcopy-flink-1.20" : "pgcopy-flink-2";
        String forLine = running.startsWith("1.") ? "Flink 1.20" : "Flink 2.x";
        return "use io.pgcopy:" + artifact + " instead (for " + forLine + "; in Flink's lib/ or with sql-client -j,"
                + " its -runtime jar)";
    }

    private static List<FlinkLine> load() {
        try {
            return ServiceLoader.load(FlinkLine.class, FlinkLine.class.getClassLoader()).stream()
                    .map(ServiceLoader.Provider::get).toList();
        } catch (ServiceConfigurationError | LinkageError e) {
            // a line module's class that does not even load on this Flink: it is the other line's
            throw new IllegalStateException("pgcopy: the Flink line module does not load on Flink " + runningFlink()
                    + " (" + e + ") — " + advice(runningFlink()), e);
        }
    }
}
