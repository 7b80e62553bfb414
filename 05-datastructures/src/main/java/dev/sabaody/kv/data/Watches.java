package dev.sabaody.kv.data;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.nio.ByteBuffer;

/**
 * Who WATCHes which key (multi.c): for each watched (database, key), the clients watching it; for
 * each client, its keys. A write to a watched key marks its watchers dirty, and their next EXEC
 * fails.
 *
 * <p>One instance serves every database of a server, and in final-server every shard: a client's
 * watched keys may live on several shards, and EXEC must see them all. So it is thread-safe, with a
 * lock that only WATCH, UNWATCH and writes to watched keys take. The common case, a write while
 * nobody watches anything, reads one volatile field ({@link #any}) and returns.
 */
public final class Watches {

    private record Key(int db, ByteBuffer key) {
    }

    /** What one client watches, and whether one of those keys has changed since. */
    private static final class ClientWatch {
        final List<Key> keys = new ArrayList<>();
        /** Keys that did not exist or were already expired when watched: their expiry is no change. */
        final Set<Key> expiredWhenWatched = new HashSet<>();
        volatile boolean dirty;
    }

    /**
     * Who else hears of every change to a key: Redis's signalModifiedKey tells WATCH and client-side
     * caching (trackingInvalidateKey) in one breath, and so does {@link #touch}. final-server plugs
     * its tracking engine in here; elsewhere nobody listens.
     */
    public interface KeyChanges {
        /** {@code key} of database {@code db} changed, on the thread that changed it. */
        void changed(int db, byte[] key);

        /** Database {@code db} was emptied, or every database ({@code db} -1): FLUSHDB, FLUSHALL. */
        void flushed(int db);
    }

    /** Set once, before any shard runs (so a plain field): the tracking engine, or null. */
    private KeyChanges changes;

    private final Map<Key, Set<Long>> watchers = new HashMap<>();
    private final Map<Long, ClientWatch> clients = new HashMap<>();
    private volatile int watchedKeys;

    /** Plugs in who else hears of changes (before any shard runs). */
    public void setChanges(KeyChanges listener) {
        changes = listener;
    }

    /**
     * A flush command emptied database {@code db}, or all of them (-1): once per command, after its
     * keys are gone (signalFlushedDb's trackingInvalidateKeysOnFlush). The watchers were told key by key.
     */
    public void flushed(int db) {
        KeyChanges c = changes;
        if (c != null) {
            c.flushed(db);
        }
    }

    /** Whether any key is watched at all. */
    public boolean any() {
        return watchedKeys != 0;
    }

    /**
     * Client {@code clientId} watches {@code key} of database {@code db}; {@code expired} says whether
     * the key is already past its time (then its deletion by expiry will not fail the transaction).
     */
    public synchronized void watch(long clientId, int db, byte[] key, boolean expired) {
        Key k = new Key(db, ByteBuffer.wrap(key.clone()));
        ClientWatch cw = clients.computeIfAbsent(clientId, id -> new ClientWatch());
        if (cw.keys.contains(k)) {
            return;
        }
        cw.keys.add(k);
        if (expired) {
            cw.expiredWhenWatched.add(k);
        }
        watchers.computeIfAbsent(k, x -> new HashSet<>()).add(clientId);
        watchedKeys = watchers.size();
    }

    /** Forgets every key {@code clientId} watches (UNWATCH, EXEC, DISCARD, disconnect). */
    public synchronized void unwatchAll(long clientId) {
        ClientWatch cw = clients.remove(clientId);
        if (cw == null) {
            return;
        }
        for (Key k : cw.keys) {
            Set<Long> ids = watchers.get(k);
            if (ids != null) {
                ids.remove(clientId);
                if (ids.isEmpty()) {
                    watchers.remove(k);
                }
            }
        }
        watchedKeys = watchers.size();
    }

    /**
     * A key changed (touchWatchedKey): every client watching it is dirty, except one that watched it
     * when it was already past its time. For that client the key was already logically gone, and the
     * first touch after WATCH is the expired key's deletion (any command reaching such a key deletes
     * it first: lookups expire lazily, FLUSHDB drops it), which changes nothing it could observe; the
     * flag is cleared and a later write does make it dirty. Redis 7.0's multi.c does the same
     * ("Already expired key is deleted, so logically no change").
     */
    public void touch(int db, byte[] key) {
        KeyChanges c = changes;
        if (c != null) {
            c.changed(db, key);
        }
        if (watchedKeys == 0) {
            return;
        }
        synchronized (this) {
            Key k = new Key(db, ByteBuffer.wrap(key));
            Set<Long> ids = watchers.get(k);
            if (ids != null) {
                for (long id : ids) {
                    dirty(clients.get(id), k);
                }
            }
        }
    }

    /**
     * Every client watching a key of database {@code db} that {@code existed} is dirty (FLUSHALL,
     * SWAPDB of non-empty dbs), with {@link #touch}'s exception for keys watched when already expired.
     */
    public synchronized void touchDb(int db, java.util.function.Predicate<byte[]> existed) {
        for (Map.Entry<Key, Set<Long>> e : watchers.entrySet()) {
            if (e.getKey().db() == db && existed.test(e.getKey().key().array())) {
                for (long id : e.getValue()) {
                    dirty(clients.get(id), e.getKey());
                }
            }
        }
    }

    private static void dirty(ClientWatch cw, Key k) {
        if (!cw.expiredWhenWatched.remove(k)) {
            cw.dirty = true;
        }
    }

    /** Whether {@code clientId} watches anything. */
    public synchronized boolean watching(long clientId) {
        return clients.containsKey(clientId);
    }

    /**
     * Whether EXEC must fail for {@code clientId}: a watched key was written, or has expired since it
     * was watched ({@code isExpired} answers for a (db, key), isWatchedKeyExpired in multi.c).
     */
    public synchronized boolean failsExec(long clientId, java.util.function.BiPredicate<Integer, byte[]> isExpired) {
        ClientWatch cw = clients.get(clientId);
        if (cw == null) {
            return false;
        }
        if (cw.dirty) {
            return true;
        }
        for (Key k : cw.keys) {
            if (!cw.expiredWhenWatched.contains(k) && isExpired.test(k.db(), k.key().array())) {
                return true;
            }
        }
        return false;
    }
}
