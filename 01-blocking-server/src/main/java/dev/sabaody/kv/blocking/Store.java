package dev.sabaody.kv.blocking;

import java.util.concurrent.ConcurrentHashMap;

/**
 * The keyspace of the first steps: a thread-safe map from key to value.
 *
 * <p>With one thread per connection, many threads touch the map at once, so it must be safe for
 * concurrent use. {@link ConcurrentHashMap} gives that without one global lock: readers never block
 * and writers lock only one bin. A {@code synchronized HashMap} would also be correct, but would
 * serialise every request of every client behind one monitor, which is exactly the contention the
 * later, shared-nothing design removes. Module 05 replaces this map with a hash table of our own.
 */
public final class Store {

    /** Key to value. Values are text because the line protocol is text. */
    private final ConcurrentHashMap<String, String> map = new ConcurrentHashMap<>();

    public void set(String key, String value) {
        map.put(key, value);
    }

    /** Returns the value, or {@code null} when the key is absent. */
    public String get(String key) {
        return map.get(key);
    }

    /** Removes the key; returns whether it was there. */
    public boolean delete(String key) {
        return map.remove(key) != null;
    }

    public boolean exists(String key) {
        return map.containsKey(key);
    }

    public int size() {
        return map.size();
    }
}
