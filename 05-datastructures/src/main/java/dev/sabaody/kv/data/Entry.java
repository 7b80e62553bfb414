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

    /** server.h LRU_BITS: the eviction clock's width (bits). */
    static final int LRU_BITS = 24;
    private static final int LRU_MASK = (1 << LRU_BITS) - 1;
    /** The top bit: which snapshot parity the entry was last written in ({@link Keyspace#beginSnapshot}). */
    private static final int PARITY_BIT = 1 << 31;
    private static final int ORIGIN_MASK = ~(LRU_MASK | PARITY_BIT);
    private static final StringOrigin[] ORIGINS = StringOrigin.values();

    /** The value: {@code byte[]} (string) or a {@link RedisValue}. */
    public Object value;
    /**
     * Two fields in one int, as Redis packs its robj (type 4 bits, encoding 4, lru 24): the low 24
     * bits are module 06's eviction clock, Redis's robj.lru (the LRU time in seconds,
     * {@link Keyspace#lruClock}, or under LFU 16 bits of minutes and an 8-bit log counter); the bits
     * above are the {@link StringOrigin} of a string value. A field of its own would round every
     * entry up from 24 bytes to 32.
     */
    private int lruAndOrigin;

    public Entry(byte[] key, Object value) {
        super(key);
        this.value = value;
    }

    /** The eviction clock (24 bits). */
    public int lru() {
        return lruAndOrigin & LRU_MASK;
    }

    /** Sets the eviction clock to {@code lruClock}, keeping the origin. */
    public void touch(int lruClock) {
        lruAndOrigin = (lruAndOrigin & ~LRU_MASK) | (lruClock & LRU_MASK);
    }

    /** How the string value was made; {@link StringOrigin#ARGUMENT} for any other type. */
    public StringOrigin origin() {
        return ORIGINS[(lruAndOrigin & ORIGIN_MASK) >>> LRU_BITS];
    }

    /** Records how the string value was made (whoever writes a string value says which). */
    public void origin(StringOrigin origin) {
        lruAndOrigin = (lruAndOrigin & ~ORIGIN_MASK) | (origin.ordinal() << LRU_BITS);
    }

    /**
     * The parity of the last snapshot that wrote this entry, or that began before it was made: a
     * snapshot in progress with the other parity has yet to write it (module 06's forkless save).
     */
    public boolean snapshotParity() {
        return lruAndOrigin < 0;
    }

    /** Records that the snapshot of parity {@code parity} has written this entry, or need not. */
    public void snapshotParity(boolean parity) {
        lruAndOrigin = parity ? lruAndOrigin | PARITY_BIT : lruAndOrigin & ~PARITY_BIT;
    }

    /**
     * Takes over the clock and the origin of {@code from}: the same Redis object under another key
     * (RENAME, MOVE) or in an entry of the other class (a TTL set or removed).
     */
    public void inherit(Entry from) {
        lruAndOrigin = from.lruAndOrigin;
    }

    /** Absolute expiry time in Unix milliseconds, or -1 when the key has no TTL. */
    public long expireAt() {
        return -1;
    }
}
