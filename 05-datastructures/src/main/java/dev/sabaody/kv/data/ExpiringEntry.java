package dev.sabaody.kv.data;

/**
 * A key with a time to live: an {@link Entry} plus the absolute expiry time and the entry's index in
 * its database's dense list of volatile keys ({@link Db}), which makes adding, removing and sampling
 * a random volatile key O(1) for the active expiry cycle.
 */
final class ExpiringEntry extends Entry {

    /** Unix milliseconds at which the key stops existing. */
    long expireAt;
    /** Index in {@code Db.volatiles}. */
    int slot;

    ExpiringEntry(Entry plain, long expireAt) {
        super(plain.key, plain.value);
        inherit(plain);
        this.expireAt = expireAt;
    }

    @Override
    public long expireAt() {
        return expireAt;
    }
}
