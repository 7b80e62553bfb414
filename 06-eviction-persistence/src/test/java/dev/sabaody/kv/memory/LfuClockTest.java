package dev.sabaody.kv.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sabaody.kv.nio.ManualClock;
import java.time.Duration;
import java.util.random.RandomGenerator;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * The LFU counter follows Redis's evict.c to the bit: LFULogIncr's probability, LFUDecrAndReturn's
 * decay per lfu-decay-time minutes, the 16-bit minute clock's wrap, and LFU_INIT_VAL for a new key.
 * The random draw and the clock are injected, so every case is exact.
 */
class LfuClockTest {

    /** A random source that always draws {@code r}. */
    private static RandomGenerator always(double r) {
        return new RandomGenerator() {
            @Override
            public long nextLong() {
                return 0;
            }

            @Override
            public double nextDouble() {
                return r;
            }
        };
    }

    @Property
    void logIncr_incrementsWithProbabilityOneOverBasevalTimesFactorPlusOne(
            @ForAll @IntRange(min = 0, max = 255) int counter, @ForAll @IntRange(min = 0, max = 1000) int factor,
            @ForAll @DoubleRange(min = 0, max = 1, maxIncluded = false) double r) {
        int next = LfuClock.logIncr(counter, factor, r);
        if (counter == 255) {
            assertEquals(255, next, "saturated");
            return;
        }
        double baseval = Math.max(0, counter - LfuClock.LFU_INIT_VAL);
        double p = 1.0 / (baseval * factor + 1);
        assertEquals(r < p ? counter + 1 : counter, next);
    }

    @Property
    void logIncr_atOrBelowInitVal_alwaysIncrements(@ForAll @IntRange(min = 0, max = 5) int counter,
                                                   @ForAll @IntRange(min = 0, max = 1000) int factor,
                                                   @ForAll @DoubleRange(min = 0, max = 1, maxIncluded = false) double r) {
        assertEquals(counter + 1, LfuClock.logIncr(counter, factor, r));
    }

    @Property
    void decayed_losesOnePerDecayPeriod_neverBelowZero(@ForAll @IntRange(min = 0, max = 255) int counter,
                                                      @ForAll @IntRange(min = 0, max = 65535) int ldt,
                                                      @ForAll @IntRange(min = 0, max = 100_000) int elapsed,
                                                      @ForAll @IntRange(min = 0, max = 100) int decayTime) {
        int now = (ldt + elapsed) & 0xffff;
        long seen = LfuClock.elapsed(now, ldt);
        long periods = decayTime == 0 ? 0 : seen / decayTime;
        int expected = (int) Math.max(0, counter - periods);
        assertEquals(expected, LfuClock.decayed((ldt << 8) | counter, now, decayTime));
    }

    @Property
    void elapsed_wrapsAsRedisDoes(@ForAll @IntRange(min = 0, max = 65535) int now,
                                  @ForAll @IntRange(min = 0, max = 65535) int ldt) {
        long e = LfuClock.elapsed(now, ldt);
        assertEquals(now >= ldt ? now - ldt : 65535 - ldt + now, e); // LFUTimeElapsed: 65535, not 65536
        assertTrue(e >= 0 && e <= 65535);
    }

    @Test
    void newKey_startsAtInitVal_oneAccessMakesSix_thenDecaysByTheMinute() {
        ManualClock clock = new ManualClock(1_700_000_000_000L);
        MemoryLimits limits = new MemoryLimits().lfuDecayTime(1);
        LfuClock lfu = new LfuClock(clock, always(0.99), limits);
        int lru = lfu.created();
        assertEquals(5, lfu.frequency(lru));
        lru = lfu.accessed(lru); // baseval 0: p = 1, always
        assertEquals(6, lfu.frequency(lru));
        lru = lfu.accessed(lru); // p = 1/11 < 0.99: no increment
        assertEquals(6, lfu.frequency(lru));
        clock.advance(Duration.ofMinutes(3));
        assertEquals(3, lfu.frequency(lru), "three decay periods");
        limits.lfuDecayTime(0);
        assertEquals(6, lfu.frequency(lru), "decay time 0: never decays");
    }

    @Test
    void hotKey_saturatesOnlyAfterAboutAMillionHits_atFactorTen() {
        ManualClock clock = new ManualClock(0);
        LfuClock lfu = new LfuClock(clock, java.util.random.RandomGeneratorFactory.of("L64X128MixRandom").create(42),
                new MemoryLimits());
        int lru = lfu.created();
        for (int i = 0; i < 100_000; i++) {
            lru = lfu.accessed(lru);
        }
        long at100k = lfu.frequency(lru);
        // evict.c's table for factor 10: 100K hits -> 142, 1M hits -> 255
        assertTrue(at100k > 120 && at100k < 170, "about 142 after 100K hits, was " + at100k);
    }
}
