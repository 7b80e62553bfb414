package dev.sabaody.kv.memory;

/**
 * The JVM's own limit: the heap must hold {@code maxmemory} of data plus what the collector needs to
 * work (garbage not yet collected, the free regions a concurrent collector allocates into while it
 * runs, replies and arguments in flight). A maxmemory the heap cannot hold does not bound anything:
 * the JVM would die of OutOfMemoryError first. So the server refuses to start with one, naming both
 * numbers, and the launcher ({@code bin/sabaody-server}) sizes -Xmx by the same rule.
 *
 * <pre>
 *   heap needed = maxmemory × 3/2 + 32 MB
 * </pre>
 * Half again as much as the data: the accounting is within a few percent of the live heap
 * (MemoryAccuracyReport), and a collector needs free room to keep up with a write-heavy load; the
 * churn benchmark of this module's README ran G1 at this rule (16 MB in a 56 MB heap) through ten
 * times maxmemory of writes, its RSS levelling off. The rule is a reasoned default, not yet measured
 * for ZGC or for large heaps.
 */
public final class HeapFit {

    /** The collector's share on top of maxmemory: half of it. */
    static final long HEADROOM_NUMERATOR = 3;
    static final long HEADROOM_DENOMINATOR = 2;
    /** A fixed floor for the server's own objects and buffers (bytes). */
    static final long FIXED_HEADROOM = 32L << 20;

    private HeapFit() {
    }

    /** The heap that holds {@code maxmemory} (bytes). */
    public static long heapFor(long maxmemory) {
        return maxmemory / HEADROOM_DENOMINATOR * HEADROOM_NUMERATOR + FIXED_HEADROOM;
    }

    /** The largest maxmemory a heap of {@code maxHeap} bytes holds; the limit with maxmemory 0. */
    public static long maxmemoryFor(long maxHeap) {
        return Math.max(maxHeap / 4, (maxHeap - FIXED_HEADROOM) / HEADROOM_NUMERATOR * HEADROOM_DENOMINATOR);
    }

    /** Null when {@code maxmemory} fits in {@code maxHeap}; otherwise why not, naming both numbers. */
    public static String check(long maxmemory, long maxHeap) {
        if (maxmemory == 0 || maxmemory <= maxmemoryFor(maxHeap)) {
            return null;
        }
        long needed = heapFor(maxmemory);
        return "maxmemory " + maxmemory + " bytes (" + MemoryInfo.human(maxmemory) + ") does not fit in the JVM's"
                + " maximum heap of " + maxHeap + " bytes (" + MemoryInfo.human(maxHeap) + "): the heap must hold"
                + " maxmemory plus half of it and 32 MB for the collector, " + needed + " bytes. Start the JVM with -Xmx"
                + ((needed + (1 << 20) - 1) >> 20) + "m, or with bin/sabaody-server, which sizes the heap from maxmemory.";
    }
}
