package io.pgcopy.flink.sink;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Tests only: makes the next sink writers fail while they start, after their connection was opened
 * (and an upsert sink's stage made), to prove such a writer leaves no session or stage behind. Has
 * an effect only in the JVM that runs the writers (a MiniCluster); nothing arms it in production.
 */
public final class FailureInjection {
    private static final AtomicInteger PENDING_STARTS = new AtomicInteger();
    private static final AtomicReference<Supplier<? extends Throwable>> START_FAILURE = new AtomicReference<>();

    private FailureInjection() {}

    /** The next {@code count} writers in this JVM throw {@code failure}'s unchecked exception or Error; 0 disarms. */
    public static void failNextWriterStarts(int count, Supplier<? extends Throwable> failure) {
        START_FAILURE.set(failure);
        PENDING_STARTS.set(count);
    }

    static void failWriterStart() {
        if (PENDING_STARTS.get() <= 0 || PENDING_STARTS.getAndDecrement() <= 0) return;
        Throwable t = START_FAILURE.get().get();
        if (t instanceof RuntimeException e) throw e;
        if (t instanceof Error e) throw e;
        throw new IllegalStateException(t);
    }
}
