package dev.sabaody.kv.memory;

import java.util.Locale;

/**
 * maxmemory-policy: which keys may go when memory is over the limit, and how the victim is chosen
 * (server.h MAXMEMORY_FLAG_LRU / LFU / ALLKEYS and the eight MAXMEMORY_* policies).
 *
 * <ul>
 *   <li>{@code allkeys-*} picks among every key, {@code volatile-*} only among keys with a TTL: a
 *       cache that holds data it must keep gives those no TTL and a volatile policy.
 *   <li>{@code *-lru}: the key idle longest; {@code *-lfu}: the key least often used lately;
 *       {@code *-random}: any; {@code volatile-ttl}: the key closest to expiring.
 *   <li>{@code noeviction}: nothing goes; writes are refused with -OOM instead.
 * </ul>
 */
public enum EvictionPolicy {
    VOLATILE_LRU(false, Victim.LRU),
    VOLATILE_LFU(false, Victim.LFU),
    VOLATILE_RANDOM(false, Victim.RANDOM),
    VOLATILE_TTL(false, Victim.TTL),
    ALLKEYS_LRU(true, Victim.LRU),
    ALLKEYS_LFU(true, Victim.LFU),
    ALLKEYS_RANDOM(true, Victim.RANDOM),
    NOEVICTION(false, Victim.NONE);

    /** How a policy ranks keys. */
    public enum Victim { LRU, LFU, RANDOM, TTL, NONE }

    private final boolean allKeys;
    private final Victim victim;

    EvictionPolicy(boolean allKeys, Victim victim) {
        this.allKeys = allKeys;
        this.victim = victim;
    }

    /** MAXMEMORY_FLAG_ALLKEYS: every key is a candidate, not only those with a TTL. */
    public boolean allKeys() {
        return allKeys;
    }

    public Victim victim() {
        return victim;
    }

    /** MAXMEMORY_FLAG_LFU: entry clocks hold access counters. */
    public boolean lfu() {
        return victim == Victim.LFU;
    }

    /** The name redis.conf and CONFIG use ("allkeys-lru"). */
    public String configName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The policy named {@code name} as redis.conf spells it. */
    public static EvictionPolicy of(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT).replace('-', '_'));
    }
}
