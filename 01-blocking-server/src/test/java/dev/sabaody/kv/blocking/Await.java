package dev.sabaody.kv.blocking;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import java.util.stream.Stream;

/**
 * Waits for something that happens on another thread (a connection ends, a thread exits, a file
 * descriptor is released), polling with a deadline rather than sleeping a fixed time: the test is as
 * fast as the machine allows and fails with a message, not a hang, when the thing never happens.
 */
public final class Await {

    /** Generous on purpose: a shared, noisy 2-core machine can stall a thread for a second. */
    public static final Duration DEADLINE = Duration.ofSeconds(10);
    private static final long POLL_NANOS = Duration.ofMillis(2).toNanos();

    private Await() {
    }

    public static void until(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + DEADLINE + " waiting for: " + what);
            }
            LockSupport.parkNanos(POLL_NANOS);
        }
    }

    /** Waits until {@code value} equals {@code expected}; the failure message shows the last value seen. */
    public static void equal(String what, long expected, LongSupplier value) {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        long seen;
        while ((seen = value.getAsLong()) != expected) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + ": expected " + expected + " but stayed at " + seen + " for " + DEADLINE);
            }
            LockSupport.parkNanos(POLL_NANOS);
        }
    }

    /** Waits until {@code value} is at most {@code bound}. */
    public static void atMost(String what, long bound, LongSupplier value) {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        long seen;
        while ((seen = value.getAsLong()) > bound) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + ": expected at most " + bound + " but stayed at " + seen + " for " + DEADLINE);
            }
            LockSupport.parkNanos(POLL_NANOS);
        }
    }

    /**
     * Does one request from a virtual thread, so the JDK's socket pollers (epoll descriptors opened
     * once, on first use) exist before a test counts descriptors.
     */
    public static void warmUpVirtualThreadSockets(int port) throws InterruptedException {
        Thread.ofVirtual().start(() -> {
            try (LineClient client = new LineClient(port)) {
                client.call("PING");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }).join();
    }

    /** The file descriptors this process holds open: sockets included, so a leaked socket shows. */
    public static long openFileDescriptors() {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
