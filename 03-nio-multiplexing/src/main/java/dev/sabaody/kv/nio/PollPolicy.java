package dev.sabaody.kv.nio;

/**
 * When an event loop that has run out of work polls for a while before it sleeps.
 *
 * <p>Even guarded, a wake-up is dear: on a virtual machine the eventfd write sends an interrupt to
 * the other core, which costs the hypervisor an exit, and the woken loop pays a context switch. Two
 * loops trading work in small pieces (final-server's shards at {@code redis-benchmark -P 16}) paid
 * 140,000 of them for 4 million requests, the largest single cost of the hop. So a loop that runs
 * out of work does not go to sleep at once when work has lately come back quickly: for up to
 * {@link #POLL_NANOS} it polls ({@link EventLoop}: a non-blocking {@code selectNow} and a look at its
 * queue, yielding the core between polls), with its awake flag up, so producers skip the wake-up.
 *
 * <p>Whether to poll is learned: the policy keeps a moving share of the loop's waits for work that
 * were quick (within {@link #QUICK_WAIT_NANOS}), and the loop polls only while most were, that is
 * while a poll would mostly find work. A loop under light load, whose waits are mostly long,
 * therefore sleeps at once and spends nothing on polling. A first version polled while the
 * <em>mean</em> wait was under 200 µs: at 10,000 clients sending a request a second each the mean
 * sat near that line, and nine polls in ten found nothing, 15 % of the server's CPU. A mean says
 * nothing about how many waits a 20 µs poll would catch; the share of quick waits says exactly that.
 *
 * <p>The same share tells other loops whether this one is busy: {@link EventLoop#runIfAsleep} lends
 * only a loop that would not poll. Waits are measured on {@link System#nanoTime}, not on the injected
 * clock: they bound CPU spent, not a deadline of the server's, and a test's {@link ManualClock} would
 * otherwise never end a poll. Busy-polling servers (Seastar, DPDK) poll without end; this is the
 * short, adaptive form, in the spirit of Linux's {@code SO_BUSY_POLL}.
 */
final class PollPolicy {

    /** The longest a loop polls for work before it sleeps ({@code System.nanoTime} nanoseconds). */
    static final long POLL_NANOS = 20_000;
    /**
     * A wait for work at most this long counts as one a poll would have caught. Twice the budget,
     * because a wait that ends in a wake-up includes the wake-up's own delay.
     */
    static final long QUICK_WAIT_NANOS = 2 * POLL_NANOS;
    /** The share is in 1/1024ths: this is all of the waits. */
    static final int SHARE_ONE = 1024;
    /** Poll only while at least this share of recent waits was quick: half, where polling breaks even. */
    static final int POLL_WHILE_QUICK_SHARE_AT_LEAST = SHARE_ONE / 2;

    /** Moving share (of {@link #SHARE_ONE}) of quick waits; written by the loop, read by borrowers too. */
    private volatile int quickShare;

    /** Whether the loop should poll before it sleeps: most of its recent waits were quick. */
    boolean shouldPoll() {
        return shouldPoll(quickShare);
    }

    /** The loop waited {@code waitedNanos} for its next piece of work, by polling or asleep. */
    void waited(long waitedNanos) {
        quickShare = nextQuickShare(quickShare, waitedNanos);
    }

    /** Whether recent waits that were quick in this share (of {@link #SHARE_ONE}) call for polling. */
    static boolean shouldPoll(int quickShare) {
        return quickShare >= POLL_WHILE_QUICK_SHARE_AT_LEAST;
    }

    /** The moving share of quick waits after one more wait of {@code waitedNanos} (weight 1/8). */
    static int nextQuickShare(int quickShare, long waitedNanos) {
        int sample = waitedNanos <= QUICK_WAIT_NANOS ? SHARE_ONE : 0;
        return quickShare + ((sample - quickShare) >> 3);
    }
}
