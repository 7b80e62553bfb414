package dev.sabaody.kv.server.pubsub;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The invalidations one thread (a shard's loop, or the coordinator) has found and not yet sent.
 *
 * <p>Redis sends an invalidation the moment a key changes, except to the client whose command is
 * running: that one is held until the command's reply is written (tracking_pending_keys), and
 * broadcast ones wait for the end of the event loop's turn (beforeSleep). Here the thread that
 * changes a key does not know which client's command it runs, so it holds every invalidation until
 * the command ends ({@link Tracking#executed}), when it does; a change made outside any command
 * (expiry, eviction) is sent by a task queued on the loop. Broadcast keys wait for that task, the
 * end of the loop's turn, and so arrive grouped as Redis groups them.
 */
final class PendingInvalidations {

    /** The shard whose loop this is, or -1 for the coordinator. */
    final int shard;
    /** A task is queued to send what is pending (loops only). */
    boolean scheduled;
    /** Keys changed (or null: a flush), each with the clients to tell, in the order found. */
    final List<byte[]> keys = new ArrayList<>();
    final List<Collection<Long>> clients = new ArrayList<>();
    /**
     * BCAST: prefix → keys changed under it → the id of the client whose command changed it last
     * (NOLOOP leaves those out), {@link #UNKNOWN} until the command ends and says whose it was.
     * Sorted as Redis's radix trees are, by unsigned bytes.
     */
    final TreeMap<byte[], TreeMap<byte[], long[]>> broadcast = new TreeMap<>(Arrays::compareUnsigned);

    /** No client changed the key, or not yet known. */
    static final long UNKNOWN = -1;

    PendingInvalidations(int shard) {
        this.shard = shard;
    }

    void add(byte[] key, Collection<Long> ids) {
        keys.add(key);
        clients.add(ids);
    }

    void broadcast(byte[] prefix, byte[] key) {
        broadcast.computeIfAbsent(prefix, p -> new TreeMap<>(Arrays::compareUnsigned)).put(key, new long[] {UNKNOWN});
    }

    /** The command of client {@code id} has ended: the broadcast keys it changed are its own. */
    void stamp(long id) {
        for (TreeMap<byte[], long[]> changed : broadcast.values()) {
            for (long[] writer : changed.values()) {
                if (writer[0] == UNKNOWN) {
                    writer[0] = id;
                }
            }
        }
    }

    boolean isEmpty() {
        return keys.isEmpty() && broadcast.isEmpty();
    }

    /** The keys of one prefix, without those {@code noloop} changed last (-2: none left out); null if none remain. */
    static List<byte[]> keysFor(Map<byte[], long[]> changed, long noloop) {
        List<byte[]> out = new ArrayList<>(changed.size());
        for (Map.Entry<byte[], long[]> e : changed.entrySet()) {
            if (e.getValue()[0] != noloop) {
                out.add(e.getKey());
            }
        }
        return out.isEmpty() ? null : out;
    }
}
