package io.pgcopy.spark.write;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Tests only: makes the next task commits fail right after their COPY committed — the case where
 * an executor dies before the driver hears of its task — to prove retries never double rows; and
 * makes the next task writers fail while they start, after their COPY was opened, to prove such a
 * task leaves no session behind. Has an effect only in the JVM that runs the tasks (Spark local
 * mode); nothing arms it in production.
 */
public final class FailureInjection {
    private static final AtomicInteger PENDING = new AtomicInteger();
    private static final AtomicInteger PENDING_STARTS = new AtomicInteger();
    private static final AtomicReference<Supplier<? extends Throwable>> START_FAILURE = new AtomicReference<>();

    private FailureInjection() {}

    /** The next {@code count} task commits in this JVM fail after their COPY committed. */
    public static void failNextTaskCommits(int count) {
        PENDING.set(count);
    }

    /**
     * The next {@code count} task writers in this JVM throw {@code failure}'s throwable (an unchecked
     * exception or an Error) while they are built, after their COPY was opened; 0 disarms.
     */
    public static void failNextWriterStarts(int count, Supplier<? extends Throwable> failure) {
        START_FAILURE.set(failure);
        PENDING_STARTS.set(count);
    }

    static boolean failAfterTaskCommit() {
        return PENDING.get() > 0 && PENDING.getAndDecrement() > 0;
    }

    static void failWriterStart() {
        if (PENDING_STARTS.get() <= 0 || PENDING_STARTS.getAndDecrement() <= 0) return;
        Throwable t = START_FAILURE.get().get();
        if (t instanceof RuntimeException e) throw e;
        if (t instanceof Error e) throw e;
        throw new IllegalStateException(t);
    }
}
