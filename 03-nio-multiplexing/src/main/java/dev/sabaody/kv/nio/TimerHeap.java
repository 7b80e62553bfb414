package dev.sabaody.kv.nio;

import java.util.Arrays;

/**
 * The timers of one event loop: a binary min-heap ordered by deadline, then by scheduling order.
 *
 * <p>Why a heap of our own and not {@link java.util.PriorityQueue}: every connection with an idle
 * timeout owns a timer, and a connection that closes cancels it. {@code PriorityQueue.remove(Object)}
 * is a linear search, and leaving cancelled timers in the queue until their deadline (what
 * {@link java.util.concurrent.ScheduledThreadPoolExecutor} does by default) would let a
 * connect-per-request client pile up millions of dead entries within one idle period. Each timer here
 * remembers its slot in the array, so cancelling it is O(log n) and frees the slot at once. Netty's
 * {@code DefaultPriorityQueue} uses the same trick ({@code priorityQueueIndex}).
 *
 * <p>Why not a hashed timing wheel (Varghese and Lauck, 1987; Netty's {@code HashedWheelTimer}):
 * a wheel is O(1) but has a tick, and its resolution becomes the loop's wake-up rate. The loop sleeps
 * in {@code epoll_wait} exactly until the earliest deadline, which a heap gives for free at its root.
 * Redis keeps its few timers in a plain linked list ({@code ae.c}, {@code aeSearchNearestTimer}) and
 * checks idle clients by sweeping them in {@code clientsCron}; we have one timer per connection.
 *
 * <p>Ties on the deadline run in scheduling order, so two timers due at the same instant of a
 * {@link ManualClock} fire in the order they were set. Loop thread only.
 */
final class TimerHeap {

    /** One scheduled task; its {@link #index} is its slot in the heap, or -1 once it left. */
    static final class Entry implements EventLoop.Timer {
        private final TimerHeap heap;
        final Runnable task;
        /** Nanoseconds on the loop's clock. */
        long deadline;
        /** Scheduling order: breaks ties so equal deadlines run first-in, first-out. */
        long sequence;
        /** Re-armed by this many nanoseconds after each run; 0 for a one-shot timer. */
        final long periodNanos;
        int index = -1;
        boolean cancelled;

        Entry(TimerHeap heap, Runnable task, long deadline, long sequence, long periodNanos) {
            this.heap = heap;
            this.task = task;
            this.deadline = deadline;
            this.sequence = sequence;
            this.periodNanos = periodNanos;
        }

        @Override
        public void cancel() {
            cancelled = true;
            if (index >= 0) {
                heap.remove(this);
            }
        }

        boolean before(Entry other) {
            // subtraction, not <, so a clock that wraps past Long.MAX_VALUE still orders correctly
            long d = deadline - other.deadline;
            return d < 0 || (d == 0 && sequence < other.sequence);
        }
    }

    private Entry[] entries = new Entry[64];
    private int size;
    private long nextSequence;

    Entry add(Runnable task, long deadline, long periodNanos) {
        Entry entry = new Entry(this, task, deadline, nextSequence++, periodNanos);
        push(entry);
        return entry;
    }

    /** Puts a periodic entry back with a new deadline; it runs after everything already scheduled for that instant. */
    void rearm(Entry entry, long deadline) {
        entry.deadline = deadline;
        entry.sequence = nextSequence++;
        push(entry);
    }

    /** The earliest entry, or null. */
    Entry peek() {
        return size == 0 ? null : entries[0];
    }

    /** The sequence number the next added entry will get: lets a caller run only what existed before. */
    long nextSequence() {
        return nextSequence;
    }

    int size() {
        return size;
    }

    Entry poll() {
        if (size == 0) {
            return null;
        }
        Entry first = entries[0];
        removeAt(0);
        return first;
    }

    private void push(Entry entry) {
        if (size == entries.length) {
            entries = Arrays.copyOf(entries, size * 2);
        }
        entry.index = size;
        entries[size++] = entry;
        siftUp(entry.index);
    }

    private void remove(Entry entry) {
        removeAt(entry.index);
    }

    private void removeAt(int i) {
        Entry removed = entries[i];
        removed.index = -1;
        Entry last = entries[--size];
        entries[size] = null;
        if (i == size) {
            return;
        }
        entries[i] = last;
        last.index = i;
        siftDown(i);
        if (entries[i] == last) {
            siftUp(i);
        }
    }

    private void siftUp(int i) {
        Entry entry = entries[i];
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            Entry p = entries[parent];
            if (!entry.before(p)) {
                break;
            }
            entries[i] = p;
            p.index = i;
            i = parent;
        }
        entries[i] = entry;
        entry.index = i;
    }

    private void siftDown(int i) {
        Entry entry = entries[i];
        int half = size >>> 1;
        while (i < half) {
            int child = 2 * i + 1;
            Entry c = entries[child];
            int right = child + 1;
            if (right < size && entries[right].before(c)) {
                child = right;
                c = entries[child];
            }
            if (!c.before(entry)) {
                break;
            }
            entries[i] = c;
            c.index = i;
            i = child;
        }
        entries[i] = entry;
        entry.index = i;
    }
}
