package dev.sabaody.kv.data;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;

/**
 * The hash table of Sabaody-KV: the keyspace, every hash's fields and every set's members live in
 * one. A port of the ideas of Redis's {@code dict.c}, on byte-array keys.
 *
 * <h2>Structure</h2>
 * An array of buckets whose size is a power of two; a key goes to bucket {@code hash & (size - 1)}
 * ({@link KeyHash}); colliding keys form a chain through {@link DictNode#next}, newest first. The
 * table grows when it holds as many keys as buckets (load factor 1), to the next power of two above
 * the count, and shrinks when fewer than one bucket in ten is used ({@code HASHTABLE_MIN_FILL}).
 *
 * <h2>Incremental rehash: no request pays for a whole resize</h2>
 * {@code java.util.HashMap} resizes all at once: the put that crosses the threshold copies every
 * entry, and with ten million keys that one request stalls for a good part of a second, in a server
 * where every other client waits behind it. Redis instead keeps two tables while it grows:
 * <pre>
 *   t0 [ . . . . ]  old size: buckets below rehashIdx are already empty
 *              ^ rehashIdx
 *   t1 [ . . . . . . . . ]  new size: new keys go here
 * </pre>
 * Every lookup, insert or delete first moves one bucket of t0 into t1 ({@link #rehashStep}); the
 * server's cron moves more while it is idle ({@link #rehashFor}). A lookup searches t0, then t1.
 * When t0 is empty, t1 becomes t0. Each operation does O(1) extra work, so the cost of the resize is
 * spread over the operations that caused it. A step visits at most ten empty buckets
 * ({@code empty_visits} in dictRehash) so that a sparse table cannot make one step long either.
 *
 * <h2>SCAN across a resize</h2>
 * {@link #scan} visits buckets in the order of their index's bits reversed (Pieter Noordhuis's
 * cursor, dict.c's dictScan). Growing a table splits bucket {@code i} into {@code i} and
 * {@code i + size}, which in reversed-bit order sit next to each other, after everything already
 * visited: so every key present for the whole scan is returned at least once, whether the table
 * grows, shrinks or is mid-rehash between two calls. A key may be returned twice (after a shrink).
 *
 * <h2>A random node, exactly uniform</h2>
 * SRANDMEMBER, ZRANDMEMBER, HRANDFIELD, SPOP and RANDOMKEY draw from the table. Picking a bucket and
 * then a node of its chain favours lone nodes; {@link #random} draws a bucket and a position below a
 * bound on the chain length instead, and retries when the position is empty (rejection sampling).
 *
 * <h2>Rejected</h2>
 * Open addressing (as in {@code IdentityHashMap}) would save the {@code next} pointer, but deletion
 * needs tombstones or backward shifts, and the reversed-bit cursor's guarantee relies on chaining.
 *
 * <p>Not thread-safe: one shard's thread owns each table.
 */
public final class Dict<N extends DictNode> {

    /** dict.h DICT_HT_INITIAL_SIZE: buckets of a table's first allocation. */
    static final int DICT_HT_INITIAL_SIZE = 4;
    /** server.h HASHTABLE_MIN_FILL: shrink below 10 % fill (percent). */
    static final int HASHTABLE_MIN_FILL = 10;
    /** dictRehash: empty buckets one step may visit, per bucket it is asked to move. */
    static final int EMPTY_VISITS_PER_STEP = 10;

    private static final DictNode[] EMPTY = new DictNode[0];

    private DictNode[] t0 = EMPTY;
    private DictNode[] t1;
    private int used0;
    private int used1;
    /** Next bucket of t0 to move to t1; -1 when not rehashing. */
    private int rehashIdx = -1;
    /**
     * At least the length of the longest chain in either table, so that {@link #random} can draw
     * uniformly. Raised when a chain grows past it, never lowered until the table is cleared: a
     * bound that is too high costs {@link #random} only extra tries, one too low would bias it.
     */
    private int chainBound = 1;

    public int size() {
        return used0 + used1;
    }

    /** Dict: two table references, two counts, the rehash index and the chain bound (bytes). */
    static final long DICT_OBJECT = HeapLayout.object(2L * HeapLayout.REF + 16);

    /**
     * Heap bytes of this table without its nodes: the object and its bucket arrays. O(1); a holder
     * adds its nodes' own sizes, which it knows as it adds and removes them.
     */
    public long tableBytes() {
        long b = DICT_OBJECT;
        if (t0.length > 0) {
            b += HeapLayout.refs(t0.length);
        }
        if (t1 != null) {
            b += HeapLayout.refs(t1.length);
        }
        return b;
    }

    public boolean isEmpty() {
        return size() == 0;
    }

    public boolean isRehashing() {
        return rehashIdx >= 0;
    }

    /** Buckets in both tables (for tests and the README's figures). */
    public int buckets() {
        return t0.length + (t1 == null ? 0 : t1.length);
    }

    // ---------------------------------------------------------------- lookup

    public N get(byte[] key) {
        return size() == 0 ? null : get(key, KeyHash.hash(key));
    }

    /** {@link #get(byte[])} with the key's hash already computed ({@link KeyHash#hash(byte[])}). */
    N get(byte[] key, long hash) {
        if (size() == 0) {
            return null;
        }
        rehashStep();
        N found = find(t0, hash, key);
        if (found == null && t1 != null) {
            found = find(t1, hash, key);
        }
        return found;
    }

    /** Looks up a key given as a slice of a buffer (a command argument), without copying it. */
    public N get(ByteBuffer buffer, int offset, int length) {
        if (size() == 0) {
            return null;
        }
        rehashStep();
        long hash = KeyHash.hash(buffer, offset, length);
        N found = find(t0, hash, buffer, offset, length);
        if (found == null && t1 != null) {
            found = find(t1, hash, buffer, offset, length);
        }
        return found;
    }

    @SuppressWarnings("unchecked")
    private N find(DictNode[] table, long hash, byte[] key) {
        if (table.length == 0) {
            return null;
        }
        for (DictNode n = table[(int) hash & (table.length - 1)]; n != null; n = n.next) {
            if (Arrays.equals(n.key, key)) {
                return (N) n;
            }
        }
        return null;
    }

    @SuppressWarnings("unchecked")
    private N find(DictNode[] table, long hash, ByteBuffer buffer, int offset, int length) {
        if (table.length == 0) {
            return null;
        }
        for (DictNode n = table[(int) hash & (table.length - 1)]; n != null; n = n.next) {
            if (n.key.length == length && sameBytes(n.key, buffer, offset)) {
                return (N) n;
            }
        }
        return null;
    }

    static boolean sameBytes(byte[] key, ByteBuffer buffer, int offset) {
        if (buffer.hasArray()) {
            int from = buffer.arrayOffset() + offset;
            return Arrays.equals(key, 0, key.length, buffer.array(), from, from + key.length);
        }
        for (int i = 0; i < key.length; i++) {
            if (key[i] != buffer.get(offset + i)) {
                return false;
            }
        }
        return true;
    }

    // ---------------------------------------------------------------- change

    /**
     * Adds {@code node}, whose key must not be in the table (look it up first, or use {@link #put}).
     */
    public void add(N node) {
        add(node, KeyHash.hash(node.key));
    }

    /** {@link #add(DictNode)} with the key's hash already computed. */
    void add(N node, long hash) {
        rehashStep();
        expandIfNeeded();
        if (t1 != null) {
            link(t1, hash, node);
            used1++;
        } else {
            link(t0, hash, node);
            used0++;
        }
        noteChain(node);
    }

    /** Adds {@code node}, replacing the node with the same key if there is one; returns that node. */
    public N put(N node) {
        N old = get(node.key);
        if (old != null) {
            replace(old, node);
        } else {
            add(node);
        }
        return old;
    }

    private static void link(DictNode[] table, long hash, DictNode node) {
        int i = (int) hash & (table.length - 1);
        node.next = table[i];
        table[i] = node;
    }

    /** The bound {@link #random} draws positions below (tests check it covers every chain). */
    int chainBound() {
        return chainBound;
    }

    /** The longest chain in either table, counted (tests only: it visits every bucket). */
    int longestChain() {
        int longest = 0;
        for (DictNode[] table : new DictNode[][] {t0, t1}) {
            if (table == null) {
                continue;
            }
            for (DictNode head : table) {
                int length = 0;
                for (DictNode n = head; n != null; n = n.next) {
                    length++;
                }
                longest = Math.max(longest, length);
            }
        }
        return longest;
    }

    /** Raises {@link #chainBound} to the length of the chain that starts at {@code head}, if longer. */
    private void noteChain(DictNode head) {
        int length = 0;
        for (DictNode n = head; n != null; n = n.next) {
            length++;
        }
        if (length > chainBound) {
            chainBound = length;
        }
    }

    /**
     * Puts {@code replacement} where {@code old} is, keeping its place in the chain: a keyspace entry
     * that gains or loses a TTL changes class, and must not change its position under a running SCAN.
     */
    public void replace(N old, N replacement) {
        if (!Arrays.equals(old.key, replacement.key)) {
            throw new IllegalArgumentException("replace needs the same key");
        }
        long hash = KeyHash.hash(old.key);
        if (!relink(t0, hash, old, replacement) && (t1 == null || !relink(t1, hash, old, replacement))) {
            throw new IllegalStateException("node not in table");
        }
    }

    private static boolean relink(DictNode[] table, long hash, DictNode old, DictNode replacement) {
        if (table.length == 0) {
            return false;
        }
        int i = (int) hash & (table.length - 1);
        DictNode prev = null;
        for (DictNode n = table[i]; n != null; prev = n, n = n.next) {
            if (n == old) {
                replacement.next = old.next;
                old.next = null;
                if (prev == null) {
                    table[i] = replacement;
                } else {
                    prev.next = replacement;
                }
                return true;
            }
        }
        return false;
    }

    /** Removes the node with this key; returns it, or null when there was none. */
    public N remove(byte[] key) {
        N node = get(key);
        if (node != null) {
            removeNode(node);
        }
        return node;
    }

    /** Removes the node with this key, given as a slice; returns it, or null. */
    public N remove(ByteBuffer buffer, int offset, int length) {
        N node = get(buffer, offset, length);
        if (node != null) {
            removeNode(node);
        }
        return node;
    }

    /** Removes {@code node} itself (found earlier by a lookup). */
    public void removeNode(N node) {
        long hash = KeyHash.hash(node.key);
        if (unlink(t0, hash, node)) {
            used0--;
        } else if (t1 != null && unlink(t1, hash, node)) {
            used1--;
        } else {
            throw new IllegalStateException("node not in table");
        }
        shrinkIfNeeded();
    }

    private static boolean unlink(DictNode[] table, long hash, DictNode node) {
        if (table.length == 0) {
            return false;
        }
        int i = (int) hash & (table.length - 1);
        DictNode prev = null;
        for (DictNode n = table[i]; n != null; prev = n, n = n.next) {
            if (n == node) {
                if (prev == null) {
                    table[i] = n.next;
                } else {
                    prev.next = n.next;
                }
                n.next = null;
                return true;
            }
        }
        return false;
    }

    /** Empties the table and gives back its memory. */
    public void clear() {
        t0 = EMPTY;
        t1 = null;
        used0 = 0;
        used1 = 0;
        rehashIdx = -1;
        chainBound = 1;
    }

    // ---------------------------------------------------------------- resizing

    private void expandIfNeeded() {
        if (isRehashing()) {
            return;
        }
        if (t0.length == 0) {
            t0 = new DictNode[DICT_HT_INITIAL_SIZE];
            return;
        }
        if (used0 >= t0.length) {
            startRehash(nextPower(used0 + 1));
        }
    }

    private void shrinkIfNeeded() {
        if (isRehashing() || t0.length <= DICT_HT_INITIAL_SIZE) {
            return;
        }
        if ((long) used0 * 100 / t0.length < HASHTABLE_MIN_FILL) {
            startRehash(nextPower(Math.max(used0, DICT_HT_INITIAL_SIZE)));
        }
    }

    private void startRehash(int newSize) {
        if (newSize == t0.length) {
            return;
        }
        t1 = new DictNode[newSize];
        rehashIdx = 0;
    }

    static int nextPower(int n) {
        if (n <= DICT_HT_INITIAL_SIZE) {
            return DICT_HT_INITIAL_SIZE;
        }
        if (n >= 1 << 30) {
            return 1 << 30;
        }
        return Integer.highestOneBit(n - 1) << 1;
    }

    /** One step of incremental rehash: moves one bucket (visiting at most ten empty ones). */
    void rehashStep() {
        if (isRehashing()) {
            rehash(1);
        }
    }

    /**
     * Moves up to {@code buckets} non-empty buckets from t0 to t1. Returns true while more remain,
     * including a shrink that the end of this rehash started (dictRehash).
     */
    boolean rehash(int buckets) {
        int emptyVisits = buckets * EMPTY_VISITS_PER_STEP;
        while (buckets-- > 0 && used0 != 0) {
            while (t0[rehashIdx] == null) {
                rehashIdx++;
                if (--emptyVisits == 0) {
                    return true;
                }
            }
            DictNode n = t0[rehashIdx];
            while (n != null) {
                DictNode next = n.next;
                link(t1, KeyHash.hash(n.key), n);
                // Even a grow can lengthen a chain past the bound: the bucket of t1 may already hold
                // keys added since the rehash began, and a shrink merges whole chains.
                noteChain(n);
                used0--;
                used1++;
                n = next;
            }
            t0[rehashIdx] = null;
            rehashIdx++;
        }
        if (used0 == 0) {
            t0 = t1;
            used0 = used1;
            t1 = null;
            used1 = 0;
            rehashIdx = -1;
            // Deletes during the rehash may have left the new table nearly empty, and shrinking is
            // otherwise only considered on a delete: without this, a table emptied mid-rehash keeps
            // its buckets until the next delete (Redis's cron, tryResizeHashTables, catches it there).
            shrinkIfNeeded();
            return isRehashing();
        }
        return true;
    }

    /**
     * Rehashes in steps of 100 buckets until done or {@code budgetNanos} has passed (dictRehashMilliseconds,
     * which the cron calls with 1 ms). Returns the buckets moved.
     */
    public int rehashFor(long budgetNanos) {
        if (!isRehashing()) {
            return 0;
        }
        long start = System.nanoTime();
        int moved = 0;
        while (rehash(100)) {
            moved += 100;
            if (System.nanoTime() - start > budgetNanos) {
                break;
            }
        }
        return moved;
    }

    // ---------------------------------------------------------------- iteration

    /** Visits every node. The table must not change meanwhile. */
    @SuppressWarnings("unchecked")
    public void forEach(Consumer<? super N> action) {
        for (DictNode[] table : new DictNode[][] {t0, t1}) {
            if (table == null) {
                continue;
            }
            for (DictNode head : table) {
                for (DictNode n = head; n != null; n = n.next) {
                    action.accept((N) n);
                }
            }
        }
    }

    /**
     * One SCAN step: visits the nodes of the bucket(s) under {@code cursor} and returns the next
     * cursor, 0 when the scan is complete (dictScan). {@code action} must not change the table.
     */
    public long scan(long cursor, Consumer<? super N> action) {
        if (size() == 0) {
            return 0;
        }
        long v = cursor;
        if (!isRehashing()) {
            long m0 = t0.length - 1;
            emit(t0[(int) (v & m0)], action);
            v |= ~m0;
            v = Long.reverse(Long.reverse(v) + 1);
        } else {
            DictNode[] small = t0.length <= t1.length ? t0 : t1;
            DictNode[] large = small == t0 ? t1 : t0;
            long m0 = small.length - 1;
            long m1 = large.length - 1;
            emit(small[(int) (v & m0)], action);
            // Visit every bucket of the larger table that is an expansion of that one.
            do {
                emit(large[(int) (v & m1)], action);
                v |= ~m1;
                v = Long.reverse(Long.reverse(v) + 1);
            } while ((v & (m0 ^ m1)) != 0);
        }
        return v;
    }

    @SuppressWarnings("unchecked")
    private static <N> void emit(DictNode head, Consumer<? super N> action) {
        for (DictNode n = head; n != null; ) {
            DictNode next = n.next; // read first: the action may not change the table, but be safe on links
            action.accept((N) n);
            n = next;
        }
    }

    /**
     * A node chosen uniformly at random, or null when the table is empty.
     *
     * <p>Redis's dictGetRandomKey picks a random non-empty bucket, then a random node of its chain:
     * a node sharing its bucket with another is then drawn half as often as a lone one, and with
     * ten members in sixteen buckets SRANDMEMBER's histogram fails Redis's own chi-square test
     * (scores of 80 to 160 where 40 is the bound). Redis works around it with dictGetFairRandomKey
     * (sample some keys, pick one of them), which is fairer but still not exact. Here the draw is
     * exact by rejection: pick a bucket, then a position below {@link #chainBound}; a draw that
     * lands past the end of its chain (or on an empty bucket) is thrown away and drawn again.
     * Every node then has probability 1 / (buckets × bound) per try, the same for all. The cost is
     * the expected number of tries, buckets × bound / size: a few, since the table keeps between
     * one and ten buckets per key and chains of a seeded hash stay short.
     */
    @SuppressWarnings("unchecked")
    public N random(RandomGenerator random) {
        if (size() == 0) {
            return null;
        }
        rehashStep();
        // While rehashing, buckets of t0 below rehashIdx are empty: sample the rest of t0 and all of t1.
        int first = isRehashing() ? rehashIdx : 0;
        int span = t0.length - first + (t1 == null ? 0 : t1.length);
        int bound = chainBound;
        for (;;) {
            int h = first + random.nextInt(span);
            DictNode n = h < t0.length ? t0[h] : t1[h - t0.length];
            for (int skip = random.nextInt(bound); n != null && skip > 0; skip--) {
                n = n.next;
            }
            if (n != null) {
                return (N) n;
            }
        }
    }
}
