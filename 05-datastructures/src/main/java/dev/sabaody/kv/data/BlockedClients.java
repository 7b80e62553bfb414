package dev.sabaody.kv.data;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Clients blocked on keys (BLPOP, BLMOVE, BZPOPMIN, ...) of one keyspace, in arrival order per key
 * (blocked.c). A blocked client costs its event loop nothing: it is an entry in these queues and a
 * timer, and its connection simply is not read until it is served.
 *
 * <h2>How a client is served</h2>
 * When a write creates a key that clients wait on ({@link Db#add} of a list or sorted set), the key
 * is marked ready. After the command that did it (or the whole EXEC) the server calls
 * {@link #serveReady}: for each ready key, the waiters are tried in arrival order; each
 * {@link Waiter} runs its command again, and is done if the command now answers, or stays in place
 * if it would block again. Trying stops when the key is gone (the first waiters emptied it).
 */
public final class BlockedClients {

    /** One blocked command, as the runner that blocked it knows how to retry and answer it. */
    public interface Waiter {
        /** Runs the command again, on this keyspace's thread, and says what became of it. */
        Retry retry();

        /** Whether its wait ends by a timeout (INFO's clients_in_timeout_table counts those). */
        default boolean timed() {
            return false;
        }
    }

    /** What a {@link Waiter#retry} did. */
    public enum Retry {
        /** It answered: the waiter is removed from every key. */
        SERVED,
        /** It would block again: it keeps its place, and the next waiter is tried. */
        BLOCKED,
        /**
         * It must first ask another thread (final-server: whether its client is still connected):
         * nobody behind it is served from this key until it signals the key again, so the arrival
         * order holds.
         */
        PENDING
    }

    private record Key(int db, ByteBuffer key) {
    }

    private final Map<Key, ArrayDeque<Waiter>> waiting = new HashMap<>();
    private final Map<Waiter, List<Key>> keysOf = new HashMap<>();
    private final LinkedHashSet<Key> ready = new LinkedHashSet<>();
    /**
     * Ready keys that were deleted or overwritten rather than created: their waiters are retried even
     * though the key is gone, so that a blocked XREADGROUP can answer that its stream no longer
     * exists (7.0's unblockDeletedStreamReadgroupClients). Every other waiter blocks again.
     */
    private final java.util.HashSet<Key> deleted = new java.util.HashSet<>();
    /** The key whose waiters are being retried now, or null: what a retried command serves from. */
    private Key serving;

    public boolean isEmpty() {
        return waiting.isEmpty();
    }

    /** Blocks {@code waiter} on {@code keys} of database {@code db}. */
    public void block(Waiter waiter, int db, List<byte[]> keys) {
        List<Key> ks = new ArrayList<>();
        for (byte[] key : keys) {
            Key k = new Key(db, ByteBuffer.wrap(key));
            if (ks.contains(k)) {
                continue;
            }
            ks.add(k);
            waiting.computeIfAbsent(k, x -> new ArrayDeque<>()).addLast(waiter);
        }
        keysOf.put(waiter, ks);
    }

    /** Removes {@code waiter} from every key (timed out, disconnected, or served). */
    public void unblock(Waiter waiter) {
        List<Key> ks = keysOf.remove(waiter);
        if (ks == null) {
            return;
        }
        for (Key k : ks) {
            ArrayDeque<Waiter> q = waiting.get(k);
            if (q != null) {
                q.remove(waiter);
                if (q.isEmpty()) {
                    waiting.remove(k);
                }
            }
        }
    }

    /** The blocked commands (INFO's blocked_clients; final-server counts one waiting on several shards once). */
    public java.util.Set<Waiter> waiterSet() {
        return java.util.Collections.unmodifiableSet(keysOf.keySet());
    }

    public boolean isBlocked(Waiter waiter) {
        return keysOf.containsKey(waiter);
    }

    /**
     * While a waiter is retried because a key became ready: that key (of database {@code db}), so the
     * command serves from it as Redis 7.0 does (serveClientsBlockedOnListKey looks at the ready key
     * only), not from the first of its keys. Null at any other time.
     */
    public byte[] servingKey(int db) {
        return serving != null && serving.db() == db ? serving.key().array() : null;
    }

    /** A key was created that someone may wait on (signalKeyAsReady). */
    void signalReady(int db, byte[] key) {
        if (waiting.isEmpty()) {
            return;
        }
        Key k = new Key(db, ByteBuffer.wrap(key));
        if (waiting.containsKey(k)) {
            ready.add(new Key(db, ByteBuffer.wrap(key.clone())));
        }
    }

    /**
     * A key that someone may wait on was deleted or overwritten with another value
     * (signalDeletedKeyAsReady): its waiters are retried even if the key is gone.
     */
    void signalDeleted(int db, byte[] key) {
        if (waiting.isEmpty()) {
            return;
        }
        Key k = new Key(db, ByteBuffer.wrap(key));
        if (waiting.containsKey(k)) {
            Key copy = new Key(db, ByteBuffer.wrap(key.clone()));
            ready.add(copy);
            deleted.add(copy);
        }
    }

    /**
     * Database {@code db} is about to be emptied (FLUSHDB, FLUSHALL): each key waited on that holds a
     * value other than a string is deleted, as {@link #signalDeleted} says. Only the waited-on keys are
     * looked at, not the whole database.
     */
    void signalFlushed(Db db) {
        for (Key k : waiting.keySet()) {
            if (k.db() != db.index()) {
                continue;
            }
            Entry e = db.peek(k.key().array());
            if (e != null && !(e.value instanceof byte[]) && !(e.value instanceof GrowingString)) {
                ready.add(k);
                deleted.add(k);
            }
        }
    }

    /** Whether a key became ready since the last {@link #serveReady}. */
    public boolean hasReady() {
        return !ready.isEmpty();
    }

    /** Every database's keys that clients wait on, for SWAPDB (scanDatabaseForReadyKeys). */
    void signalAllWaitedOn(Keyspace keyspace) {
        for (Key k : waiting.keySet()) {
            if (keyspace.db(k.db()).lookupNoTouch(k.key().array()) != null) {
                ready.add(k);
            }
        }
    }

    /**
     * Serves the waiters of every ready key, in arrival order (handleClientsBlockedOnKeys). Serving
     * may make more keys ready (BLMOVE pushes to its destination): they are served in the same call.
     */
    public void serveReady(Keyspace keyspace) {
        while (!ready.isEmpty()) {
            Key k = ready.removeFirst();
            boolean wasDeleted = deleted.remove(k);
            Db db = keyspace.db(k.db());
            ArrayDeque<Waiter> q = waiting.get(k);
            if (q == null) {
                continue;
            }
            for (Waiter w : new ArrayList<>(q)) {
                if (!wasDeleted && db.lookupNoTouch(k.key().array()) == null) {
                    break;
                }
                if (!keysOf.containsKey(w)) {
                    continue;
                }
                Retry retry;
                serving = k;
                try {
                    retry = w.retry();
                } finally {
                    serving = null;
                }
                if (retry == Retry.SERVED) {
                    unblock(w);
                } else if (retry == Retry.PENDING) {
                    break;
                }
            }
        }
    }
}
