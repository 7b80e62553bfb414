package dev.sabaody.kv.server.pubsub;

import dev.sabaody.kv.nio.Connection;
import dev.sabaody.kv.nio.OutputBuffer;
import dev.sabaody.kv.resp.Bytes;
import dev.sabaody.kv.resp.Client;
import dev.sabaody.kv.resp.Glob;
import dev.sabaody.kv.resp.RespEncoder;
import dev.sabaody.kv.server.pubsub.PubSub.Kind;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;

/**
 * The subscriptions of one shard's connections: Redis's {@code server.pubsub_channels},
 * {@code pubsub_patterns} and {@code pubsubshard_channels}, for this loop's clients alone. Touched by
 * the shard's thread only; every change is mirrored in the shared {@link Directory} so that other
 * loops know to send messages here.
 */
final class ShardSubscribers {

    private final int index;
    private final PubSub pubsub;
    /** Name → its subscribers here, by {@link Kind}; patterns keep their subscription order. */
    private final Map<Bytes, LinkedHashSet<Subscriber>>[] byName;
    /** One message as a RESP3 push, encoded once per delivery and copied to each receiver. */
    private final OutputBuffer frame = new OutputBuffer();
    private final RespEncoder frameEncoder = new RespEncoder(frame);
    /** The clients of this shard subscribed to anything. */
    private final Map<Client, Subscriber> byClient = new IdentityHashMap<>();
    /**
     * Every connection of this shard, by id (the client's id): a queued SUBSCRIBE runs inside EXEC
     * with a context that has no connection, and finds its own here.
     */
    private final Map<Long, Connection> connections = new HashMap<>();

    @SuppressWarnings("unchecked")
    ShardSubscribers(int index, PubSub pubsub) {
        this.index = index;
        this.pubsub = pubsub;
        this.byName = new Map[Kind.values().length];
        byName[Kind.CHANNEL.ordinal()] = new HashMap<>();
        byName[Kind.PATTERN.ordinal()] = new LinkedHashMap<>();
        byName[Kind.SHARD_CHANNEL.ordinal()] = new HashMap<>();
        frameEncoder.setProtocol(3);
    }

    void opened(Connection connection) {
        connections.put(connection.id(), connection);
    }

    void closed(long id) {
        connections.remove(id);
    }

    /** The connection of client {@code id} if its home is this shard, else null. */
    Connection connection(long id) {
        return connections.get(id);
    }

    /** {@code client}'s subscriptions, made empty if it has none yet. */
    Subscriber subscriber(Client client, Connection connection) {
        return byClient.computeIfAbsent(client, c -> new Subscriber(c, connection));
    }

    /** {@code client}'s subscriptions, or null when it has none. */
    Subscriber existing(Client client) {
        return byClient.get(client);
    }

    /** Adds the subscription; false if it was there already. */
    boolean subscribe(Subscriber s, Kind kind, Bytes name) {
        if (!s.names(kind).add(name)) {
            return false;
        }
        byName[kind.ordinal()].computeIfAbsent(name, k -> new LinkedHashSet<>()).add(s);
        pubsub.directory(kind).add(name, index);
        return true;
    }

    /** Removes the subscription; false if there was none. */
    boolean unsubscribe(Subscriber s, Kind kind, Bytes name) {
        if (!s.names(kind).remove(name)) {
            return false;
        }
        Map<Bytes, LinkedHashSet<Subscriber>> map = byName[kind.ordinal()];
        LinkedHashSet<Subscriber> set = map.get(name);
        set.remove(s);
        if (set.isEmpty()) {
            map.remove(name);
        }
        pubsub.directory(kind).remove(name, index);
        return true;
    }

    /** After a command changed {@code s}'s subscriptions: the client learns its counts; an empty one is let go. */
    void settle(Subscriber s) {
        s.publishCounts();
        if (s.isEmpty()) {
            byClient.remove(s.client);
        }
    }

    /** Every subscription of {@code client} ends, silently (the connection closed, RESET). */
    void forget(Client client) {
        Subscriber s = byClient.get(client);
        if (s == null) {
            return;
        }
        for (Kind kind : Kind.values()) {
            for (Bytes name : new ArrayList<>(s.names(kind))) {
                unsubscribe(s, kind, name);
            }
        }
        settle(s);
    }

    /**
     * Writes the message to this shard's receivers, as pubsubPublishMessage walks them: the channel's
     * subscribers, then each matching pattern's. Returns how many received it.
     *
     * <p>The frame is encoded once, into {@link #frame}, and copied to each receiver: with a hundred
     * subscribers, encoding it for each (four lengths in decimal) was most of a delivery's time.
     */
    int deliver(Kind kind, byte[] channel, byte[] message) {
        int receivers = 0;
        LinkedHashSet<Subscriber> direct = byName[kind.ordinal()].get(Bytes.wrap(channel));
        if (direct != null) {
            encode(kind.message, null, channel, message);
            for (Subscriber s : direct) {
                s.send(frame);
                receivers++;
            }
        }
        if (kind == Kind.CHANNEL) {
            for (Map.Entry<Bytes, LinkedHashSet<Subscriber>> e : byName[Kind.PATTERN.ordinal()].entrySet()) {
                if (Glob.matches(e.getKey().array(), channel, false)) {
                    encode(Kind.PATTERN.message, e.getKey().array(), channel, message);
                    for (Subscriber s : e.getValue()) {
                        s.send(frame);
                        receivers++;
                    }
                }
            }
        }
        return receivers;
    }

    /** {@code >3 message channel payload}, or {@code >4 pmessage pattern channel payload}, into {@link #frame}. */
    private void encode(byte[] type, byte[] pattern, byte[] channel, byte[] message) {
        frame.discard();
        frameEncoder.pushHeader(pattern == null ? 3 : 4);
        frameEncoder.bulk(type);
        if (pattern != null) {
            frameEncoder.bulk(pattern);
        }
        frameEncoder.bulk(channel);
        frameEncoder.bulk(message);
    }
}
