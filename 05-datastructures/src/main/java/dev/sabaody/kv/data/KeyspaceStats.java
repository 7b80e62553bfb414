package dev.sabaody.kv.data;

/** Counters INFO reports (its "stats" section); written only by the keyspace's own thread. */
public final class KeyspaceStats {

    /** INFO keyspace_hits: read lookups that found the key. */
    public long keyspaceHits;
    /** INFO keyspace_misses. */
    public long keyspaceMisses;
    /** INFO expired_keys: keys deleted because their time had come, lazily or by the cycle. */
    public long expiredKeys;
    /** INFO expired_stale_perc's input: the share of expired keys the last cycle saw, in percent. */
    public double expiredStalePercent;
    /** INFO expired_time_cap_reached_count: cycles that stopped on their time budget. */
    public long expiredTimeCapReached;
    /** INFO evicted_keys: keys deleted to stay under maxmemory (module 06). */
    public long evictedKeys;
    /**
     * Redis's server.dirty: changes to the keyspace as Redis counts them, one per key a command
     * changed by default, per element where Redis counts elements ({@link Db#countChanges}), one per
     * key a flush removed, none for expired or evicted keys. A save records the figure it began at;
     * INFO rdb_changes_since_last_save and the save points read the difference.
     */
    public long dirty;
    /**
     * INFO total_eviction_exceeded_time's input: nanoseconds memory stayed over maxmemory with the
     * evictor unable to bring it under at once, ended spells only; {@link #evictionExceededSince}
     * is when the current spell began (clock nanos), -1 when none is under way.
     */
    public long evictionExceededNanos;
    public long evictionExceededSince = -1;

    /** total_eviction_exceeded_time at {@code nowNanos}: the ended spells and the current one. */
    public long evictionExceededNanos(long nowNanos) {
        return evictionExceededNanos + currentEvictionExceededNanos(nowNanos);
    }

    /** current_eviction_exceeded_time at {@code nowNanos}. */
    public long currentEvictionExceededNanos(long nowNanos) {
        return evictionExceededSince < 0 ? 0 : nowNanos - evictionExceededSince;
    }

    /** INFO expire_cycle_cpu_milliseconds' input: the time the active expiry cycles took, nanoseconds. */
    public long expireCycleNanos;
    /**
     * INFO keyspace's avg_ttl of each database, milliseconds: the expiry cycle's running estimate
     * (0 while a database has no key with a TTL); indexed by database, grown as the cycle meets them.
     */
    public long[] avgTtl = new long[0];

    /** avg_ttl of database {@code db}. */
    public long avgTtl(int db) {
        return db < avgTtl.length ? avgTtl[db] : 0;
    }
}
