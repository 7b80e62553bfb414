package dev.sabaody.kv.server.pubsub;

import static dev.sabaody.kv.resp.AclCategory.PUBSUB;
import static dev.sabaody.kv.resp.AclCategory.SLOW;
import static dev.sabaody.kv.resp.CommandFlag.LOADING;
import static dev.sabaody.kv.resp.CommandFlag.NOSCRIPT;
import static dev.sabaody.kv.resp.CommandFlag.STALE;

import dev.sabaody.kv.resp.Argv;
import dev.sabaody.kv.resp.Bytes;
import dev.sabaody.kv.resp.CommandContext;
import dev.sabaody.kv.resp.CommandDoc;
import dev.sabaody.kv.resp.CommandDoc.Arg;
import dev.sabaody.kv.resp.CommandFlag;
import dev.sabaody.kv.resp.ChannelArgs;
import dev.sabaody.kv.resp.CommandSpec;
import dev.sabaody.kv.resp.KeySpec;
import dev.sabaody.kv.resp.RespEncoder;
import dev.sabaody.kv.server.pubsub.PubSub.Kind;
import java.util.ArrayList;

/**
 * SUBSCRIBE, PSUBSCRIBE, SSUBSCRIBE and their UNSUBSCRIBEs: one reply per name, each a push
 * ({@code subscribe news 1}) carrying the client's count after it, as pubsub.c answers. They run on
 * the connection's home shard, which keeps its subscriptions.
 *
 * <p>SSUBSCRIBE's shard channels have a key spec (flag {@code not_key}), as in Redis, so that a
 * cluster client can route them; final-server's router sends every Pub/Sub command home instead:
 * messages travel through {@link PubSub}, not to a key's owner.
 */
final class SubscribeCommands {

    private SubscribeCommands() {
    }

    static <D> CommandSpec.Builder<D> subscribe(PubSub pubsub, Kind kind) {
        String name = new String(kind.subscribed, java.nio.charset.StandardCharsets.US_ASCII);
        CommandSpec.Builder<D> b = CommandSpec.<D>command(name, -2, ctx -> subscribe(pubsub, kind, ctx))
                .flags(CommandFlag.PUBSUB, NOSCRIPT, LOADING, STALE)
                .acl(PUBSUB, SLOW)
                .allowedWhileSubscribed()
                .channels(kind == Kind.PATTERN ? ChannelArgs.PSUBSCRIBE : ChannelArgs.SUBSCRIBE);
        return switch (kind) {
            case CHANNEL -> b.doc(CommandDoc.of("Listen for messages published to the given channels", "2.0.0",
                    "pubsub", "O(N) where N is the number of channels to subscribe to.",
                    Arg.of("channel", "string").multiple()));
            case PATTERN -> b.doc(CommandDoc.of("Listen for messages published to channels matching the given patterns",
                    "2.0.0", "pubsub", "O(N) where N is the number of patterns the client is already subscribed to.",
                    Arg.of("pattern", "pattern").multiple()));
            case SHARD_CHANNEL -> b.keys(KeySpec.range(1, -1, 1, KeySpec.Flag.NOT_KEY))
                    .doc(CommandDoc.of("Listen for messages published to the given shard channels", "7.0.0",
                            "pubsub", "O(N) where N is the number of shard channels to subscribe to.",
                            Arg.of("shardchannel", "string").multiple()));
        };
    }

    static <D> CommandSpec.Builder<D> unsubscribe(PubSub pubsub, Kind kind) {
        String name = new String(kind.unsubscribed, java.nio.charset.StandardCharsets.US_ASCII);
        CommandSpec.Builder<D> b = CommandSpec.<D>command(name, -1, ctx -> unsubscribe(pubsub, kind, ctx))
                .flags(CommandFlag.PUBSUB, NOSCRIPT, LOADING, STALE)
                .acl(PUBSUB, SLOW)
                .allowedWhileSubscribed()
                .channels(kind == Kind.PATTERN ? ChannelArgs.PSUBSCRIBE : ChannelArgs.SUBSCRIBE);
        return switch (kind) {
            case CHANNEL -> b.doc(CommandDoc.of("Stop listening for messages posted to the given channels", "2.0.0",
                    "pubsub", "O(N) where N is the number of clients already subscribed to a channel.",
                    Arg.of("channel", "string").optional().multiple()));
            case PATTERN -> b.doc(CommandDoc.of("Stop listening for messages posted to channels matching the given patterns",
                    "2.0.0", "pubsub", "O(N+M) where N is the number of patterns the client is already subscribed"
                            + " and M is the number of total patterns subscribed in the system (by any client).",
                    Arg.of("pattern", "pattern").optional().multiple()));
            case SHARD_CHANNEL -> b.keys(KeySpec.range(1, -1, 1, KeySpec.Flag.NOT_KEY))
                    .doc(CommandDoc.of("Stop listening for messages posted to the given shard channels", "7.0.0",
                            "pubsub", "O(N) where N is the number of clients already subscribed to a shard channel.",
                            Arg.of("shardchannel", "string").optional().multiple()));
        };
    }

    private static void subscribe(PubSub pubsub, Kind kind, CommandContext<?> ctx) {
        ShardSubscribers shard = home(pubsub, ctx);
        if (shard == null) {
            return; // the connection has gone: nobody to answer
        }
        Subscriber s = shard.subscriber(ctx.client(), shard.connection(ctx.client().id()));
        Argv argv = ctx.argv();
        RespEncoder reply = ctx.reply();
        for (int i = 1; i < argv.argc(); i++) {
            Bytes name = Bytes.wrap(argv.copy(i));
            shard.subscribe(s, kind, name);
            confirm(reply, kind.subscribed, name, s.count(kind));
        }
        shard.settle(s);
    }

    private static void unsubscribe(PubSub pubsub, Kind kind, CommandContext<?> ctx) {
        ShardSubscribers shard = home(pubsub, ctx);
        Subscriber s = shard == null ? null : shard.existing(ctx.client());
        Argv argv = ctx.argv();
        RespEncoder reply = ctx.reply();
        if (argv.argc() == 1) {
            // Every name of this kind; none at all still gets one reply, with a null name.
            if (s == null || s.names(kind).isEmpty()) {
                confirm(reply, kind.unsubscribed, null, s == null ? 0 : s.count(kind));
                return;
            }
            for (Bytes name : new ArrayList<>(s.names(kind))) {
                shard.unsubscribe(s, kind, name);
                confirm(reply, kind.unsubscribed, name, s.count(kind));
            }
        } else {
            for (int i = 1; i < argv.argc(); i++) {
                Bytes name = Bytes.wrap(argv.copy(i));
                if (s != null) {
                    shard.unsubscribe(s, kind, name);
                }
                confirm(reply, kind.unsubscribed, name, s == null ? 0 : s.count(kind));
            }
        }
        if (s != null) {
            shard.settle(s);
        }
    }

    /**
     * The shard keeping the client's subscriptions: its home. A command run from its connection knows
     * it; one queued in a transaction runs with a detached context (on the home loop, or on the
     * coordinator with the home loop parked) and looks for it.
     */
    private static ShardSubscribers home(PubSub pubsub, CommandContext<?> ctx) {
        if (ctx.connection() != null) {
            return pubsub.shard(ctx.server().slice());
        }
        return pubsub.homeOf(ctx.client(), ctx.server().slice());
    }

    /** {@code [subscribe, name, count]} as a push; a null name is written as Redis's null. */
    private static void confirm(RespEncoder reply, byte[] what, Bytes name, int count) {
        reply.pushHeader(3);
        reply.bulk(what);
        if (name == null) {
            reply.nullBulk();
        } else {
            reply.bulk(name.array());
        }
        reply.integer(count);
    }
}
