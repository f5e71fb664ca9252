package io.pgcopy.flink.sink;

import io.pgcopy.copy.JvmWideResources;
import org.apache.flink.api.connector.sink2.Sink;

/**
 * Flink's release hook for a job's class loader: a job jar that bundles pgcopy gets a child-first loader per job, which
 * pgjdbc's driver registration and the send watchdog's thread would keep alive on the TaskManager for good. Every
 * pgcopy task registers it; Flink runs it once, when the job's last task on the TaskManager has ended.
 */
final class ClassLoaderRelease {
    static final String HOOK_NAME = "pgcopy";

    private ClassLoaderRelease() {}

    /** Releases only what the job's own loader loaded: pgcopy in Flink's lib/ serves every job and stays. */
    static Runnable hook() {
        return () -> JvmWideResources.releaseUnlessLoadedBy(Sink.class.getClassLoader());
    }
}
