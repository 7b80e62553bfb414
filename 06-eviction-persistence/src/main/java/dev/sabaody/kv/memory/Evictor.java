package dev.sabaody.kv.memory;

import dev.sabaody.kv.data.Db;
import dev.sabaody.kv.data.Entry;
import dev.sabaody.kv.data.EntryClock;
import dev.sabaody.kv.data.Keyspace;
import dev.sabaody.kv.data.KeyspaceStats;
import dev.sabaody.kv.data.MemoryGuard;
import dev.sabaody.kv.nio.Clock;
import java.util.random.RandomGenerator;

/**
 * evict.c's performEvictions for one keyspace: while the server's used memory is over
 * {@code maxmemory}, delete the key the policy likes least, until enough is freed.
 *
 * <pre>
 *   before every command (and at every cron):
 *     used &lt;= maxmemory                 → OK
 *     policy noeviction                  → FAIL (denyoom commands get -OOM)
 *     loop until freed &gt;= used - maxmemory:
 *       LRU / LFU / TTL: fill the {@link EvictionPool} with maxmemory-samples keys of each
 *                        database, take its best entry still alive
 *       random:          a random key of the next database, in turn
 *       nothing left     → FAIL
 *       every 16 keys: over the tenacity's time budget → stop, the cron goes on later
 * </pre>
 *
 * <h2>Several shards, one bound</h2>
 * Each shard has its own evictor and deletes only its own keys (no lock on another shard's data),
 * but compares the <em>server's</em> used memory with maxmemory. The budget is not split: a shard
 * whose keys are hotter or bigger may hold more than its share, and the shard whose command pushes
 * the total over is the one that frees room, from its own coldest keys. Dragonfly's alternative,
 * maxmemory / shards per shard, needs no sum but evicts from a shard under a skewed load while
 * another sits half empty. What this costs: the victim is the coldest key of one shard, not of the
 * server; and a shard with nothing evictable answers -OOM even if another has keys to spare, until
 * that shard's cron frees them.
 */
public final class Evictor implements MemoryGuard {

    /** performEvictions checks the time budget once per this many keys freed. */
    static final int KEYS_PER_TIME_CHECK = 16;
    /**
     * Below maxmemory less 1/2^this of it, the bucket arrays are not recounted before a command
     * (the cron recounts them hz times a second): the common case costs a few reads.
     */
    static final int OVERHEAD_RECOUNT_SHIFT = 4;

    private final Keyspace keyspace;
    private final MemoryLimits limits;
    private final MemoryAccounting memory;
    private final Clock clock;
    private final RandomGenerator random;
    private final EvictionPool pool = new EvictionPool();
    /** evict.c's static next_db: the random policies take their databases in turn. */
    private int nextDb;
    /** The keyspace's own LRU clock, and the LFU clock that replaces it under an LFU policy. */
    private final EntryClock lru;
    private final LfuClock lfu;

    private Evictor(Keyspace keyspace, MemoryLimits limits, MemoryAccounting memory, Clock clock) {
        this.keyspace = keyspace;
        this.limits = limits;
        this.memory = memory;
        this.clock = clock;
        this.random = keyspace.random();
        this.lru = keyspace.entryClock();
        this.lfu = new LfuClock(clock, random, limits);
    }

    /**
     * Puts {@code keyspace} under {@code limits}: its memory counted in {@code memory}, an evictor as
     * its guard, and the entry clock the policy needs. On the keyspace's own thread.
     */
    public static Evictor install(Keyspace keyspace, MemoryLimits limits, MemoryAccounting memory, Clock clock) {
        Evictor evictor = new Evictor(keyspace, limits, memory, clock);
        memory.add(keyspace);
        keyspace.memoryGuard(evictor);
        evictor.followPolicy();
        return evictor;
    }

    /**
     * The keyspace's share of serverCron: its tables recounted, and eviction if a write elsewhere,
     * a lowered maxmemory or an eviction cut short left memory over the limit.
     */
    public void cron() {
        memory.refreshOverhead(keyspace);
        memory.peak(); // serverCron's stat_peak_memory sample
        makeRoom();
    }

    /**
     * Switches the entry clock when CONFIG SET moved the policy between LRU and LFU. Done here, on the
     * keyspace's thread before each command, so no other thread ever writes the keyspace. Existing
     * keys keep the bits the other clock wrote, and read oddly for a while, as in Redis.
     */
    private void followPolicy() {
        boolean wantLfu = limits.policy().lfu();
        if (wantLfu != keyspace.entryClock().countsFrequency()) {
            keyspace.entryClock(wantLfu ? lfu : lru);
        }
    }

    /** performEvictions' results (evict.c): under the limit, still freeing (time budget spent), cannot free. */
    private static final int EVICT_OK = 0;
    private static final int EVICT_RUNNING = 1;
    private static final int EVICT_FAIL = 2;

    @Override
    public boolean makeRoom() {
        int result = performEvictions();
        KeyspaceStats stats = keyspace.stats();
        if (result == EVICT_OK) {
            if (stats.evictionExceededSince >= 0) { // the one extra read on the common path
                stats.evictionExceededNanos += clock.nanoTime() - stats.evictionExceededSince;
                stats.evictionExceededSince = -1;
            }
        } else if (stats.evictionExceededSince < 0) {
            stats.evictionExceededSince = clock.nanoTime();
        }
        return result != EVICT_FAIL;
    }

    /**
     * performEvictions, down to the result evict.c's update_metrics reads: INFO's
     * total_eviction_exceeded_time counts the time from a RUNNING or FAIL to the next OK.
     */
    private int performEvictions() {
        followPolicy();
        long max = limits.effectiveMaxmemory();
        if (max == 0) {
            return EVICT_OK;
        }
        long used = memory.used();
        if (used <= max - (max >>> OVERHEAD_RECOUNT_SHIFT)) {
            return EVICT_OK; // well under, even if a table grew since it was last counted
        }
        // Near the limit: this shard's tables may have grown with its last command. Sixteen O(1)
        // reads, paid only here, so the comparison is exact where it matters.
        memory.refreshOverhead(keyspace);
        used = memory.used();
        if (used <= max) {
            return EVICT_OK;
        }
        EvictionPolicy policy = limits.maxmemory() == 0 ? EvictionPolicy.NOEVICTION : limits.policy();
        if (policy == EvictionPolicy.NOEVICTION) {
            return EVICT_FAIL;
        }
        long started = clock.nanoTime();
        long limitNanos = limits.evictionTimeLimitMicros();
        limitNanos = limitNanos > Long.MAX_VALUE / 1000 ? Long.MAX_VALUE : limitNanos * 1000;
        int evicted = 0;
        while (used > max) {
            long toFree = used - max;
            long freed = 0;
            while (freed < toFree) {
                Entry victim = policy.victim() == EvictionPolicy.Victim.RANDOM ? randomVictim(policy) : pooledVictim(policy);
                if (victim == null) {
                    memory.refreshOverhead(keyspace);
                    return memory.used() <= max ? EVICT_OK : EVICT_FAIL; // nothing left to evict (cant_free)
                }
                long before = keyspace.usedBytes();
                victimDb.evict(victim);
                victimDb = null;
                freed += before - keyspace.usedBytes();
                evicted++;
                if (evicted % KEYS_PER_TIME_CHECK == 0 && clock.nanoTime() - started > limitNanos) {
                    return EVICT_RUNNING; // the command may go on; the cron frees the rest
                }
            }
            // the tables shrink as keys go (or a volatile list): count them again before deciding
            memory.refreshOverhead(keyspace);
            used = memory.used();
        }
        return EVICT_OK;
    }

    /** The database of the victim the last *Victim call chose. */
    private Db victimDb;

    /** The random policies: a random key of the next database that has candidates. */
    private Entry randomVictim(EvictionPolicy policy) {
        int dbs = keyspace.databases().count();
        for (int i = 0; i < dbs; i++) {
            nextDb = (nextDb + 1) % dbs;
            Db db = keyspace.db(nextDb);
            Entry e = policy.allKeys() ? db.sample(random) : db.sampleVolatile(random);
            if (e != null) {
                victimDb = db;
                return e;
            }
        }
        return null;
    }

    /** LRU, LFU, TTL: fill the pool from every database, then take its best live entry. */
    private Entry pooledVictim(EvictionPolicy policy) {
        while (true) {
            long total = 0;
            for (int i = 0; i < keyspace.databases().count(); i++) {
                Db db = keyspace.db(i);
                long keys = policy.allKeys() ? db.size() : db.expires();
                if (keys > 0) {
                    populate(policy, db, i);
                    total += keys;
                }
            }
            if (total == 0) {
                return null;
            }
            for (int k = pool.best(); k >= 0; k = pool.best()) {
                Entry e = pool.entry(k);
                Db db = keyspace.db(pool.db(k));
                pool.clear(k);
                if (db.peek(e.key) == e && (policy.allKeys() || e.expireAt() >= 0)) {
                    victimDb = db;
                    return e;
                }
                // a ghost: deleted, overwritten or moved since it was sampled
            }
        }
    }

    /** evictionPoolPopulate: maxmemory-samples keys of {@code db} offered to the pool. */
    private void populate(EvictionPolicy policy, Db db, int index) {
        int samples = limits.samples();
        for (int j = 0; j < samples; j++) {
            Entry e = policy.allKeys() ? db.sample(random) : db.sampleVolatile(random);
            if (e == null) {
                return;
            }
            pool.offer(e, index, score(policy, e));
        }
    }

    /** The pool's "idle" score: bigger is a better victim. */
    private long score(EvictionPolicy policy, Entry e) {
        return switch (policy.victim()) {
            case LRU -> idleMillis(keyspace.lruClock(), e.lru());
            case LFU -> LfuClock.LFU_COUNTER_MAX - lfu.frequency(e.lru());
            case TTL -> -1L - e.expireAt(); // ULLONG_MAX - expire, read unsigned
            default -> 0;
        };
    }

    /** evict.c estimateObjectIdleTime (milliseconds), on the 24-bit LRU clock that wraps. */
    static long idleMillis(int lruClock, int lru) {
        long ticks = lruClock >= lru ? lruClock - lru : lruClock + ((long) Keyspace.LRU_CLOCK_MAX - lru);
        return ticks * Keyspace.LRU_CLOCK_RESOLUTION;
    }
}
