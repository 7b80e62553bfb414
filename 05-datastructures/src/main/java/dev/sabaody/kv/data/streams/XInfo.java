package dev.sabaody.kv.data.streams;

import static dev.sabaody.kv.resp.AclCategory.READ;
import static dev.sabaody.kv.resp.AclCategory.SLOW;
import static dev.sabaody.kv.resp.AclCategory.STREAM;

import dev.sabaody.kv.data.Db;
import dev.sabaody.kv.resp.Argv;
import dev.sabaody.kv.resp.Command;
import dev.sabaody.kv.resp.CommandContext;
import dev.sabaody.kv.resp.CommandDoc;
import dev.sabaody.kv.resp.CommandFlag;
import dev.sabaody.kv.resp.CommandSpec;
import dev.sabaody.kv.resp.KeySpec;
import dev.sabaody.kv.resp.RespEncoder;
import java.util.Map;

/**
 * XINFO STREAM key [FULL [COUNT n]] | GROUPS key | CONSUMERS key group, and HELP (xinfoCommand).
 * Replies are maps (flat arrays in RESP2), with Redis 7.0.15's fields in its order.
 *
 * <p>{@code radix-tree-nodes} is the node count Redis's rax would have for the same master IDs
 * ({@link RaxShape}); {@code radix-tree-keys} is the number of packed nodes.
 */
final class XInfo implements Command<Db> {

    private enum Sub { STREAM, GROUPS, CONSUMERS }

    /** t_stream.c: XINFO STREAM FULL's default COUNT, so a huge stream does not stall the server. */
    static final long FULL_DEFAULT_COUNT = 10;

    private final Sub sub;

    private XInfo(Sub sub) {
        this.sub = sub;
    }

    static CommandSpec.Builder<Db> spec() {
        return CommandSpec.<Db>container("xinfo", -2)
                .acl(SLOW)
                .doc(StreamDocs.xinfo())
                // Redis lists the subcommands in the order of its subcommand table, which is this one.
                .subcommand(keyed("stream", -3, Sub.STREAM, StreamDocs.xinfoStream()))
                .subcommand(CommandSpec.<Db>command("help", 2, XInfo::help)
                        .flags(CommandFlag.LOADING, CommandFlag.STALE)
                        .acl(STREAM, SLOW)
                        .doc(StreamDocs.xinfoHelp()))
                .subcommand(keyed("groups", 3, Sub.GROUPS, StreamDocs.xinfoGroups()))
                .subcommand(keyed("consumers", 4, Sub.CONSUMERS, StreamDocs.xinfoConsumers())
                        .tips("nondeterministic_output"));
    }

    private static CommandSpec.Builder<Db> keyed(String name, int arity, Sub sub, CommandDoc doc) {
        return CommandSpec.<Db>command(name, arity, new XInfo(sub))
                .flags(CommandFlag.READONLY)
                .acl(READ, STREAM, SLOW)
                .keys(KeySpec.range(2, 0, 1, KeySpec.Flag.RO, KeySpec.Flag.ACCESS))
                .doc(doc);
    }

    private static void help(CommandContext<? extends Db> ctx) {
        ctx.replyHelp("XINFO",
                "CONSUMERS <key> <groupname>",
                "    Show consumers of <groupname>.",
                "GROUPS <key>",
                "    Show the stream consumer groups.",
                "STREAM <key> [FULL [COUNT <count>]",
                "    Show information about the stream.");
    }

    @Override
    public void execute(CommandContext<? extends Db> ctx) {
        Argv argv = ctx.argv();
        StreamValue s = Streams.lookup(ctx, 2, true);
        if (s == Streams.WRONG_TYPE) {
            return;
        }
        if (s == null) {
            ctx.reply().error("no such key");
            return;
        }
        long now = ctx.db().keyspace().now();
        RespEncoder reply = ctx.reply();
        switch (sub) {
            case CONSUMERS -> {
                ConsumerGroup g = s.group(argv.copy(3));
                if (g == null) {
                    reply.error("-NOGROUP No such consumer group '" + XRead.latin1(argv.copy(3)) + "' for key name '"
                            + XRead.latin1(argv.copy(2)) + "'");
                    return;
                }
                reply.arrayHeader(g.consumers.size());
                for (ConsumerGroup.Consumer c : g.consumers.values()) {
                    reply.mapHeader(3);
                    reply.bulkAscii("name");
                    reply.bulk(c.name);
                    reply.bulkAscii("pending");
                    reply.integer(c.pel.size());
                    reply.bulkAscii("idle");
                    reply.integer(Math.max(0, now - c.seenTime));
                }
            }
            case GROUPS -> {
                reply.arrayHeader(s.groupCount());
                if (s.groups == null) {
                    return;
                }
                for (ConsumerGroup g : s.groups.values()) {
                    reply.mapHeader(6);
                    reply.bulkAscii("name");
                    reply.bulk(g.name);
                    reply.bulkAscii("consumers");
                    reply.integer(g.consumers.size());
                    reply.bulkAscii("pending");
                    reply.integer(g.pel.size());
                    reply.bulkAscii("last-delivered-id");
                    Streams.writeId(reply, g.lastId);
                    writeEntriesReadAndLag(reply, s, g);
                }
            }
            case STREAM -> stream(ctx, s);
            default -> throw new IllegalStateException();
        }
    }

    private static void writeEntriesReadAndLag(RespEncoder reply, StreamValue s, ConsumerGroup g) {
        reply.bulkAscii("entries-read");
        if (g.entriesRead != ConsumerGroup.SCG_INVALID_ENTRIES_READ) {
            reply.integer(g.entriesRead);
        } else {
            reply.nullBulk();
        }
        reply.bulkAscii("lag");
        Long lag = s.lag(g);
        if (lag == null) {
            reply.nullBulk();
        } else {
            reply.integer(lag);
        }
    }

    private static void stream(CommandContext<? extends Db> ctx, StreamValue s) {
        Argv argv = ctx.argv();
        RespEncoder reply = ctx.reply();
        boolean full = false;
        long count = FULL_DEFAULT_COUNT;
        if (argv.argc() > 3) {
            if (!argv.equalsIgnoreCase(3, "FULL")) {
                subcommandSyntaxError(ctx);
                return;
            }
            full = true;
            if (argv.argc() == 6 && argv.equalsIgnoreCase(4, "COUNT")) {
                Long n = Streams.parseLong(ctx, 5);
                if (n == null) {
                    return;
                }
                count = n < 0 ? FULL_DEFAULT_COUNT : n;
            } else if (argv.argc() != 4) {
                subcommandSyntaxError(ctx);
                return;
            }
        }
        reply.mapHeader(full ? 9 : 10);
        reply.bulkAscii("length");
        reply.integer(s.length);
        reply.bulkAscii("radix-tree-keys");
        reply.integer(s.nodes.size());
        reply.bulkAscii("radix-tree-nodes");
        reply.integer(RaxShape.nodeCount(s.nodes.keySet()));
        reply.bulkAscii("last-generated-id");
        Streams.writeId(reply, s.lastId);
        reply.bulkAscii("max-deleted-entry-id");
        Streams.writeId(reply, s.maxDeletedId);
        reply.bulkAscii("entries-added");
        reply.integer(s.entriesAdded);
        reply.bulkAscii("recorded-first-entry-id");
        Streams.writeId(reply, s.firstId);
        if (!full) {
            reply.bulkAscii("groups");
            reply.integer(s.groupCount());
            reply.bulkAscii("first-entry");
            if (!GroupReads.writeEdge(reply, s, false)) {
                reply.nullBulk();
            }
            reply.bulkAscii("last-entry");
            if (!GroupReads.writeEdge(reply, s, true)) {
                reply.nullBulk();
            }
            return;
        }
        reply.bulkAscii("entries");
        XRange.writeRange(ctx, s, StreamId.MIN, StreamId.MAX, count, false);
        reply.bulkAscii("groups");
        reply.arrayHeader(s.groupCount());
        if (s.groups == null) {
            return;
        }
        for (ConsumerGroup g : s.groups.values()) {
            reply.mapHeader(7);
            reply.bulkAscii("name");
            reply.bulk(g.name);
            reply.bulkAscii("last-delivered-id");
            Streams.writeId(reply, g.lastId);
            writeEntriesReadAndLag(reply, s, g);
            reply.bulkAscii("pel-count");
            reply.integer(g.pel.size());
            reply.bulkAscii("pending");
            long n = count == 0 ? g.pel.size() : Math.min(count, g.pel.size());
            reply.arrayHeader(n);
            long written = 0;
            for (Map.Entry<StreamId, ConsumerGroup.PendingEntry> e : g.pel.entrySet()) {
                if (written++ == n) {
                    break;
                }
                reply.arrayHeader(4);
                Streams.writeId(reply, e.getKey());
                reply.bulk(e.getValue().consumer.name);
                reply.integer(e.getValue().deliveryTime);
                reply.integer(e.getValue().deliveryCount);
            }
            reply.bulkAscii("consumers");
            reply.arrayHeader(g.consumers.size());
            for (ConsumerGroup.Consumer c : g.consumers.values()) {
                reply.mapHeader(4);
                reply.bulkAscii("name");
                reply.bulk(c.name);
                reply.bulkAscii("seen-time");
                reply.integer(c.seenTime);
                reply.bulkAscii("pel-count");
                reply.integer(c.pel.size());
                reply.bulkAscii("pending");
                long m = count == 0 ? c.pel.size() : Math.min(count, c.pel.size());
                reply.arrayHeader(m);
                long w = 0;
                for (Map.Entry<StreamId, ConsumerGroup.PendingEntry> e : c.pel.entrySet()) {
                    if (w++ == m) {
                        break;
                    }
                    reply.arrayHeader(3);
                    Streams.writeId(reply, e.getKey());
                    reply.integer(e.getValue().deliveryTime);
                    reply.integer(e.getValue().deliveryCount);
                }
            }
        }
    }

    private static void subcommandSyntaxError(CommandContext<?> ctx) {
        ctx.reply().error("unknown subcommand or wrong number of arguments for '" + ctx.argv().string(1)
                + "'. Try XINFO HELP.");
    }
}
