package dev.sabaody.kv.server.pubsub;

import static dev.sabaody.kv.resp.AclCategory.FAST;
import static dev.sabaody.kv.resp.AclCategory.PUBSUB;
import static dev.sabaody.kv.resp.AclCategory.SLOW;
import static dev.sabaody.kv.resp.CommandFlag.LOADING;
import static dev.sabaody.kv.resp.CommandFlag.STALE;

import dev.sabaody.kv.resp.Argv;
import dev.sabaody.kv.resp.Bytes;
import dev.sabaody.kv.resp.CommandContext;
import dev.sabaody.kv.resp.CommandDoc;
import dev.sabaody.kv.resp.CommandDoc.Arg;
import dev.sabaody.kv.resp.CommandFlag;
import dev.sabaody.kv.resp.ChannelArgs;
import dev.sabaody.kv.resp.CommandSpec;
import dev.sabaody.kv.resp.CommandTable;
import dev.sabaody.kv.resp.KeySpec;
import dev.sabaody.kv.server.pubsub.PubSub.Kind;
import java.util.List;

/**
 * PUBLISH, SPUBLISH and PUBSUB's subcommands, and the one call that puts every Pub/Sub command in a
 * command table ({@link #register}).
 */
public final class PublishCommands {

    private PublishCommands() {
    }

    /** Adds SUBSCRIBE and the rest of Pub/Sub's commands to {@code table}. */
    public static <D> void register(CommandTable<D> table, PubSub pubsub) {
        for (Kind kind : Kind.values()) {
            table.add(SubscribeCommands.<D>subscribe(pubsub, kind));
            table.add(SubscribeCommands.<D>unsubscribe(pubsub, kind));
        }
        table.add(CommandSpec.<D>command("publish", 3, ctx -> publish(pubsub, Kind.CHANNEL, ctx))
                .flags(CommandFlag.PUBSUB, LOADING, STALE, CommandFlag.FAST)
                .acl(PUBSUB, FAST)
                .channels(ChannelArgs.PUBLISH)
                .doc(CommandDoc.of("Post a message to a channel", "2.0.0", "pubsub",
                        "O(N+M) where N is the number of clients subscribed to the receiving channel and M is"
                                + " the total number of subscribed patterns (by any client).",
                        Arg.of("channel", "string"), Arg.of("message", "string"))));
        table.add(CommandSpec.<D>command("spublish", 3, ctx -> publish(pubsub, Kind.SHARD_CHANNEL, ctx))
                .flags(CommandFlag.PUBSUB, LOADING, STALE, CommandFlag.FAST)
                .acl(PUBSUB, FAST)
                .channels(ChannelArgs.PUBLISH)
                .keys(KeySpec.range(1, 0, 1, KeySpec.Flag.NOT_KEY))
                .doc(CommandDoc.of("Post a message to a shard channel", "7.0.0", "pubsub",
                        "O(N) where N is the number of clients subscribed to the receiving shard channel.",
                        Arg.key("shardchannel", 0), Arg.of("message", "string"))));
        table.add(pubsubContainer(pubsub));
        table.add(Monitors.<D>spec(pubsub.monitors()));
    }

    private static void publish(PubSub pubsub, Kind kind, CommandContext<?> ctx) {
        Argv argv = ctx.argv();
        ctx.reply().integer(pubsub.publish(kind, argv.copy(1), argv.copy(2)));
    }

    private static <D> CommandSpec.Builder<D> pubsubContainer(PubSub pubsub) {
        return CommandSpec.<D>container("pubsub", -2)
                .acl(SLOW)
                .doc(CommandDoc.of("A container for Pub/Sub commands", "2.8.0", "pubsub", "Depends on subcommand."))
                .subcommand(CommandSpec.<D>command("channels", -2, ctx -> names(pubsub, Kind.CHANNEL, ctx))
                        .flags(CommandFlag.PUBSUB, LOADING, STALE).acl(PUBSUB, SLOW)
                        .doc(CommandDoc.of("List active channels", "2.8.0", "pubsub",
                                "O(N) where N is the number of active channels, and assuming constant time pattern"
                                        + " matching (relatively short channels and patterns)",
                                Arg.of("pattern", "pattern").optional())))
                .subcommand(CommandSpec.<D>command("numsub", -2, ctx -> numsub(pubsub, Kind.CHANNEL, ctx))
                        .flags(CommandFlag.PUBSUB, LOADING, STALE).acl(PUBSUB, SLOW)
                        .doc(CommandDoc.of("Get the count of subscribers for channels", "2.8.0", "pubsub",
                                "O(N) for the NUMSUB subcommand, where N is the number of requested channels",
                                Arg.of("channel", "string").optional().multiple())))
                .subcommand(CommandSpec.<D>command("numpat", 2, ctx -> ctx.reply().integer(pubsub.patternCount()))
                        .flags(CommandFlag.PUBSUB, LOADING, STALE).acl(PUBSUB, SLOW)
                        .doc(CommandDoc.of("Get the count of unique patterns pattern subscriptions", "2.8.0", "pubsub",
                                "O(1)")))
                .subcommand(CommandSpec.<D>command("shardchannels", -2, ctx -> names(pubsub, Kind.SHARD_CHANNEL, ctx))
                        .flags(CommandFlag.PUBSUB, LOADING, STALE).acl(PUBSUB, SLOW)
                        .doc(CommandDoc.of("List active shard channels", "7.0.0", "pubsub",
                                "O(N) where N is the number of active shard channels, and assuming constant time"
                                        + " pattern matching (relatively short shard channels).",
                                Arg.of("pattern", "pattern").optional())))
                .subcommand(CommandSpec.<D>command("shardnumsub", -2, ctx -> numsub(pubsub, Kind.SHARD_CHANNEL, ctx))
                        .flags(CommandFlag.PUBSUB, LOADING, STALE).acl(PUBSUB, SLOW)
                        .doc(CommandDoc.of("Get the count of subscribers for shard channels", "7.0.0", "pubsub",
                                "O(N) for the SHARDNUMSUB subcommand, where N is the number of requested shard channels",
                                Arg.of("shardchannel", "string").optional().multiple())))
                .subcommand(CommandSpec.<D>command("help", 2, PublishCommands::help)
                        .flags(LOADING, STALE).acl(SLOW)
                        .doc(CommandDoc.of("Show helpful text about the different subcommands", "6.2.0", "pubsub",
                                "O(1)")));
    }

    /** PUBSUB CHANNELS|SHARDCHANNELS [pattern]: the live names, matching the pattern if one is given. */
    private static void names(PubSub pubsub, Kind kind, CommandContext<?> ctx) {
        Argv argv = ctx.argv();
        if (argv.argc() > 3) {
            subcommandSyntaxError(ctx);
            return;
        }
        List<Bytes> names = pubsub.names(kind, argv.argc() == 3 ? argv.copy(2) : null);
        ctx.reply().arrayHeader(names.size());
        for (Bytes name : names) {
            ctx.reply().bulk(name.array());
        }
    }

    /** PUBSUB NUMSUB|SHARDNUMSUB [name ...]: each name and its subscribers, patterns not counted. */
    private static void numsub(PubSub pubsub, Kind kind, CommandContext<?> ctx) {
        Argv argv = ctx.argv();
        ctx.reply().arrayHeader((argv.argc() - 2) * 2L);
        for (int i = 2; i < argv.argc(); i++) {
            ctx.reply().bulk(argv, i);
            ctx.reply().integer(pubsub.subscribers(kind, argv.copy(i)));
        }
    }

    /** addReplySubcommandSyntaxError (server.c): the subcommand exists, its arguments do not fit. */
    private static void subcommandSyntaxError(CommandContext<?> ctx) {
        String sub = new String(ctx.argv().copy(1), java.nio.charset.StandardCharsets.ISO_8859_1);
        ctx.reply().error("unknown subcommand or wrong number of arguments for '"
                + (sub.length() > 128 ? sub.substring(0, 128) : sub) + "'. Try PUBSUB HELP.");
    }

    private static void help(CommandContext<?> ctx) {
        ctx.replyHelp("PUBSUB",
                "CHANNELS [<pattern>]",
                "    Return the currently active channels matching a <pattern> (default: '*').",
                "NUMPAT",
                "    Return number of subscriptions to patterns.",
                "NUMSUB [<channel> ...]",
                "    Return the number of subscribers for the specified channels, excluding",
                "    pattern subscriptions(default: no channels).",
                "SHARDCHANNELS [<pattern>]",
                "    Return the currently active shard level channels matching a <pattern> (default: '*').",
                "SHARDNUMSUB [<shardchannel> ...]",
                "    Return the number of subscribers for the specified shard level channel(s)");
    }
}
