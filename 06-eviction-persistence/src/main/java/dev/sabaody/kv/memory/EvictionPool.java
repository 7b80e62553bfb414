package dev.sabaody.kv.memory;

import dev.sabaody.kv.data.Entry;

/**
 * evict.c's eviction pool: the best candidates for eviction seen so far, kept across evictions.
 *
 * <p>Redis does not find the least recently used key: that would need a list through every key,
 * two pointers per key and work on every access. It samples a few keys ({@code maxmemory-samples})
 * and evicts the best of them. Sampling alone is a poor approximation, so the best candidates of
 * earlier samples are kept in this pool of {@link #EVPOOL_SIZE} slots, ordered by "idle" score
 * ascending: the best victim is at the right end. Each round adds a new sample; a key better than
 * the worst in a full pool pushes that one out on the left. With 5 samples the result is close to
 * true LRU; with 10, very close (Redis's utils/lru/test-lru.rb, measured in this module's README).
 *
 * <p>The score is the same for every policy, "bigger is a better victim": idle time for LRU,
 * 255 minus the decayed counter for LFU, the distance to the end of time for volatile-ttl.
 *
 * <p>A slot holds the entry itself, not a copy of its key: a pooled key may be deleted, overwritten
 * or moved to another database meanwhile, so before eviction the pool checks that the database
 * still holds that very entry, and skips the ghost otherwise, as evict.c's dictFind does.
 */
final class EvictionPool {

    /** evict.c EVPOOL_SIZE: candidates kept. */
    static final int EVPOOL_SIZE = 16;

    private final long[] idle = new long[EVPOOL_SIZE];
    private final Entry[] entries = new Entry[EVPOOL_SIZE];
    private final int[] dbs = new int[EVPOOL_SIZE];

    /** evictionPoolPopulate's insertion of one sampled key with score {@code score}. */
    void offer(Entry e, int db, long score) {
        int k = 0;
        while (k < EVPOOL_SIZE && entries[k] != null && Long.compareUnsigned(idle[k], score) < 0) {
            k++;
        }
        if (k == 0 && entries[EVPOOL_SIZE - 1] != null) {
            return; // worse than the worst we hold, and no empty slot
        } else if (k < EVPOOL_SIZE && entries[k] == null) {
            // an empty slot: nothing to move
        } else if (entries[EVPOOL_SIZE - 1] == null) {
            shift(k, k + 1, EVPOOL_SIZE - k - 1); // room on the right: make a hole at k
        } else {
            k--; // full: drop the leftmost (worst) and insert at k - 1
            shift(1, 0, k);
        }
        entries[k] = e;
        idle[k] = score;
        dbs[k] = db;
    }

    private void shift(int from, int to, int n) {
        if (n > 0) {
            System.arraycopy(entries, from, entries, to, n);
            System.arraycopy(idle, from, idle, to, n);
            System.arraycopy(dbs, from, dbs, to, n);
        }
    }

    /** Slot to take next, right to left: the best victim first; -1 when the pool is empty. */
    int best() {
        for (int k = EVPOOL_SIZE - 1; k >= 0; k--) {
            if (entries[k] != null) {
                return k;
            }
        }
        return -1;
    }

    Entry entry(int k) {
        return entries[k];
    }

    int db(int k) {
        return dbs[k];
    }

    long score(int k) {
        return idle[k];
    }

    /** Empties slot {@code k} (taken, or a ghost). */
    void clear(int k) {
        entries[k] = null;
        idle[k] = 0;
    }

    /** Candidates held. */
    int size() {
        int n = 0;
        for (Entry e : entries) {
            if (e != null) {
                n++;
            }
        }
        return n;
    }
}
