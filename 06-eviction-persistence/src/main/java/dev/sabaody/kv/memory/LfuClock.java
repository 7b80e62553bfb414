package dev.sabaody.kv.memory;

import dev.sabaody.kv.data.EntryClock;
import dev.sabaody.kv.nio.Clock;
import java.util.random.RandomGenerator;

/**
 * The LFU entry clock: the 24 bits Redis keeps per object as 16 bits of "last decrement time" in
 * minutes and an 8-bit logarithmic access counter (evict.c, "LFU (Least Frequently Used)
 * implementation"):
 *
 * <pre>
 *       16 bits      8 bits
 *   +------------+--------+
 *   + Last decr  | LOG_C  |
 *   +------------+--------+
 * </pre>
 *
 * <p><b>The counter is logarithmic.</b> Eight bits count to 255, and a hot key is read millions of
 * times. So an access increments the counter only with probability {@code 1 / ((c - LFU_INIT_VAL) *
 * lfu-log-factor + 1)}: at factor 10 it takes about a million hits to saturate (LFULogIncr).
 *
 * <p><b>The counter decays.</b> A key hot yesterday must not stay forever: when a key is accessed (or
 * sampled for eviction), the counter first loses one for every {@code lfu-decay-time} minutes since
 * its last decrement (LFUDecrAndReturn). The time is minutes modulo 2^16, wrapping as Redis's does
 * (LFUTimeElapsed).
 *
 * <p><b>New keys start at LFU_INIT_VAL (5)</b>, not 0, so that a key just written is not evicted
 * before it had a chance to be read.
 *
 * <p>The clock and the random source are injected: the property tests drive both.
 */
public final class LfuClock implements EntryClock {

    /** server.h LFU_INIT_VAL: a new key's counter. */
    public static final int LFU_INIT_VAL = 5;
    /** The counter's maximum (8 bits). */
    public static final int LFU_COUNTER_MAX = 255;
    /** The minutes field's range: 16 bits (LFUGetTimeInMinutes' mask). */
    static final int MINUTES_MASK = 0xffff;

    private final Clock clock;
    private final RandomGenerator random;
    private final MemoryLimits limits;

    public LfuClock(Clock clock, RandomGenerator random, MemoryLimits limits) {
        this.clock = clock;
        this.random = random;
        this.limits = limits;
    }

    /** LFUGetTimeInMinutes: Unix minutes, 16 bits. */
    int minutes() {
        return (int) ((clock.currentTimeMillis() / 60_000) & MINUTES_MASK);
    }

    @Override
    public int created() {
        return (minutes() << 8) | LFU_INIT_VAL;
    }

    /** updateLFU: decay, then a logarithmic increment, stamped with the current minute. */
    @Override
    public int accessed(int lru) {
        int counter = decayed(lru, minutes(), limits.lfuDecayTime());
        counter = logIncr(counter, limits.lfuLogFactor(), random.nextDouble());
        return (minutes() << 8) | counter;
    }

    @Override
    public boolean countsFrequency() {
        return true;
    }

    @Override
    public long frequency(int lru) {
        return decayed(lru, minutes(), limits.lfuDecayTime());
    }

    /** LFULogIncr: the counter after one access, given a uniform draw {@code r} in [0, 1). */
    static int logIncr(int counter, int logFactor, double r) {
        if (counter == LFU_COUNTER_MAX) {
            return LFU_COUNTER_MAX;
        }
        double baseval = Math.max(0, counter - LFU_INIT_VAL);
        double p = 1.0 / (baseval * logFactor + 1);
        return r < p ? counter + 1 : counter;
    }

    /** LFUDecrAndReturn: the counter of {@code lru} less one per {@code decayTime} minutes elapsed. */
    static int decayed(int lru, int nowMinutes, int decayTime) {
        int ldt = lru >>> 8;
        int counter = lru & 0xff;
        long periods = decayTime != 0 ? elapsed(nowMinutes, ldt) / decayTime : 0;
        if (periods > 0) {
            counter = periods > counter ? 0 : counter - (int) periods;
        }
        return counter;
    }

    /** LFUTimeElapsed: minutes from {@code ldt} to {@code now}, on a 16-bit clock that wraps. */
    static long elapsed(int now, int ldt) {
        return now >= ldt ? now - ldt : 65535 - ldt + now;
    }
}
