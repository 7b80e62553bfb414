package dev.sabaody.kv.nio;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

/**
 * When an idle loop polls before it sleeps ({@link PollPolicy#POLL_NANOS}): the rule is a moving share
 * of quick waits for work, checked here as a function, with no loop and no clock.
 */
class PollPolicyTest {

    @Test
    void pollPolicy_quickWorkKeepsPolling_anIdleSpellStopsIt_quickWorkBringsItBack() {
        int share = 0;
        for (int i = 0; i < 100; i++) {
            share = PollPolicy.nextQuickShare(share, 5_000); // work came back within 5 µs each time
        }
        assertTrue(PollPolicy.shouldPoll(share), "polls while work comes back quickly: " + share);

        for (int i = 0; i < 6; i++) {
            share = PollPolicy.nextQuickShare(share, TimeUnit.SECONDS.toNanos(1)); // then idle seconds
        }
        assertFalse(PollPolicy.shouldPoll(share), "sleeps at once after an idle spell: " + share);

        int quickWaits = 0;
        while (!PollPolicy.shouldPoll(share)) {
            share = PollPolicy.nextQuickShare(share, 5_000);
            quickWaits++;
        }
        assertTrue(quickWaits >= 1 && quickWaits <= 6, "quick waits before polling again: " + quickWaits);
    }

    @Test
    void pollPolicy_steadyLightLoad_neverPolls() {
        int share = 0;
        for (int i = 0; i < 1000; i++) {
            share = PollPolicy.nextQuickShare(share, 1_000_000); // a request every millisecond
            assertFalse(PollPolicy.shouldPoll(share), "light load must not poll, wait " + i + ": " + share);
        }
    }

    /**
     * The case the mean got wrong: waits averaging 150 µs (10,000 clients at a request a second over
     * two loops), of which a quarter would be caught by a poll. Polling would mostly find nothing.
     */
    @Test
    void pollPolicy_randomWaitsMostlyLongerThanAPoll_rarelyPolls() {
        Random random = new Random(42);
        int share = 0;
        int wouldPoll = 0;
        int waits = 100_000;
        for (int i = 0; i < waits; i++) {
            if (PollPolicy.shouldPoll(share)) {
                wouldPoll++;
            }
            long wait = (long) (-Math.log(1 - random.nextDouble()) * 150_000); // exponential, mean 150 µs
            share = PollPolicy.nextQuickShare(share, wait);
        }
        assertTrue(wouldPoll < waits / 20, "polled before " + wouldPoll + " of " + waits + " waits");
    }

    @Property
    void pollPolicy_shareStaysBetweenNoneAndAll(@ForAll List<@LongRange(min = -1_000_000, max = Long.MAX_VALUE / 2) Long> waits) {
        int share = 0;
        for (long w : waits) {
            share = PollPolicy.nextQuickShare(share, w);
            assertTrue(share >= 0 && share <= PollPolicy.SHARE_ONE, "share out of range: " + share);
        }
    }

    @Property
    void pollPolicy_afterSixQuickWaitsInARow_polls(@ForAll List<@LongRange(min = 0, max = 10_000_000) Long> before) {
        int share = 0;
        for (long w : before) {
            share = PollPolicy.nextQuickShare(share, w);
        }
        for (int i = 0; i < 6; i++) {
            share = PollPolicy.nextQuickShare(share, PollPolicy.QUICK_WAIT_NANOS);
        }
        assertTrue(PollPolicy.shouldPoll(share), "whatever came before, six quick waits bring polling back: " + share);
    }
}
