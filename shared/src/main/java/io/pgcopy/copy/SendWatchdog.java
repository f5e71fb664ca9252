package io.pgcopy.copy;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Ends a connection whose server takes no data for longer than the connection's socket timeout.
 * pgjdbc's {@code socketTimeout} bounds reads only: a COPY whose server stops answering (a
 * stopped or hung backend, a network that drops everything) blocks the sending thread forever
 * once the socket buffers are full. The watchdog aborts the connection, which closes the socket
 * and so fails the blocked write.
 */
final class SendWatchdog {
    private static final ScheduledThreadPoolExecutor TIMER = timer();

    private final Connection connection;
    private final long timeoutMillis;
    private final AtomicBoolean fired = new AtomicBoolean();

    SendWatchdog(Connection connection) throws SQLException {
        this.connection = connection;
        this.timeoutMillis = connection.getNetworkTimeout();
    }

    private static ScheduledThreadPoolExecutor timer() {
        ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(1, r -> {
            Thread thread = new Thread(r, "pgcopy-send-watchdog");
            thread.setDaemon(true);
            // not the creating task's class loader: a thread must not keep a job's loader alive
            thread.setContextClassLoader(null);
            return thread;
        });
        t.setRemoveOnCancelPolicy(true);
        t.setKeepAliveTime(5, TimeUnit.SECONDS);
        t.allowCoreThreadTimeOut(true); // no thread stays behind once no COPY is being sent
        return t;
    }

    /** Ends the timer's thread for good: for {@link JvmWideResources}, when pgcopy's class loader is discarded. */
    static void stopTimer() {
        TIMER.shutdownNow();
    }

    /** The socket timeout in milliseconds, 0 when there is none (then nothing is watched). */
    long timeoutMillis() {
        return timeoutMillis;
    }

    /** Whether the watchdog ended the connection. */
    boolean fired() {
        return fired.get();
    }

    /** Runs one send, ending the connection if it has not returned within the timeout. */
    <E extends Exception> void send(Send<E> send) throws E {
        if (timeoutMillis <= 0) {
            send.run();
            return;
        }
        ScheduledFuture<?> alarm = TIMER.schedule(this::abort, timeoutMillis, TimeUnit.MILLISECONDS);
        try {
            send.run();
        } finally {
            alarm.cancel(false);
        }
    }

    private void abort() {
        fired.set(true);
        try {
            connection.abort(Runnable::run);
        } catch (SQLException | RuntimeException ignored) {
            // already closed: the blocked write fails either way
        }
    }

    @FunctionalInterface
    interface Send<E extends Exception> {
        void run() throws E;
    }
}
