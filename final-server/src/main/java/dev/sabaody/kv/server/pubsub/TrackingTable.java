package dev.sabaody.kv.server.pubsub;

import dev.sabaody.kv.resp.Bytes;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * One shard's part of Redis's TrackingTable (tracking.c): for each key this shard owns that a
 * tracking client has read, the ids of those clients. Touched by the shard's thread, or by the
 * coordinator while the shard is parked, like the keys themselves; INFO reads its two counts from
 * any thread.
 *
 * <p>As in Redis, an entry is dropped as soon as its key changes (the clients are told once; they
 * read the key again if they still care), and the ids of a client that stopped tracking are left in
 * place and skipped when the key changes, rather than looked for in every key at CLIENT TRACKING off.
 */
final class TrackingTable {

    private final Map<Bytes, Set<Long>> clientsByKey = new HashMap<>();
    /** tracking_total_keys's share: keys in this table. */
    private volatile int keys;
    /** tracking_total_items's share: (key, client) pairs. */
    private volatile long items;

    /** Client {@code id} read {@code key} (trackingRememberKeys). */
    void remember(byte[] key, long id) {
        Set<Long> ids = clientsByKey.get(Bytes.wrap(key));
        if (ids == null) {
            ids = new HashSet<>(4);
            clientsByKey.put(Bytes.wrap(key), ids);
            keys = clientsByKey.size();
        }
        if (ids.add(id)) {
            items++;
        }
    }

    /** The clients that read {@code key}, now forgotten (the key changed); null when none. */
    Set<Long> take(byte[] key) {
        if (clientsByKey.isEmpty()) {
            return null;
        }
        Set<Long> ids = clientsByKey.remove(Bytes.wrap(key));
        if (ids != null) {
            forgot(ids);
        }
        return ids;
    }

    /** Forgets some key (trackingLimitUsedSlots' random walk: the first the map gives); null when empty. */
    Map.Entry<Bytes, Set<Long>> evictOne() {
        Iterator<Map.Entry<Bytes, Set<Long>>> it = clientsByKey.entrySet().iterator();
        if (!it.hasNext()) {
            return null;
        }
        Map.Entry<Bytes, Set<Long>> e = it.next();
        it.remove();
        forgot(e.getValue());
        return e;
    }

    private void forgot(Set<Long> ids) {
        items -= ids.size();
        keys = clientsByKey.size();
    }

    /** FLUSHDB, FLUSHALL: every key is forgotten (the clients get one null invalidation instead). */
    void clear() {
        clientsByKey.clear();
        keys = 0;
        items = 0;
    }

    int keys() {
        return keys;
    }

    long items() {
        return items;
    }
}
