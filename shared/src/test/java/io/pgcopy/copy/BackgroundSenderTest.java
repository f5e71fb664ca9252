package io.pgcopy.copy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class BackgroundSenderTest {
    private static final String NAME = "pgcopy-copy-sender test";

    @Test
    void encodingGoesOnWhileAChunkIsSent() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        List<String> sent = new ArrayList<>();
        BackgroundSender sender = new BackgroundSender((b, off, len) -> {
            awaitQuietly(release);
            synchronized (sent) {
                sent.add(new String(b, off, len));
            }
        }, NAME);
        byte[] buffer = "first".getBytes();
        sender.accept(buffer, 0, buffer.length); // returns although the send is blocked
        buffer[0] = 'X'; // the caller reuses its buffer at once: the sender sends its own copy
        release.countDown();
        sender.accept("second".getBytes(), 0, 6);
        sender.drain();
        sender.stop();
        assertEquals(List.of("first", "second"), sent);
        assertFalse(senderThreadAlive());
    }

    @Test
    void aFailedSendIsThrownToTheCallerWithItsCauseAndEndsTheThread() throws Exception {
        SQLException server = new SQLException("ERROR: value for domain positive violates check constraint"
                + "\n  Where: COPY target, line 1001", "23514");
        BackgroundSender sender = new BackgroundSender((b, off, len) -> {
            if (b[off] == 'b') throw new IOException(server);
        }, NAME);
        sender.accept("good".getBytes(), 0, 4);
        sender.accept("bad".getBytes(), 0, 3);
        IOException e = assertThrows(IOException.class, sender::drain);
        assertSame(server, e.getCause(), "the writer maps this cause to the COPY error with its line");
        assertThrows(IOException.class, () -> sender.accept("more".getBytes(), 0, 4), "and again on the next chunk");
        sender.stop();
        assertFalse(senderThreadAlive());
    }

    @Test
    void anErrorOnTheSenderIsThrownAsItself() throws Exception {
        OutOfMemoryError oom = new OutOfMemoryError("test");
        BackgroundSender sender = new BackgroundSender((b, off, len) -> {
            throw oom;
        }, NAME);
        sender.accept("x".getBytes(), 0, 1);
        assertSame(oom, assertThrows(OutOfMemoryError.class, sender::drain));
        sender.stop();
        assertFalse(senderThreadAlive());
    }

    @Test
    void stopWaitsForTheSendInFlightAndDropsTheRest() throws Exception {
        CountDownLatch sending = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<String> sent = new ArrayList<>();
        BackgroundSender sender = new BackgroundSender((b, off, len) -> {
            sending.countDown();
            awaitQuietly(release);
            synchronized (sent) {
                sent.add(new String(b, off, len));
            }
        }, NAME);
        sender.accept("in flight".getBytes(), 0, 9);
        assertTrue(sending.await(10, TimeUnit.SECONDS));
        Thread stopper = new Thread(sender::stop);
        stopper.start();
        stopper.join(200);
        assertTrue(stopper.isAlive(), "stop waits: the connection is not free while a send runs");
        release.countDown();
        stopper.join(10_000);
        assertFalse(stopper.isAlive());
        assertFalse(senderThreadAlive());
        assertEquals(List.of("in flight"), sent);
        assertThrows(IllegalStateException.class, () -> sender.accept("late".getBytes(), 0, 4));
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static boolean senderThreadAlive() {
        return Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().equals(NAME) && t.isAlive());
    }
}
