package dev.sabaody.kv.nio;

/**
 * The one clock of Sabaody-KV. Everything that depends on time (idle timeouts, key expiry, the
 * active expiry cycle, LRU clocks, INFO's uptime) reads it through this interface, so that tests
 * move time forward with a {@link ManualClock} instead of sleeping.
 */
public interface Clock {

    /** Monotonic nanoseconds, for timers and durations; never goes back. */
    long nanoTime();

    /** Wall-clock milliseconds since the Unix epoch, for absolute expiry times (EXPIREAT, PXAT). */
    long currentTimeMillis();

    /** Wall-clock microseconds since the Unix epoch (TIME); a clock without finer grain gives millis × 1000. */
    default long currentTimeMicros() {
        return currentTimeMillis() * 1000;
    }

    /** The real clock. */
    static Clock system() {
        return SystemClock.INSTANCE;
    }

    enum SystemClock implements Clock {
        INSTANCE;

        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public long currentTimeMillis() {
            return System.currentTimeMillis();
        }

        @Override
        public long currentTimeMicros() {
            java.time.Instant now = java.time.Instant.now();
            return now.getEpochSecond() * 1_000_000 + now.getNano() / 1000;
        }
    }
}
