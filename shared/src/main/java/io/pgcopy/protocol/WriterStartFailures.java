package io.pgcopy.protocol;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Tests only: makes the next writers (Spark task writers, Flink sink writers) fail while they start,
 * after their connection and COPY were opened, to prove such a writer leaves no session or stage
 * behind. Has an effect only in the JVM that runs the writers (Spark local mode, a Flink MiniCluster);
 * nothing arms it in production.
 */
public final class WriterStartFailures {
    private static final AtomicInteger PENDING = new AtomicInteger();
    private static final AtomicReference<Supplier<? extends Throwable>> FAILURE = new AtomicReference<>();

    private WriterStartFailures() {}

    /** The next {@code count} writers in this JVM throw {@code failure}'s unchecked exception or Error; 0 disarms. */
    public static void failNext(int count, Supplier<? extends Throwable> failure) {
        FAILURE.set(failure);
        PENDING.set(count);
    }

    /** Called by a writer once its resources are open: throws when armed. */
    public static void throwIfArmed() {
        if (PENDING.get() <= 0 || PENDING.getAndDecrement() <= 0) return;
        Throwable t = FAILURE.get().get();
        if (t instanceof RuntimeException e) throw e;
        if (t instanceof Error e) throw e;
        throw new IllegalStateException(t);
    }
}
