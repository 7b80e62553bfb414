package dev.sabaody.kv.server.pubsub;

import dev.sabaody.kv.nio.EventLoop;
import dev.sabaody.kv.resp.Bytes;
import dev.sabaody.kv.resp.Client;
import dev.sabaody.kv.resp.Glob;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Pub/Sub across shards: who holds a channel's subscribers, and how a message published on one loop
 * reaches connections on the others.
 *
 * <h2>The problem</h2>
 * Redis keeps one table, channel → subscribed clients, and PUBLISH walks it on the one thread that
 * owns every client. Here a subscriber is a connection, and a connection belongs to one loop: only
 * that loop may write to its output buffer. A publisher on loop A and a subscriber on loop B have no
 * key in common to route by; the message itself has to travel.
 *
 * <h2>The design: subscribers stay home, a directory says where they are</h2>
 * <pre>
 *   loop A: PUBLISH news hi                        loop B
 *     │  directory: news → [A:1, B:2]                │
 *     ├─ A's own subscribers: written now ──────┐    │
 *     └─ B has 2: into B's inbox ───────────────┼──► ShardSubscribers(B): writes "message news hi"
 *   reply :3 (1 written here + 2 counted for B) ┘      to its 2 connections, in arrival order
 * </pre>
 * <ul>
 *   <li><b>Each shard owns the subscriptions of its own connections</b> ({@link ShardSubscribers}):
 *       channel → its subscribers on that loop, touched by that loop's thread alone, like its keys.
 *       No subscriber list is shared, so writing a message to a connection never needs a lock.
 *   <li><b>The directory</b> ({@link Directory}), shared: for each channel (pattern, shard channel),
 *       how many subscribers each shard has. Changed by SUBSCRIBE and UNSUBSCRIBE (a
 *       {@code ConcurrentHashMap.compute}, copy on write), read without a lock by PUBLISH. It tells
 *       PUBLISH which loops to send the message to, and how many receivers to answer, and it answers
 *       PUBSUB CHANNELS / NUMSUB / NUMPAT without visiting any loop.
 *   <li><b>PUBLISH</b> writes to the subscribers of its own loop at once (counting them exactly), and
 *       queues the message for every other shard that has subscribers ({@link ShardInbox}), waking
 *       that loop with one task for a whole burst ({@link EventLoop#execute}). That loop walks its
 *       subscribers as Redis walks its table: channel subscribers first, then matching patterns.
 * </ul>
 *
 * <h2>What it costs</h2>
 * With one shard: Redis's cost, the lookup of the channel and a write per subscriber; the directory
 * is not read. With two or N shards, a PUBLISH on a channel nobody on other shards listens to costs
 * one more hash lookup (and a walk of the patterns, if any exist); each other shard with subscribers
 * costs one copy of the message (shared by all shards), a place in its inbox and, per burst, one
 * task and, if that loop sleeps, one wake-up; the subscribers there cost what they cost in Redis,
 * less the encoding: a shard encodes a message once and copies the bytes to each receiver. The
 * SET/GET path takes no lock: it pays one volatile read per socket read, the empty inbox.
 *
 * <h2>Order and counts</h2>
 * An inbox is emptied in order, and a connection publishes from its one loop: every subscriber
 * receives each publisher's messages in the order they were published, whatever the loops. The
 * message is queued before PUBLISH answers, and a loop empties its inbox before it handles any
 * connection's input ({@link #beforeInput}): a subscriber that hears of the PUBLISH from the
 * publisher and then sends a command reads the message first, as with Redis. PUBLISH
 * answers what Redis answers, the number of deliveries: exact for its own loop, the directory's count
 * for the others. A subscription that ends while a message is on its way to that loop is the one
 * difference with Redis, whose single thread never has a message on its way: the message is counted
 * and not delivered, as if it had been published a moment later.
 *
 * <h2>Rejected</h2>
 * A shared channel table behind a lock (every PUBLISH and SUBSCRIBE on every loop contends, and a
 * loop writing to another loop's connection breaks module 03's rule); broadcasting every PUBLISH to
 * every shard (N - 1 tasks for a channel with no subscriber, and a round trip to count receivers);
 * one owner shard per channel, by hash (a second hop: publisher → owner → subscribers' loops).
 */
public final class PubSub {

    /** What a name in the directory is: each kind has its own namespace, replies and directory. */
    public enum Kind {
        CHANNEL("subscribe", "unsubscribe", "message"),
        PATTERN("psubscribe", "punsubscribe", "pmessage"),
        SHARD_CHANNEL("ssubscribe", "sunsubscribe", "smessage");

        final byte[] subscribed;
        final byte[] unsubscribed;
        final byte[] message;

        Kind(String subscribed, String unsubscribed, String message) {
            this.subscribed = subscribed.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            this.unsubscribed = unsubscribed.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            this.message = message.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        }
    }

    private final EventLoop[] loops;
    private final ShardSubscribers[] shards;
    /** Messages published elsewhere for each shard's subscribers. */
    private final ShardInbox[] inboxes;
    private final Directory[] directories = new Directory[Kind.values().length];
    /** MONITOR's clients: lines delivered across loops the way messages are. */
    private final Monitors monitors;
    /** Client-side caching: invalidations delivered across loops the way messages are. */
    private final Tracking tracking;
    private final dev.sabaody.kv.resp.CommandTable<?> table;

    public PubSub(int shardCount, dev.sabaody.kv.resp.CommandTable<?> table) {
        this.table = table;
        this.monitors = new Monitors(this);
        this.loops = new EventLoop[shardCount];
        this.tracking = new Tracking(loops, this::feedChanged);
        this.shards = new ShardSubscribers[shardCount];
        this.inboxes = new ShardInbox[shardCount];
        for (Kind kind : Kind.values()) {
            directories[kind.ordinal()] = new Directory(shardCount);
        }
    }

    /** Shard {@code index} has started on {@code loop}: called once per shard, before any client connects. */
    public void shardStarted(int index, EventLoop loop) {
        loops[index] = loop;
        shards[index] = new ShardSubscribers(index, this);
        inboxes[index] = new ShardInbox(loop, shards[index]);
    }

    /** The subscriptions of shard {@code index}'s connections; that shard's thread only. */
    ShardSubscribers shard(int index) {
        return shards[index];
    }

    Monitors monitors() {
        return monitors;
    }

    /** Client-side caching: CLIENT TRACKING's engine, INFO's tracking fields. */
    public Tracking tracking() {
        return tracking;
    }

    /**
     * The table's {@link dev.sabaody.kv.resp.CommandFeed}: MONITOR and tracking each need to hear of
     * every command while someone monitors or tracks, and nobody is told anything otherwise.
     */
    synchronized void feedChanged() {
        boolean monitoring = monitors.active();
        boolean tracked = tracking.active();
        table.setFeed(monitoring && tracked ? ctx -> {
            monitors.executed(ctx);
            tracking.executed(ctx);
        } : monitoring ? monitors : tracked ? tracking : null);
    }

    Directory directory(Kind kind) {
        return directories[kind.ordinal()];
    }

    /**
     * PUBLISH (or SPUBLISH, {@code kind} SHARD_CHANNEL): delivers {@code message} to every subscriber
     * of {@code channel} and every pattern matching it, on every shard; returns how many receive it.
     * The arrays are handed over: they travel to other loops and must not change.
     */
    public int publish(Kind kind, byte[] channel, byte[] message) {
        if (loops.length == 1 && loops[0].inLoop()) {
            return shards[0].deliver(kind, channel, message); // one shard: Redis's cost, no directory
        }
        int[] perShard = receiversPerShard(kind, channel);
        if (perShard == null) {
            return 0;
        }
        int receivers = 0;
        for (int s = 0; s < perShard.length; s++) {
            if (perShard[s] == 0) {
                continue;
            }
            ShardSubscribers target = shards[s];
            if (loops[s].inLoop()) {
                receivers += target.deliver(kind, channel, message);
            } else {
                receivers += perShard[s];
                inboxes[s].post(kind, channel, message);
            }
        }
        return receivers;
    }

    /**
     * Shard {@code shard}'s loop is about to handle a connection's input: messages queued for its
     * subscribers are written first. One volatile read when none are.
     */
    public void beforeInput(int shard) {
        ShardInbox inbox = inboxes[shard];
        if (!inbox.isEmpty()) {
            inbox.deliver();
        }
    }

    /** For each shard, how many of its connections receive a message on {@code channel}; null: nobody. */
    private int[] receiversPerShard(Kind kind, byte[] channel) {
        int[] direct = directory(kind).counts(Bytes.wrap(channel));
        Directory patterns = directory(Kind.PATTERN);
        if (kind != Kind.CHANNEL || patterns.isEmpty()) {
            return direct; // read only: the directory's arrays never change once published
        }
        int[] perShard = direct == null ? null : direct.clone();
        for (Map.Entry<Bytes, int[]> e : patterns.entries()) {
            if (!Glob.matches(e.getKey().array(), channel, false)) {
                continue;
            }
            if (perShard == null) {
                perShard = new int[loops.length];
            }
            int[] counts = e.getValue();
            for (int s = 0; s < counts.length; s++) {
                perShard[s] += counts[s];
            }
        }
        return perShard;
    }

    // ---------------------------------------------------------------- introspection (PUBSUB)

    /** Names with at least one subscriber, of {@code kind}, matching {@code pattern} (null: all). */
    List<Bytes> names(Kind kind, byte[] pattern) {
        List<Bytes> out = new ArrayList<>();
        for (Map.Entry<Bytes, int[]> e : directory(kind).entries()) {
            if (pattern == null || Glob.matches(pattern, e.getKey().array(), false)) {
                out.add(e.getKey());
            }
        }
        return out;
    }

    /** Subscribers of {@code name}, over every shard. */
    int subscribers(Kind kind, byte[] name) {
        return directory(kind).total(Bytes.wrap(name));
    }

    /** Names of {@code kind} with at least one subscriber: INFO's pubsub_channels, _patterns, pubsubshard_channels. */
    public int count(Kind kind) {
        return directory(kind).size();
    }

    /** Patterns with at least one subscriber (PUBSUB NUMPAT: distinct patterns, as Redis counts them). */
    int patternCount() {
        return directory(Kind.PATTERN).size();
    }

    // ---------------------------------------------------------------- clients coming and leaving

    /** A connection opened on shard {@code shard}: its thread. {@code pushes}: where invalidations for it wait. */
    public void opened(int shard, dev.sabaody.kv.nio.Connection connection, PendingPushes pushes) {
        shards[shard].opened(connection);
        tracking.opened(connection.id(), pushes);
    }

    /** The connection of {@code client} closed: its subscriptions end, without a word to it. */
    public void closed(Client client, int shard) {
        unsubscribeAll(client, shard);
        monitors.closed(client.id());
        tracking.disable(client);
        tracking.closed(client.id());
        shards[shard].closed(client.id());
    }

    /**
     * The shard whose loop holds {@code client}'s connection, or null once it has closed. Looked for
     * only by a (un)subscribe run away from its connection, inside EXEC: on the home loop (the shard
     * {@code here}, found first, its own map), or on the coordinator with every shard parked, when
     * reading the other shards' maps is safe.
     */
    ShardSubscribers homeOf(Client client, int here) {
        if (shards[here].connection(client.id()) != null) {
            return shards[here];
        }
        for (ShardSubscribers shard : shards) {
            if (shard.connection(client.id()) != null) {
                return shard;
            }
        }
        return null;
    }

    /**
     * RESET's part (clearClientConnectionState): {@code client} leaves every channel, pattern and
     * shard channel silently, stops monitoring, and stops tracking. On its home shard's thread.
     */
    public void reset(Client client, int shard) {
        unsubscribeAll(client, shard);
        monitors.closed(client.id());
        tracking.disable(client);
    }

    /**
     * Ends every subscription of {@code client}, whose home is shard {@code shard}, without a word to
     * it: the connection has closed, or RESET runs. On that shard's thread.
     */
    public void unsubscribeAll(Client client, int shard) {
        if (client.subscribed()) {
            shards[shard].forget(client);
        }
    }
}
