package dev.sabaody.kv.data;

/**
 * One key of the keyspace: the key, its value, and the eviction clock, in one object of 24 bytes
 * (compact object headers, compressed references): header 8, key 4, next 4, value 4, lru 4.
 *
 * <p>A key with a time to live is an {@link ExpiringEntry} instead, which adds the expiry time and
 * its place in the database's list of volatile keys. Most keys of a cache have no TTL, or all have
 * one: either way no key pays for a field it does not use. {@link Db} swaps the class when a TTL is
 * set or removed, keeping the node's place in its bucket.
 *
 * <p>{@link #value} is a {@code byte[]} for a string, or a {@link RedisValue} for every other type.
 */
public class Entry extends DictNode {

    /** The value: {@code byte[]} (string) or a {@link RedisValue}. */
    public Object value;
    /**
     * Module 06's eviction clock, 24 bits as Redis's robj.lru: the LRU time in seconds
     * ({@link Keyspace#lruClock}), or under LFU 16 bits of minutes and an 8-bit log counter.
     */
    public int lru;

    public Entry(byte[] key, Object value) {
        super(key);
        this.value = value;
    }

    /** Absolute expiry time in Unix milliseconds, or -1 when the key has no TTL. */
    public long expireAt() {
        return -1;
    }
}
