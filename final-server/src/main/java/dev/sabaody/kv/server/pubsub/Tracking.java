package dev.sabaody.kv.server.pubsub;

import static dev.sabaody.kv.resp.Client.TRACKING_BCAST;
import static dev.sabaody.kv.resp.Client.TRACKING_CACHING;
import static dev.sabaody.kv.resp.Client.TRACKING_NOLOOP;
import static dev.sabaody.kv.resp.Client.TRACKING_ON;
import static dev.sabaody.kv.resp.Client.TRACKING_OPTIN;
import static dev.sabaody.kv.resp.Client.TRACKING_OPTOUT;

import dev.sabaody.kv.data.KeyHash;
import dev.sabaody.kv.data.Watches;
import dev.sabaody.kv.data.tx.Transaction;
import dev.sabaody.kv.nio.EventLoop;
import dev.sabaody.kv.resp.Argv;
import dev.sabaody.kv.resp.Client;
import dev.sabaody.kv.resp.Clients;
import dev.sabaody.kv.resp.CommandContext;
import dev.sabaody.kv.resp.CommandFeed;
import dev.sabaody.kv.resp.CommandFlag;
import dev.sabaody.kv.resp.CommandSpec;
import dev.sabaody.kv.resp.RespEncoder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Client-side caching (Redis 6+'s CLIENT TRACKING, tracking.c), across shards.
 *
 * <h2>What it is</h2>
 * A client keeps values it read in its own memory, and the server tells it when one of those keys
 * changes: an invalidation, a RESP3 push {@code >2 invalidate [key]}, or, for a RESP2 client, a
 * message on {@code __redis__:invalidate} sent to another connection it names (REDIRECT) that is in
 * the subscribed context. Default mode remembers the keys each client read; BCAST remembers nothing
 * and tells every client of any change under the prefixes it registered; OPTIN / OPTOUT leave the
 * choice to CLIENT CACHING before each read; NOLOOP spares a client its own changes.
 *
 * <h2>Who owns what: keys on their shard, clients at home</h2>
 * <pre>
 *   loop A (client 7 tracks)           loop B (owns key k)
 *     GET k ──routed to B──────────────► runs GET k; the feed: TrackingTable(B): k → {7}
 *                                        SET k v (any client): Watches.touch → changed(k)
 *                                          takes {7} from TrackingTable(B), holds it until SET ends
 *     writes >2 invalidate [k] ◄──task── then sends it to client 7's loop
 * </pre>
 * <ul>
 *   <li><b>The table of a key lives on the key's shard</b> ({@link TrackingTable}): the read that
 *       remembers it and the write that invalidates it both run where the key's shard runs (its
 *       loop, the coordinator with it parked, a loop it lent its turn to), so the table needs no
 *       lock, exactly like the keys.
 *   <li><b>A client's options live on the client</b> ({@link Client#trackingFlags()}), changed on its
 *       home loop by CLIENT TRACKING and CACHING, read by any shard; the tracking clients are listed
 *       by id in a concurrent map, which is how a shard finds the client behind an id.
 *   <li><b>An invalidation for a client of another loop goes into that connection's
 *       {@link PendingPushes}</b> when the command ends, before its reply can leave: only a
 *       connection's loop writes to its output, and that loop moves the queue into the output
 *       before it answers anything the client sends next, so what Redis promises holds (the
 *       invalidation is in the reader's output before the writer's reply leaves). One for the client
 *       whose command caused it goes into that command's reply bytes, after the reply, so that it
 *       arrives after the reply wherever the command ran, as Redis's tracking_pending_keys does.
 *   <li><b>BCAST prefixes are few and read by every write</b>: one shared sorted map, replaced whole
 *       when a client registers or drops prefixes, read without a lock.
 * </ul>
 *
 * <h2>Hooks, and what they cost when nobody tracks</h2>
 * Every change to a key already reaches {@link Watches#touch} (Db's signalModifiedKey), and
 * {@link #changed} hangs there: with no tracking client it is one volatile read. Reads are
 * remembered by the table's {@link CommandFeed}, installed only while some client tracks, so a
 * server without tracking clients pays a null check per command, as for MONITOR. FLUSHDB and
 * FLUSHALL tell {@link #flushed} once per command.
 *
 * <h2>Differences with Redis</h2>
 * With several shards: an invalidation queued for a client of another loop reaches its socket when
 * that loop next runs, where Redis writes both sockets in one pass of its loop;
 * tracking-table-max-keys bounds each shard's table to its share of the keys (the limit divided
 * by the number of shards); BCAST keys changed on two shards in one loop turn arrive as two
 * messages, where Redis's one thread sends one. Always: the keys of EVAL_RO and FCALL_RO are
 * remembered along with those their scripts read (Redis remembers only the latter); a writer that
 * receives another client's redirected invalidation gets it after its own reply, where Redis
 * writes it before.
 */
public final class Tracking implements Watches.KeyChanges, CommandFeed {

    private final EventLoop[] loops;
    private final TrackingTable[] tables;
    /** One per shard's loop, and the coordinator's last. */
    private final PendingInvalidations[] pending;
    private final Runnable feedChanged;
    private Clients clients;
    /** Writes invalidations to the right connection, in the right form. */
    private InvalidationMessages messages;
    /**
     * CLIENT's subcommands: any other command ends the CACHING a client gave for it (resetClient
     * spares every CLIENT subcommand, not only CACHING itself).
     */
    private List<CommandSpec<?>> clientCommands = List.of();
    /** Every open connection's {@link PendingPushes}, by client id: where invalidations for it wait. */
    private final ConcurrentHashMap<Long, PendingPushes> pushes = new ConcurrentHashMap<>();
    /** Clients with tracking on, by id (tracking_clients). */
    private final ConcurrentHashMap<Long, Client> trackers = new ConcurrentHashMap<>();
    /** Whether any client tracks: what a key change reads first. */
    private volatile boolean active;
    /** BCAST: prefix → clients, replaced whole (under this object's lock) when it changes. */
    private volatile TreeMap<byte[], Set<Long>> prefixes = new TreeMap<>(Arrays::compareUnsigned);
    /** Each BCAST client's prefixes, sorted (CLIENT TRACKINGINFO); changed under this object's lock. */
    private final Map<Long, TreeSet<byte[]>> prefixesOf = new ConcurrentHashMap<>();
    /** tracking-table-max-keys (keys; 0: no limit); Redis's default, 1,000,000 (config.c), until the configuration says. */
    private volatile long maxKeys = 1_000_000;

    Tracking(EventLoop[] loops, Runnable feedChanged) {
        this.loops = loops;
        this.feedChanged = feedChanged;
        this.tables = new TrackingTable[loops.length];
        this.pending = new PendingInvalidations[loops.length + 1];
        for (int s = 0; s < loops.length; s++) {
            tables[s] = new TrackingTable();
            pending[s] = new PendingInvalidations(s);
        }
        pending[loops.length] = new PendingInvalidations(-1);
    }

    /** Plugs the engine into the server: CLIENT's subcommands, and every key change. Before any shard runs. */
    public void install(Clients registry, Watches watches, dev.sabaody.kv.resp.CommandTable<?> table) {
        this.clients = registry;
        this.messages = new InvalidationMessages(registry, pushes);
        registry.setTracking(new TrackingCommands(this));
        watches.setChanges(this);
        CommandSpec<?> client = table.byName("client");
        if (client != null) {
            clientCommands = List.copyOf(client.subcommands());
        }
    }

    /** A connection opened (its home loop): invalidations for it, or redirected to it, go to {@code queue}. */
    void opened(long id, PendingPushes queue) {
        pushes.put(id, queue);
    }

    void closed(long id) {
        pushes.remove(id);
    }

    /** tracking-table-max-keys, live. */
    public void setMaxKeys(long keys) {
        maxKeys = keys;
    }

    boolean active() {
        return active;
    }

    // ---------------------------------------------------------------- clients turning it on and off

    /** enableTracking: on the client's home loop; {@code prefixList} only with BCAST. */
    void enable(Client client, int options, long redirect, List<byte[]> prefixList) {
        int kept = client.trackingFlags() & TRACKING_CACHING;
        client.setTracking(TRACKING_ON | options | kept, redirect);
        if ((options & TRACKING_BCAST) != 0) {
            synchronized (this) {
                TreeSet<byte[]> own = prefixesOf.computeIfAbsent(client.id(), id -> new TreeSet<>(Arrays::compareUnsigned));
                TreeMap<byte[], Set<Long>> next = copyPrefixes();
                for (byte[] p : prefixList.isEmpty() ? List.of(new byte[0]) : prefixList) {
                    if (own.add(p)) {
                        next.computeIfAbsent(p, k -> new HashSet<>()).add(client.id());
                    }
                }
                prefixes = next;
            }
        }
        boolean first;
        synchronized (this) { // with disable's update: two loops turning tracking on and off agree
            first = trackers.put(client.id(), client) == null;
            active = true;
        }
        if (first) {
            feedChanged.run();
        }
    }

    /** disableTracking: CLIENT TRACKING off, RESET, or the connection closed. On its home loop. */
    public void disable(Client client) {
        if (client.trackingFlags() == 0) {
            return;
        }
        client.setTracking(0, 0);
        TreeSet<byte[]> own = prefixesOf.remove(client.id());
        if (own != null) {
            synchronized (this) {
                TreeMap<byte[], Set<Long>> next = copyPrefixes();
                for (byte[] p : own) {
                    Set<Long> ids = next.get(p);
                    ids.remove(client.id());
                    if (ids.isEmpty()) {
                        next.remove(p);
                    }
                }
                prefixes = next;
            }
        }
        synchronized (this) {
            trackers.remove(client.id());
            active = !trackers.isEmpty();
        }
        feedChanged.run();
    }

    private TreeMap<byte[], Set<Long>> copyPrefixes() {
        TreeMap<byte[], Set<Long>> next = new TreeMap<>(Arrays::compareUnsigned);
        for (Map.Entry<byte[], Set<Long>> e : prefixes.entrySet()) {
            next.put(e.getKey(), new HashSet<>(e.getValue()));
        }
        return next;
    }

    /** The BCAST prefixes of {@code client}, sorted; empty when none. */
    Collection<byte[]> prefixesOf(Client client) {
        TreeSet<byte[]> own = prefixesOf.get(client.id());
        return own == null ? List.of() : own;
    }

    Client clientById(long id) {
        return clients.byId(id);
    }

    // ---------------------------------------------------------------- INFO

    public int clients() {
        return trackers.size();
    }

    public long totalKeys() {
        long sum = 0;
        for (TrackingTable t : tables) {
            sum += t.keys();
        }
        return sum;
    }

    public long totalItems() {
        long sum = 0;
        for (TrackingTable t : tables) {
            sum += t.items();
        }
        return sum;
    }

    public int totalPrefixes() {
        return prefixes.size();
    }

    // ---------------------------------------------------------------- reads: remembered after the command

    /**
     * A command has run (call()'s tail): a tracking client's read-only command has its keys
     * remembered, CLIENT CACHING's one-command effect ends, the tables are held to their bound, and
     * what this thread found to invalidate meanwhile is sent, now that the reply is written.
     */
    @Override
    public void executed(CommandContext<?> ctx) {
        Client client = ctx.client();
        CommandSpec<?> spec = ctx.command();
        if (client == null || spec == null) {
            return;
        }
        // A script's command runs as a client of its own, with the caller's id and no connection:
        // its reads are the caller's (Redis's script_caller), and what it finds waits for the script.
        boolean nested = client.connection() == null;
        Client tracker = nested ? trackers.get(client.id()) : client;
        int flags = tracker == null ? 0 : tracker.trackingFlags();
        boolean inTransaction = Transaction.queueing(client);
        if ((flags & TRACKING_ON) != 0) {
            if ((flags & TRACKING_BCAST) == 0 && spec.has(CommandFlag.READONLY) && !spec.has(CommandFlag.PUBSUB)) {
                remember(ctx, spec, flags);
            }
            if ((flags & TRACKING_CACHING) != 0 && !nested && !inTransaction && !clientCommands.contains(spec)) {
                tracker.clearTrackingFlags(TRACKING_CACHING);
            }
        }
        PendingInvalidations here = pendingHere();
        limitTables(here);
        if (here.isEmpty()) {
            return;
        }
        here.stamp(client.id());
        if (!inTransaction && !nested) { // EXEC's and EVAL's own end send what their commands found, after their reply
            send(here, client, ctx.reply(), here.shard < 0);
        }
    }

    /** trackingRememberKeys: OPTIN reads only after CACHING yes, OPTOUT all but after CACHING no. */
    private void remember(CommandContext<?> ctx, CommandSpec<?> spec, int flags) {
        boolean caching = (flags & TRACKING_CACHING) != 0;
        if (((flags & TRACKING_OPTIN) != 0 && !caching) || ((flags & TRACKING_OPTOUT) != 0 && caching)) {
            return;
        }
        Argv argv = ctx.argv();
        long id = ctx.client().id();
        for (int p : spec.keyPositions(argv)) {
            byte[] key = argv.copy(p);
            tables[ownerOf(key)].remember(key, id);
        }
    }

    /**
     * trackingLimitUsedSlots: over tracking-table-max-keys, keys are forgotten, their clients told
     * as if the key had changed. Each shard holds its share of the limit; this thread holds the
     * tables it may touch (its shard's, or all of them on the coordinator).
     */
    private void limitTables(PendingInvalidations here) {
        long max = maxKeys;
        if (max == 0) {
            return;
        }
        long share = Math.max(1, max / tables.length);
        int from = here.shard < 0 ? 0 : here.shard;
        int to = here.shard < 0 ? tables.length : here.shard + 1;
        for (int s = from; s < to; s++) {
            TrackingTable t = tables[s];
            int effort = 100; // trackingLimitUsedSlots' effort per call
            while (t.keys() > share && effort-- > 0) {
                Map.Entry<dev.sabaody.kv.resp.Bytes, Set<Long>> evicted = t.evictOne();
                here.add(evicted.getKey().array(), evicted.getValue());
            }
        }
    }

    // ---------------------------------------------------------------- writes: found where the key lives

    /** signalModifiedKey's half for tracking (trackingInvalidateKey): on the thread that changed {@code key}. */
    @Override
    public void changed(int db, byte[] key) {
        if (!active) {
            return;
        }
        PendingInvalidations here = pendingHere();
        Set<Long> ids = tables[ownerOf(key)].take(key);
        if (ids != null) {
            here.add(key, ids);
        }
        TreeMap<byte[], Set<Long>> bcast = prefixes;
        if (!bcast.isEmpty()) {
            for (byte[] prefix : bcast.keySet()) {
                if (prefix.length <= key.length && Arrays.equals(prefix, 0, prefix.length, key, 0, prefix.length)) {
                    here.broadcast(prefix, key);
                }
            }
        }
        schedule(here);
    }

    /** trackingInvalidateKeysOnFlush: every tracking client gets one null, and the tables empty. */
    @Override
    public void flushed(int db) {
        // Once per flush command, on the thread that ran it: the only shard, or the coordinator with
        // every shard parked; so every table may be cleared here.
        for (TrackingTable t : tables) {
            t.clear();
        }
        if (!active) {
            return;
        }
        PendingInvalidations here = pendingHere();
        here.add(null, new ArrayList<>(trackers.keySet()));
        schedule(here);
    }

    /** A change outside any command (expiry, eviction) is sent by a task at the loop's turn end. */
    private void schedule(PendingInvalidations here) {
        if (here.shard < 0 || here.scheduled || here.isEmpty()) {
            return;
        }
        here.scheduled = true;
        loops[here.shard].execute(() -> {
            here.scheduled = false;
            send(here, null, null, true);
        });
    }

    /**
     * What this thread holds. A key's table is touched by whichever thread runs the key's shard at
     * that moment: its loop, the coordinator with it parked, or another loop it lent its turn to
     * while asleep ({@link EventLoop#runIfAsleep}); in every case that thread alone, so the table
     * needs no lock, and what it finds is held by the thread, not by the key's shard.
     */
    private PendingInvalidations pendingHere() {
        for (int s = 0; s < loops.length; s++) {
            if (loops[s].inLoop()) {
                return pending[s];
            }
        }
        return pending[loops.length];
    }

    private int ownerOf(byte[] key) {
        return KeyHash.shardOf(key, loops.length);
    }

    // ---------------------------------------------------------------- sending

    /**
     * Sends what {@code here} holds. {@code current}: the client whose command just ended (null:
     * none), whose own invalidations go into {@code reply} after its reply; {@code broadcasts}:
     * BCAST keys too (the loop's turn is over, or this is the coordinator).
     */
    private void send(PendingInvalidations here, Client current, RespEncoder reply, boolean broadcasts) {
        for (int i = 0; i < here.keys.size(); i++) {
            byte[] key = here.keys.get(i);
            for (long id : here.clients.get(i)) {
                Client target = trackers.get(id);
                if (target == null) {
                    continue;
                }
                int flags = target.trackingFlags();
                if (key == null) {
                    messages.deliver(target, null, InvalidationMessages.nullFor(target.protocol()), current, reply);
                    continue;
                }
                if ((flags & TRACKING_BCAST) != 0 || ((flags & TRACKING_NOLOOP) != 0 && target == current)) {
                    continue;
                }
                messages.deliver(target, key, null, current, reply);
            }
        }
        here.keys.clear();
        here.clients.clear();
        if (broadcasts && !here.broadcast.isEmpty()) {
            TreeMap<byte[], Set<Long>> bcast = prefixes;
            for (Map.Entry<byte[], TreeMap<byte[], long[]>> e : here.broadcast.entrySet()) {
                Set<Long> ids = bcast.get(e.getKey());
                if (ids == null) {
                    continue;
                }
                List<byte[]> all = PendingInvalidations.keysFor(e.getValue(), -2);
                for (long id : ids) {
                    Client target = trackers.get(id);
                    if (target == null) {
                        continue;
                    }
                    List<byte[]> keys = (target.trackingFlags() & TRACKING_NOLOOP) != 0
                            ? PendingInvalidations.keysFor(e.getValue(), id) : all;
                    if (keys != null) {
                        messages.deliver(target, null, InvalidationMessages.keyArray(keys), current, reply);
                    }
                }
            }
            here.broadcast.clear();
        }
    }

}
