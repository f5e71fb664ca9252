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
    private static final java.util.Set<String> EPOCH_COMMITS = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private FailureInjection() {}

    /** The next {@code count} task commits in this JVM fail after their COPY committed. */
    public static void failNextTaskCommits(int count) {
        PENDING.set(count);
    }

    static boolean failAfterTaskCommit() {
        return PENDING.get() > 0 && PENDING.getAndDecrement() > 0;
    }

    /**
     * The next epoch commit of the streaming query {@code queryId} fails right after its database
     * transaction committed, before Spark records the epoch: a driver dying there makes Spark replay
     * the epoch, which must then move nothing.
     */
    public static void failNextEpochCommitAfterDatabase(String queryId) {
        EPOCH_COMMITS.add(queryId);
    }

    static boolean failEpochCommitAfterDatabase(String queryId) {
        return EPOCH_COMMITS.remove(queryId);
    }
}
