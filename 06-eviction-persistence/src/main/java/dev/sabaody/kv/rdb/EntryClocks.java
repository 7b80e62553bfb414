package dev.sabaody.kv.rdb;

import dev.sabaody.kv.data.Entry;
import dev.sabaody.kv.data.Keyspace;

/**
 * objectSetLRUOrLFU (object.c): the eviction clock of a key that comes from a file or a RESTORE,
 * set from the idle time or access counter saved with it, under the policy that records that
 * clock; ignored otherwise, as Redis ignores it.
 */
final class EntryClocks {

    private EntryClocks() {
    }

    static void apply(Keyspace keyspace, Entry e, SaveOptions.Clocks policy, long idleSeconds, int frequency) {
        if (policy == SaveOptions.Clocks.LFU_FREQ && frequency >= 0) {
            int minutes = (int) ((keyspace.clock().currentTimeMillis() / 60_000) & 0xffff); // LFUGetTimeInMinutes
            e.touch((minutes << 8) | frequency);
        } else if (policy == SaveOptions.Clocks.LRU_IDLE && idleSeconds >= 0) {
            int clock = keyspace.lruClock();
            long idleTicks = idleSeconds * 1000 / Keyspace.LRU_CLOCK_RESOLUTION;
            long lru = clock - idleTicks;
            if (lru < 0) { // older than the clock can tell: as old as it can (object.c wraps it this way)
                lru = (clock + (Keyspace.LRU_CLOCK_MAX / 2)) % Keyspace.LRU_CLOCK_MAX;
            }
            e.touch((int) lru);
        }
    }
}
