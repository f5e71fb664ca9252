package io.pgcopy.copy;

import io.pgcopy.codec.ChunkSink;
import java.io.IOException;
import java.io.InterruptedIOException;

/**
 * Sends COPY chunks on a thread of its own, one chunk at a time, while the caller encodes the next:
 * a blocking socket write of a multi-MiB chunk would otherwise stop the encoder until the server has
 * drained it, so client and server would take turns instead of working at once. Memory is bounded
 * by one copy of the chunk being sent. A failure of a send is kept and thrown to the caller at its
 * next {@link #accept} or {@link #drain}; the thread then ends. {@link #stop} ends it on every other
 * path (finish, abort, close), after the send in flight, which the send watchdog bounds.
 */
final class BackgroundSender implements ChunkSink {
    private final ChunkSink target;
    private final String threadName;
    private final Object lock = new Object();
    private Thread thread;
    private byte[] chunk = new byte[0];
    private int length;
    /** A chunk is handed over and not yet sent. */
    private boolean busy;
    private boolean stopped;
    private Throwable failure;

    BackgroundSender(ChunkSink target, String threadName) {
        this.target = target;
        this.threadName = threadName;
    }

    /** Waits for the previous chunk's send, then hands a copy of this one to the thread and returns. */
    @Override
    public void accept(byte[] data, int offset, int length) throws IOException {
        awaitIdle();
        // only this thread touches the chunk while the sender is idle
        if (chunk.length < length) chunk = new byte[length];
        System.arraycopy(data, offset, chunk, 0, length);
        synchronized (lock) {
            if (stopped) throw new IllegalStateException("the COPY sender is stopped");
            this.length = length;
            busy = true;
            if (thread == null) startThread();
            lock.notifyAll();
        }
    }

    /** Returns when every chunk handed over is sent; throws the failure of a send. */
    void drain() throws IOException {
        awaitIdle();
    }

    /** Ends the thread after the send in flight, if any; the chunk not yet sent is dropped. Idempotent. */
    void stop() {
        Thread t;
        synchronized (lock) {
            stopped = true;
            lock.notifyAll();
            t = thread;
        }
        if (t == null || t == Thread.currentThread()) return;
        boolean interrupted = false;
        // uninterruptibly: the connection may be used (cancelCopy) only once no send runs on it
        while (t.isAlive()) {
            try {
                t.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) Thread.currentThread().interrupt();
    }

    private void startThread() {
        thread = new Thread(this::sendLoop, threadName);
        thread.setDaemon(true);
        // not the creating task's class loader: a thread must not keep a job's loader alive
        thread.setContextClassLoader(null);
        thread.start();
    }

    private void awaitIdle() throws IOException {
        synchronized (lock) {
            while (busy && failure == null) {
                try {
                    lock.wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("interrupted while waiting for the COPY sender");
                }
            }
            if (failure != null) throw rethrown(failure);
        }
    }

    private void sendLoop() {
        while (true) {
            synchronized (lock) {
                while (!busy && !stopped) {
                    try {
                        lock.wait();
                    } catch (InterruptedException e) {
                        stopped = true;
                    }
                }
                if (stopped) return;
            }
            try {
                target.accept(chunk, 0, length);
            } catch (Throwable t) {
                synchronized (lock) {
                    failure = t;
                    lock.notifyAll();
                }
                return;
            }
            synchronized (lock) {
                busy = false;
                lock.notifyAll();
            }
        }
    }

    /** The sender's failure as the caller's own exception, keeping the cause chain the writer maps to the COPY error. */
    private static IOException rethrown(Throwable t) {
        if (t instanceof Error e) throw e;
        if (t instanceof RuntimeException r) throw r;
        return t instanceof IOException io ? new IOException(io.getMessage(), io.getCause() == null ? io : io.getCause())
                : new IOException(t);
    }
}
