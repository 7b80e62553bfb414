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
     * Redis's server.dirty: changes to the keyspace, one per key a command changed (signalModifiedKey)
     * and one per key a flush removed. A save records the figure it began at; INFO
     * rdb_changes_since_last_save and the save points read the difference.
     */
    public long dirty;
}
