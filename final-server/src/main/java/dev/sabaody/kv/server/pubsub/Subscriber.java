package dev.sabaody.kv.server.pubsub;

import dev.sabaody.kv.nio.Connection;
import dev.sabaody.kv.nio.OutputBuffer;
import dev.sabaody.kv.resp.Bytes;
import dev.sabaody.kv.resp.Client;
import dev.sabaody.kv.server.pubsub.PubSub.Kind;
import java.util.LinkedHashSet;

/**
 * One connection's subscriptions, kept by its home shard while it has any, and the writing of
 * messages to it. Its loop's thread only.
 *
 * <p>Messages are written as Redis's addReplyPubsubMessage writes them: a push ({@code >3}) in RESP3,
 * an array ({@code *3}) in RESP2, which is what a RESP2 client in the subscribed context reads.
 */
final class Subscriber {

    final Client client;
    final Connection connection;
    /** RESP2's array type byte, in place of RESP3's push type byte {@code >}. */
    private static final byte ARRAY = '*';
    /** Names by {@link Kind}, in subscription order (UNSUBSCRIBE with no name goes through them in it). */
    private final LinkedHashSet<Bytes>[] names;

    @SuppressWarnings("unchecked")
    Subscriber(Client client, Connection connection) {
        this.client = client;
        this.connection = connection;
        this.names = new LinkedHashSet[Kind.values().length];
        for (int k = 0; k < names.length; k++) {
            names[k] = new LinkedHashSet<>();
        }
    }

    LinkedHashSet<Bytes> names(Kind kind) {
        return names[kind.ordinal()];
    }

    /**
     * The count a (un)subscribe reply carries: channels and patterns together, shard channels apart,
     * as Redis's clientSubscriptionsCount and clientShardSubscriptionsCount say.
     */
    int count(Kind kind) {
        return kind == Kind.SHARD_CHANNEL ? names(Kind.SHARD_CHANNEL).size()
                : names(Kind.CHANNEL).size() + names(Kind.PATTERN).size();
    }

    boolean isEmpty() {
        return names(Kind.CHANNEL).isEmpty() && names(Kind.PATTERN).isEmpty() && names(Kind.SHARD_CHANNEL).isEmpty();
    }

    /** Tells the client and its connection what it is subscribed to now: CLIENT LIST, the subscribed context, the output class. */
    void publishCounts() {
        client.setSubscriptions(names(Kind.CHANNEL).size(), names(Kind.PATTERN).size(), names(Kind.SHARD_CHANNEL).size());
        boolean subscriber = !isEmpty();
        if (connection.loop().inLoop()) {
            if (connection.isOpen()) {
                connection.setSubscriber(subscriber);
            }
        } else {
            // A transaction over several shards runs on the coordinator, this loop parked: the
            // connection is the loop's to change.
            connection.loop().execute(() -> {
                if (connection.isOpen()) {
                    connection.setSubscriber(subscriber);
                }
            });
        }
    }

    /**
     * Writes one message, encoded once for every receiver of the shard ({@link ShardSubscribers#deliver}):
     * {@code frame} holds it as a RESP3 push; a RESP2 client gets the same bytes with {@code *} for
     * {@code >}, which is all that tells the two apart.
     */
    void send(OutputBuffer frame) {
        if (!connection.isOpen()) {
            return;
        }
        OutputBuffer out = connection.output();
        if (client.protocol() > 2) {
            out.write(frame, 0, frame.pending());
        } else {
            out.write(ARRAY);
            out.write(frame, 1, frame.pending());
        }
        connection.flush();
    }
}
