package io.pgcopy.spark.fault;

import java.util.concurrent.Callable;

/** Polls a condition until it holds or the time is up; for cleanup that happens asynchronously. */
final class Deadline {
    private Deadline() {}

    static void within(long millis, String what, Callable<Boolean> condition) throws Exception {
        within(millis, () -> what, condition);
    }

    /** As above; {@code what} is evaluated on failure only, to describe what is still there. */
    static void within(long millis, Callable<String> what, Callable<Boolean> condition) throws Exception {
        long end = System.currentTimeMillis() + millis;
        while (!condition.call()) {
            if (System.currentTimeMillis() > end) throw new AssertionError("not within " + millis + " ms: " + what.call());
            Thread.sleep(20);
        }
    }
}
