package dev.sabaody.kv.nio;

import java.time.Duration;

/**
 * What a connection may hold on the input side, changeable while the server runs (Redis's
 * {@code timeout} and {@code client-query-buffer-limit} are CONFIG SET-able): the idle timeout,
 * and the most unconsumed input one connection may buffer. The loops read these fields as they
 * need them; a change takes effect at a connection's next read or idle check.
 */
public final class InputLimits {

    /** Nanoseconds of silence before a connection is closed; 0 for never. */
    private volatile long idleTimeoutNanos;
    /** The most unconsumed input one connection may hold: a request larger than this closes it. */
    private volatile int maxInputBytes;

    public InputLimits(Duration idleTimeout, int maxInputBytes) {
        setIdleTimeout(idleTimeout);
        setMaxInputBytes(maxInputBytes);
    }

    /** Redis's defaults: no idle timeout, 1 GiB of input. */
    public static InputLimits defaults() {
        return new InputLimits(Duration.ZERO, 1 << 30);
    }

    public Duration idleTimeout() {
        return Duration.ofNanos(idleTimeoutNanos);
    }

    long idleTimeoutNanos() {
        return idleTimeoutNanos;
    }

    /** Changes the idle timeout; a server started without one arms it with {@link NioServer#armIdleTimers()}. */
    public void setIdleTimeout(Duration timeout) {
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("idle timeout must not be negative: " + timeout);
        }
        idleTimeoutNanos = timeout.toNanos();
    }

    public int maxInputBytes() {
        return maxInputBytes;
    }

    public void setMaxInputBytes(int max) {
        if (max < 1) {
            throw new IllegalArgumentException("limits must be positive");
        }
        maxInputBytes = max;
    }
}
