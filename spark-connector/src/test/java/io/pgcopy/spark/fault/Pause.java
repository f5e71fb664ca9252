package io.pgcopy.spark.fault;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.types.DataTypes;

/**
 * Holds one Spark task still at a chosen row until the test has injected its fault, so the fault
 * lands mid-COPY every time rather than when a race happens to be won. Registered as the UDF
 * {@code pauseAt(id)}; works in Spark local mode, where tasks run in the test's JVM.
 */
final class Pause {
    private static final AtomicLong AT = new AtomicLong(-1);
    private static final AtomicBoolean ARMED = new AtomicBoolean();
    private static volatile CountDownLatch reached = new CountDownLatch(1);
    private static volatile CountDownLatch released = new CountDownLatch(1);

    private Pause() {}

    static void register(SparkSession spark) {
        spark.udf().register("pauseAt", (UDF1<Long, Long>) Pause::pass, DataTypes.LongType);
    }

    /** The first task that reaches row {@code id} stops there until {@link #release()}; its retries pass. */
    static void arm(long id) {
        reached = new CountDownLatch(1);
        released = new CountDownLatch(1);
        AT.set(id);
        ARMED.set(true);
    }

    static void awaitReached() throws InterruptedException {
        if (!reached.await(60, TimeUnit.SECONDS)) throw new AssertionError("no task reached the paused row in 60 s");
    }

    static void release() {
        ARMED.set(false);
        released.countDown();
    }

    private static Long pass(Long id) throws InterruptedException {
        if (id == AT.get() && ARMED.compareAndSet(true, false)) {
            reached.countDown();
            // a cancelled job interrupts the task here
            if (!released.await(120, TimeUnit.SECONDS)) throw new IllegalStateException("pause never released");
        }
        return id;
    }
}
