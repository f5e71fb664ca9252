package io.pgcopy.copy;

import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Collections;

/**
 * What pgcopy leaves in the JVM beyond its own objects: pgjdbc's {@link Driver}, which registers itself in
 * {@link DriverManager} for good, and the send watchdog's thread. Each keeps the class loader that loaded it alive.
 * A host that discards a class loader after each job — a Flink session cluster running jobs whose jar bundles
 * pgcopy — calls {@link #releaseUnlessLoadedBy} as the loader goes, or keeps one loader (with pgcopy's and pgjdbc's
 * classes and their metaspace) per job ever run.
 */
public final class JvmWideResources {
    private JvmWideResources() {
    }

    /**
     * Unless pgcopy came from {@code outliving} (the host's own loader, whose classes serve every job): deregisters
     * the JDBC drivers that pgcopy's loader loaded and stops the watchdog's thread.
     */
    public static void releaseUnlessLoadedBy(ClassLoader outliving) {
        ClassLoader own = JvmWideResources.class.getClassLoader();
        if (own == outliving) return;
        for (Driver driver : Collections.list(DriverManager.getDrivers())) {
            if (driver.getClass().getClassLoader() != own) continue;
            try {
                DriverManager.deregisterDriver(driver);
            } catch (SQLException | SecurityException ignored) {
                // still registered: the loader then stays, as it did before
            }
        }
        SendWatchdog.stopTimer();
    }
}
