package io.pgcopy.testing;

import java.time.Duration;
import java.util.concurrent.Callable;

/**
 * Polls a condition that a job, a server or a cleanup reaches on its own, asynchronously, until it
 * holds or the time is up.
 */
public final class Poll {
    private static final long PERIOD_MILLIS = 20;

    private Poll() {}

    /** A condition to poll; it may query a database. */
    public interface Condition {
        boolean holds() throws Exception;
    }

    /** Waits until the condition holds; fails after the timeout, naming what it waited for. */
    public static void until(String what, Duration timeout, Condition condition) throws Exception {
        until(() -> what, timeout, condition);
    }

    /**
     * As above; {@code what} is evaluated on failure only, so it can describe what is still there
     * when the time is up.
     */
    public static void until(Callable<String> what, Duration timeout, Condition condition) throws Exception {
        if (!holdsWithin(timeout, condition)) {
            throw new AssertionError("not within " + timeout.toMillis() + " ms: " + what.call());
        }
    }

    /** Like {@link #until} but says whether the condition came true in time instead of failing. */
    public static boolean holdsWithin(Duration timeout, Condition condition) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.holds()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(PERIOD_MILLIS);
        }
        return true;
    }
}
