package dev.sabaody.kv.data.lists;

import dev.sabaody.kv.data.HeapLayout;
import dev.sabaody.kv.data.RedisValue;
import java.util.Arrays;

/**
 * A Redis list: a sequence of byte strings with cheap work at both ends, stored as a growable
 * circular array of references (a ring buffer, like {@link java.util.ArrayDeque}, but indexable).
 *
 * <h2>The structure</h2>
 * <pre>
 *   capacity 8, size 5, head 6:   slots [ c d e . . . a b ]
 *                                          0 1 2 3 4 5 6 7
 *   logical index i lives in slot (head + i) &amp; (capacity - 1):  a b c d e
 * </pre>
 * The capacity is a power of two, so wrapping is a mask, not a division. Pushing at the head
 * decrements {@code head}, pushing at the tail writes slot {@code head + size}; both are O(1)
 * amortized (the array doubles when full). Popping at either end is O(1); the array halves when it
 * is three-quarters empty, so a list that was large once does not hold its peak memory for ever.
 * Index access (LINDEX, LSET, LRANGE's start) is O(1). Inserting or removing in the middle
 * (LINSERT) moves the references of the shorter side by one slot with {@link System#arraycopy}:
 * O(min(i, n-i)) moves of 4 bytes, a memmove, which costs less than walking a linked structure to the
 * spot; LREM closes all its gaps in one pass.
 *
 * <h2>Invariants</h2>
 * <ul>
 *   <li>{@code elements.length} is a power of two and at least {@link #MIN_CAPACITY};
 *   <li>the slots of logical indexes 0..size-1 hold non-null arrays; every other slot is null, so a
 *       popped element is garbage as soon as its reply is written;
 *   <li>a list stored in the keyspace is never empty: the commands delete the key instead.
 * </ul>
 *
 * <h2>Why not Redis's quicklist</h2>
 * Redis 7.0 keeps every list as a quicklist (quicklist.c): a doubly linked list of listpack nodes
 * of up to 8 KB each ({@code list-max-listpack-size -2}), the inner nodes optionally LZF-compressed
 * ({@code list-compress-depth}). Its point is memory: elements packed back to back with one or two
 * bytes of header each, no pointer per element, and few allocations for the C allocator. Its cost
 * is access by index, O(n / elements-per-node) node hops, and re-encoding of a node on every
 * change in its middle. In Java a packed byte layout would make every pop and range reply copy the
 * bytes out into a new array anyway, and the JVM's allocator and collector already make small
 * objects cheap. So the list keeps each element as the {@code byte[]} the command copied out of the
 * request, and spends its effort on the references: one 4-byte slot per element (compressed
 * references) instead of quicklist's node pointers, with O(1) index access. Rejected too: a chunked
 * deque (an array of fixed blocks, as C++'s std::deque) keeps O(1) index and avoids the copy when
 * the ring grows, but adds a second indirection to every access and pays off only for lists of
 * millions of elements, where doubling a reference array (a few MB) is still a sub-millisecond copy.
 *
 * <p>Not thread-safe: a list belongs to its keyspace's thread.
 */
public final class ListValue extends RedisValue {

    /** Slots of a new list: a small list pays 8 references (32 bytes) plus the array header. */
    static final int MIN_CAPACITY = 8;

    /** The ring; a power of two long. */
    private byte[][] elements;
    /** Slot of logical index 0. */
    private int head;
    private int size;
    /** Bytes of every element's array, kept as they come and go ({@link #bytes}). */
    private long payload;

    /** ListValue: accounted, payload (longs), elements reference, head, size (bytes). */
    private static final long SELF = HeapLayout.object(16 + HeapLayout.REF + 8);

    @Override
    public long bytes() {
        return SELF + payload + HeapLayout.refs(elements.length);
    }

    public ListValue() {
        elements = new byte[MIN_CAPACITY][];
    }

    private ListValue(byte[][] elements, int size) {
        this.elements = elements;
        this.size = size;
    }

    @Override
    public String typeName() {
        return "list";
    }

    /**
     * Redis 7.0 answers "quicklist" for every list, however small (it keeps no other list encoding;
     * "listpack" for small lists came with 7.2), so OBJECT ENCODING says what 7.0 would.
     */
    @Override
    public String encoding() {
        return "quicklist";
    }

    @Override
    public ListValue copy() {
        byte[][] copy = new byte[elements.length][];
        for (int i = 0; i < size; i++) {
            copy[i] = get(i).clone();
        }
        ListValue c = new ListValue(copy, size);
        c.payload = payload;
        return c;
    }

    public int size() {
        return size;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    // ---------------------------------------------------------------- ends

    public void addFirst(byte[] value) {
        if (size == elements.length) {
            resize(elements.length << 1);
        }
        head = (head - 1) & (elements.length - 1);
        elements[head] = value;
        payload += HeapLayout.bytes(value.length);
        size++;
    }

    public void addLast(byte[] value) {
        if (size == elements.length) {
            resize(elements.length << 1);
        }
        elements[(head + size) & (elements.length - 1)] = value;
        payload += HeapLayout.bytes(value.length);
        size++;
    }

    /** Pushes at the head ({@code left}) or the tail. */
    public void add(boolean left, byte[] value) {
        if (left) {
            addFirst(value);
        } else {
            addLast(value);
        }
    }

    /** Removes and returns the first element; the list must not be empty. */
    public byte[] removeFirst() {
        byte[] value = elements[head];
        payload -= HeapLayout.bytes(value.length);
        elements[head] = null;
        head = (head + 1) & (elements.length - 1);
        size--;
        maybeShrink();
        return value;
    }

    /** Removes and returns the last element; the list must not be empty. */
    public byte[] removeLast() {
        int slot = (head + size - 1) & (elements.length - 1);
        byte[] value = elements[slot];
        payload -= HeapLayout.bytes(value.length);
        elements[slot] = null;
        size--;
        maybeShrink();
        return value;
    }

    /** Pops at the head ({@code left}) or the tail; the list must not be empty. */
    public byte[] remove(boolean left) {
        return left ? removeFirst() : removeLast();
    }

    /** Drops the first {@code n} elements (0 &lt;= n &lt;= size). */
    public void removeFirst(int n) {
        for (int i = 0; i < n; i++) {
            payload -= HeapLayout.bytes(get(i).length);
            elements[(head + i) & (elements.length - 1)] = null;
        }
        head = (head + n) & (elements.length - 1);
        size -= n;
        maybeShrink();
    }

    /** Drops the last {@code n} elements (0 &lt;= n &lt;= size). */
    public void removeLast(int n) {
        for (int i = size - n; i < size; i++) {
            payload -= HeapLayout.bytes(get(i).length);
            elements[(head + i) & (elements.length - 1)] = null;
        }
        size -= n;
        maybeShrink();
    }

    // ---------------------------------------------------------------- by index

    /** The element at logical index {@code index} (0 &lt;= index &lt; size). */
    public byte[] get(int index) {
        return elements[(head + index) & (elements.length - 1)];
    }

    public void set(int index, byte[] value) {
        payload += HeapLayout.bytes(value.length) - HeapLayout.bytes(get(index).length);
        put(index, value);
    }

    /** Writes a slot, moving an element or clearing one: what the list holds is unchanged. */
    private void put(int index, byte[] value) {
        elements[(head + index) & (elements.length - 1)] = value;
    }

    /**
     * Inserts {@code value} so that it ends up at logical index {@code index} (0 &lt;= index &lt;= size),
     * moving whichever side of it is shorter.
     */
    public void insert(int index, byte[] value) {
        if (index == 0) {
            addFirst(value);
            return;
        }
        if (index == size) {
            addLast(value);
            return;
        }
        if (size == elements.length) {
            resize(elements.length << 1);
        }
        if (index < size - index) {
            // A free slot before the head; the first index elements step back into it.
            head = (head - 1) & (elements.length - 1);
            moveTowardsHead(1, index);
        } else {
            moveTowardsTail(index, size - index);
        }
        put(index, value);
        payload += HeapLayout.bytes(value.length);
        size++;
    }

    /** Removes the element at logical index {@code index}, moving whichever side of it is shorter. */
    public byte[] removeAt(int index) {
        byte[] value = get(index);
        payload -= HeapLayout.bytes(value.length);
        if (index < size - 1 - index) {
            moveTowardsTail(0, index);
            elements[head] = null;
            head = (head + 1) & (elements.length - 1);
        } else {
            moveTowardsHead(index + 1, size - 1 - index);
            put(size - 1, null);
        }
        size--;
        maybeShrink();
        return value;
    }

    /**
     * Moves the {@code n} elements from logical index {@code from} one slot towards the tail, last
     * first, as few {@link System#arraycopy} calls as the wrap of the ring allows (at most three).
     */
    private void moveTowardsTail(int from, int n) {
        int mask = elements.length - 1;
        while (n > 0) {
            int src = (head + from + n - 1) & mask; // last element still to move
            int dst = (src + 1) & mask;
            int run = Math.min(n, Math.min(src + 1, dst + 1)); // neither run may cross slot 0
            System.arraycopy(elements, src - run + 1, elements, dst - run + 1, run);
            n -= run;
        }
    }

    /** Moves the {@code n} elements from logical index {@code from} one slot towards the head, first first. */
    private void moveTowardsHead(int from, int n) {
        int mask = elements.length - 1;
        int length = elements.length;
        while (n > 0) {
            int src = (head + from) & mask;
            int dst = (src - 1) & mask;
            int run = Math.min(n, Math.min(length - src, length - dst)); // neither run may pass the end
            System.arraycopy(elements, src, elements, dst, run);
            from += run;
            n -= run;
        }
    }

    /** The logical index of the first element equal to {@code value}, or -1. */
    public int indexOf(byte[] value) {
        for (int i = 0; i < size; i++) {
            if (Arrays.equals(get(i), value)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Removes elements equal to {@code value}, at most {@code limit} of them (0: all), scanning from
     * the head, or from the tail when {@code fromTail}; returns how many went (LREM). One pass that
     * closes the gaps as it goes, so removing k of n elements costs O(n), not O(k n).
     */
    public int removeMatching(byte[] value, long limit, boolean fromTail) {
        int removed = 0;
        if (!fromTail) {
            int write = 0;
            for (int read = 0; read < size; read++) {
                byte[] e = get(read);
                if ((limit == 0 || removed < limit) && Arrays.equals(e, value)) {
                    removed++;
                } else {
                    put(write++, e);
                }
            }
            for (int i = write; i < size; i++) {
                put(i, null);
            }
        } else {
            int write = size - 1;
            for (int read = size - 1; read >= 0; read--) {
                byte[] e = get(read);
                if ((limit == 0 || removed < limit) && Arrays.equals(e, value)) {
                    removed++;
                } else {
                    put(write--, e);
                }
            }
            for (int i = 0; i < removed; i++) {
                put(i, null);
            }
            head = (head + removed) & (elements.length - 1);
        }
        size -= removed;
        payload -= removed * HeapLayout.bytes(value.length);
        maybeShrink();
        return removed;
    }

    // ---------------------------------------------------------------- capacity

    /**
     * Halves the ring while three quarters of it are empty, never below {@link #MIN_CAPACITY}. Halving
     * (not shrinking to fit) leaves room for the list to grow back without an immediate resize; a
     * bulk removal (LTRIM, LREM, a counted pop) may halve several times in one go.
     */
    private void maybeShrink() {
        int capacity = elements.length;
        while (capacity > MIN_CAPACITY && size < capacity >>> 2) {
            capacity >>>= 1;
        }
        if (capacity != elements.length) {
            resize(capacity);
        }
    }

    /** Copies the elements into a new ring of {@code capacity} slots, logical index 0 at slot 0. */
    private void resize(int capacity) {
        if (capacity < 0) {
            throw new IllegalStateException("list too long");
        }
        byte[][] ring = new byte[capacity][];
        int firstRun = Math.min(size, elements.length - head);
        System.arraycopy(elements, head, ring, 0, firstRun);
        System.arraycopy(elements, 0, ring, firstRun, size - firstRun);
        elements = ring;
        head = 0;
    }

    /** Slots allocated (for tests of the shrinking rule and memory estimates). */
    int capacity() {
        return elements.length;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("list[");
        for (int i = 0; i < size; i++) {
            sb.append(i == 0 ? "" : ", ").append(new String(get(i), java.nio.charset.StandardCharsets.UTF_8));
        }
        return sb.append(']').toString();
    }
}
