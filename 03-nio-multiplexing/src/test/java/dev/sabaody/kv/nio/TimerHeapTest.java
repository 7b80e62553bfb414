package dev.sabaody.kv.nio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class TimerHeapTest {

    /** For any deadlines and any cancellations, polling yields exactly the live timers, in (deadline, order). */
    @Property
    void poll_anyAddsAndCancels_liveTimersInDeadlineThenInsertionOrder(
            @ForAll @Size(max = 200) List<@IntRange(min = 0, max = 50) Integer> deadlines,
            @ForAll @Size(max = 200) List<@IntRange(min = 0, max = 199) Integer> cancels) {
        TimerHeap heap = new TimerHeap();
        List<TimerHeap.Entry> entries = new ArrayList<>();
        for (int d : deadlines) {
            entries.add(heap.add(() -> { }, d, 0));
        }
        for (int c : cancels) {
            if (c < entries.size()) {
                entries.get(c).cancel();
            }
        }
        List<TimerHeap.Entry> expected = new ArrayList<>(entries.stream().filter(e -> !e.cancelled).toList());
        expected.sort(Comparator.<TimerHeap.Entry>comparingLong(e -> e.deadline).thenComparingLong(e -> e.sequence));
        List<TimerHeap.Entry> polled = new ArrayList<>();
        for (TimerHeap.Entry e; (e = heap.poll()) != null; ) {
            polled.add(e);
        }
        assertEquals(expected, polled);
        assertEquals(0, heap.size());
    }

    @org.junit.jupiter.api.Test
    void cancel_frees_theSlotAtOnce() {
        TimerHeap heap = new TimerHeap();
        List<TimerHeap.Entry> entries = new ArrayList<>();
        for (int i = 0; i < 100_000; i++) {
            entries.add(heap.add(() -> { }, 1_000_000 - i, 0));
        }
        entries.forEach(TimerHeap.Entry::cancel);
        assertEquals(0, heap.size(), "cancelled timers do not wait for their deadline to leave");
        assertTrue(heap.peek() == null);
    }

    @org.junit.jupiter.api.Test
    void add_deadlinesPastLongMaxValue_orderedAsTheClockWraps() {
        TimerHeap heap = new TimerHeap();
        TimerHeap.Entry late = heap.add(() -> { }, Long.MIN_VALUE + 5, 0); // wrapped: after MAX_VALUE
        TimerHeap.Entry early = heap.add(() -> { }, Long.MAX_VALUE - 5, 0);
        assertEquals(early, heap.poll());
        assertEquals(late, heap.poll());
    }
}
