package dev.sabaody.kv.nio;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.TimeUnit;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

/**
 * When an idle loop polls before it sleeps ({@link EventLoop#POLL_NANOS}): the rule is a moving
 * average of its waits for work, checked here as a function, with no loop and no clock.
 */
class PollPolicyTest {

    @Test
    void pollPolicy_quickWorkKeepsPolling_anIdleSpellStopsIt_quickWorkBringsItBack() {
        long gap = 0;
        for (int i = 0; i < 100; i++) {
            gap = EventLoop.nextIdleGap(gap, 5_000); // work came back within 5 µs each time
        }
        assertTrue(EventLoop.shouldPoll(gap), "polls while work comes back quickly: " + gap);

        gap = EventLoop.nextIdleGap(gap, TimeUnit.SECONDS.toNanos(1)); // then a second with nothing
        assertTrue(!EventLoop.shouldPoll(gap), "sleeps at once after an idle spell: " + gap);

        int quickWaits = 0;
        while (!EventLoop.shouldPoll(gap)) {
            gap = EventLoop.nextIdleGap(gap, 5_000);
            quickWaits++;
        }
        // the idle second counted as at most 10 ms, so a short burst of quick work is enough
        assertTrue(quickWaits >= 1 && quickWaits <= 40, "quick waits before polling again: " + quickWaits);
    }

    @Test
    void pollPolicy_steadyLightLoad_neverPolls() {
        long gap = 0;
        for (int i = 0; i < 1000; i++) {
            gap = EventLoop.nextIdleGap(gap, 1_000_000); // a request every millisecond
            if (i >= 20) {
                assertTrue(!EventLoop.shouldPoll(gap), "light load must not poll, wait " + i + ": " + gap);
            }
        }
    }

    @Property
    void pollPolicy_averageStaysBetweenZeroAndTheCap(@ForAll List<@LongRange(min = -1_000_000, max = Long.MAX_VALUE / 2) Long> waits) {
        long gap = 0;
        for (long w : waits) {
            gap = EventLoop.nextIdleGap(gap, w);
            assertTrue(gap >= 0 && gap <= EventLoop.MAX_GAP_SAMPLE_NANOS, "average out of range: " + gap);
        }
    }
}
