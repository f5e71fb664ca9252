package io.pgcopy.copy;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.lang.ref.WeakReference;
import java.lang.reflect.Field;
import java.net.URL;
import java.net.URLClassLoader;
import java.sql.DriverManager;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A class loader of its own holding pgcopy and pgjdbc, as a Flink job jar's child-first loader does: once released
 * and dropped it is collected, although pgjdbc registered its driver and the send watchdog's thread ran in it.
 */
class JvmWideResourcesTest {

    @Test
    void aDiscardedLoaderIsCollectedOnceReleased() throws Exception {
        WeakReference<ClassLoader> loader = useAndRelease();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (loader.get() != null && System.nanoTime() < deadline) {
            System.gc();
            Thread.sleep(50);
        }
        assertNull(loader.get(), "the released class loader is still reachable");
    }

    @Test
    void whatTheOutlivingLoaderLoadedStays() throws Exception {
        Class.forName("org.postgresql.Driver"); // registers this loader's driver
        JvmWideResources.releaseUnlessLoadedBy(JvmWideResources.class.getClassLoader());
        assertNotNull(DriverManager.getDriver("jdbc:postgresql://localhost/db"));
    }

    private static WeakReference<ClassLoader> useAndRelease() throws Exception {
        URLClassLoader loader = new URLClassLoader(new URL[] {location(JvmWideResources.class),
                location(org.postgresql.Driver.class)}, ClassLoader.getPlatformClassLoader());
        Thread current = Thread.currentThread();
        ClassLoader before = current.getContextClassLoader();
        current.setContextClassLoader(loader); // as in a Flink task thread
        try {
            Class.forName("org.postgresql.Driver", true, loader); // registers itself in DriverManager
            // the watchdog's thread, started as a COPY's first send starts it
            Field timer = Class.forName(SendWatchdog.class.getName(), true, loader).getDeclaredField("TIMER");
            timer.setAccessible(true);
            ((ScheduledThreadPoolExecutor) timer.get(null)).schedule(() -> { }, 1, TimeUnit.HOURS);
            Class.forName(JvmWideResources.class.getName(), true, loader)
                    .getMethod("releaseUnlessLoadedBy", ClassLoader.class)
                    .invoke(null, JvmWideResourcesTest.class.getClassLoader());
        } finally {
            current.setContextClassLoader(before);
        }
        loader.close();
        return new WeakReference<>(loader);
    }

    private static URL location(Class<?> c) {
        return c.getProtectionDomain().getCodeSource().getLocation();
    }
}
