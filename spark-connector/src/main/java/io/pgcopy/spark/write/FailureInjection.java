package io.pgcopy.spark.write;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Tests only: makes the next task commits fail right after their COPY committed — the case where
 * an executor dies before the driver hears of its task — to prove retries never double rows (writers that
 * fail while they start: {@link io.pgcopy.protocol.WriterStartFailures}). Has an effect only in the
 * JVM that runs the tasks (Spark local mode); nothing arms it in production.
 */
public final class FailureInjection {
    private static final AtomicInteger PENDING = new AtomicInteger();

    private FailureInjection() {}

    /** The next {@code count} task commits in this JVM fail after their COPY committed. */
    public static void failNextTaskCommits(int count) {
        PENDING.set(count);
    }

    static boolean failAfterTaskCommit() {
        return PENDING.get() > 0 && PENDING.getAndDecrement() > 0;
    }
}
