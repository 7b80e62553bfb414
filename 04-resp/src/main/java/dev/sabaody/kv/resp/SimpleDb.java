package dev.sabaody.kv.resp;

import java.util.HashMap;

/**
 * Module 04's database: string keys to string values and nothing else, just enough for SET, GET,
 * DEL and EXISTS to show the protocol working. Module 05 replaces it with a real keyspace (its own
 * hash table, expiry, every data type).
 *
 * <p>Not thread-safe, and it needs not be: module 04's server runs one event loop, so one thread
 * touches it. (final-server keeps that property with several threads by giving each its own shard.)
 * A lookup copies the key out of the input buffer to build a {@link Bytes}; 05's table hashes the
 * slice in place.
 */
public final class SimpleDb {

    private final HashMap<Bytes, byte[]> map = new HashMap<>();

    public byte[] get(Bytes key) {
        return map.get(key);
    }

    public void set(Bytes key, byte[] value) {
        map.put(key, value);
    }

    public boolean delete(Bytes key) {
        return map.remove(key) != null;
    }

    public boolean exists(Bytes key) {
        return map.containsKey(key);
    }

    public int size() {
        return map.size();
    }
}
