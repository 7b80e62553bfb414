package dev.sabaody.kv.data.streams;

import static dev.sabaody.kv.resp.AclCategory.BLOCKING;
import static dev.sabaody.kv.resp.AclCategory.READ;
import static dev.sabaody.kv.resp.AclCategory.SLOW;
import static dev.sabaody.kv.resp.AclCategory.STREAM;
import static dev.sabaody.kv.resp.AclCategory.WRITE;

import dev.sabaody.kv.data.Blocking;
import dev.sabaody.kv.data.Db;
import dev.sabaody.kv.data.Entry;
import dev.sabaody.kv.data.Values;
import dev.sabaody.kv.resp.Argv;
import dev.sabaody.kv.resp.Command;
import dev.sabaody.kv.resp.CommandContext;
import dev.sabaody.kv.resp.CommandFlag;
import dev.sabaody.kv.resp.CommandSpec;
import dev.sabaody.kv.resp.KeySpec;
import dev.sabaody.kv.resp.RespEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

/**
 * XREAD [COUNT n] [BLOCK ms] STREAMS key [key ...] id [id ...] and
 * XREADGROUP GROUP group consumer [COUNT n] [BLOCK ms] [NOACK] STREAMS key [key ...] id [id ...]
 * (xreadCommand).
 *
 * <p>XREAD answers the entries after each ID ("$": after the stream's last ID now). XREADGROUP
 * with ">" delivers entries after the group's last delivered ID and records them in the PEL (unless
 * NOACK); with an explicit ID it re-reads the consumer's own pending entries. The reply holds only
 * the streams that had something, as [[key, entries], ...] (a map in RESP3).
 *
 * <h2>Blocking</h2>
 * With BLOCK and nothing to serve, the client waits on all the keys ({@link Blocking#block}).
 * Any XADD (and XGROUP DESTROY) marks the key ready and the command runs again, serving only from
 * that key ({@link Blocking#servingIndex}), as Redis 7.0's serveClientsBlockedOnStreamKey does.
 * Running again is why "$" is rewritten into the stream's last ID before blocking (Redis 7.2
 * rewrites its argv the same way): retried as typed, "$" would mean "after the entry that just
 * woke me" and the client would never be served. A woken XREADGROUP whose group was destroyed gets
 * 7.0's NOGROUP error; a woken read without COUNT gets at most
 * {@link Streams#XREAD_BLOCKED_DEFAULT_COUNT} entries.
 */
final class XRead implements Command<Db> {

    /** Past this many milliseconds a BLOCK waits for ever (the loop's timers count nanoseconds). */
    private static final long FOREVER_BEYOND_MILLIS = 10L * 365 * 24 * 3600 * 1000;

    private final boolean group;

    private XRead(boolean group) {
        this.group = group;
    }

    static CommandSpec.Builder<Db> xread() {
        return CommandSpec.<Db>command("xread", -4, new XRead(false))
                .flags(CommandFlag.READONLY, CommandFlag.BLOCKING)
                .acl(READ, STREAM, SLOW, BLOCKING)
                .keys(new KeySpec(null, EnumSet.of(KeySpec.Flag.RO, KeySpec.Flag.ACCESS),
                        new KeySpec.Keyword("STREAMS", 1), new KeySpec.Range(-1, 1, 2)))
                .doc(StreamDocs.xread());
    }

    static CommandSpec.Builder<Db> xreadgroup() {
        return CommandSpec.<Db>command("xreadgroup", -7, new XRead(true))
                .flags(CommandFlag.WRITE, CommandFlag.BLOCKING)
                .acl(WRITE, STREAM, SLOW, BLOCKING)
                .keys(new KeySpec(null, EnumSet.of(KeySpec.Flag.RO, KeySpec.Flag.ACCESS),
                        new KeySpec.Keyword("STREAMS", 4), new KeySpec.Range(-1, 1, 2)))
                .doc(StreamDocs.xreadgroup());
    }

    @Override
    public void execute(CommandContext<? extends Db> ctx) {
        Argv argv = ctx.argv();
        RespEncoder reply = ctx.reply();
        long timeout = -1;
        long count = 0;
        int streamsArg = 0;
        int streamsCount = 0;
        boolean noack = false;
        byte[] groupName = null;
        byte[] consumerName = null;
        for (int i = 1; i < argv.argc(); i++) {
            int moreArgs = argv.argc() - i - 1;
            if (argv.equalsIgnoreCase(i, "BLOCK") && moreArgs > 0) {
                i++;
                if (!argv.parseLong(i)) {
                    reply.error("timeout is not an integer or out of range");
                    return;
                }
                timeout = argv.parsedLong();
                if (timeout < 0) {
                    reply.error("timeout is negative");
                    return;
                }
            } else if (argv.equalsIgnoreCase(i, "COUNT") && moreArgs > 0) {
                i++;
                Long n = Streams.parseLong(ctx, i);
                if (n == null) {
                    return;
                }
                count = Math.max(n, 0);
            } else if (argv.equalsIgnoreCase(i, "STREAMS") && moreArgs > 0) {
                streamsArg = i + 1;
                streamsCount = argv.argc() - streamsArg;
                if (streamsCount % 2 != 0) {
                    // 7.0 says XREAD and '$' for XREADGROUP too
                    reply.error("Unbalanced XREAD list of streams: for each stream key an ID or '$' must be specified.");
                    return;
                }
                streamsCount /= 2;
                break;
            } else if (argv.equalsIgnoreCase(i, "GROUP") && moreArgs >= 2) {
                if (!group) {
                    reply.error("The GROUP option is only supported by XREADGROUP. You called XREAD instead.");
                    return;
                }
                groupName = argv.copy(i + 1);
                consumerName = argv.copy(i + 2);
                i += 2;
            } else if (argv.equalsIgnoreCase(i, "NOACK")) {
                if (!group) {
                    reply.error("The NOACK option is only supported by XREADGROUP. You called XREAD instead.");
                    return;
                }
                noack = true;
            } else {
                ctx.replySyntaxError();
                return;
            }
        }
        if (streamsArg == 0) {
            ctx.replySyntaxError();
            return;
        }
        if (group && groupName == null) {
            reply.error("Missing GROUP option for XREADGROUP");
            return;
        }

        int serving = Blocking.servingIndex(ctx, streamsArg, streamsArg + streamsCount - 1);
        if (serving >= 0) {
            retry(ctx, serving, streamsArg, streamsCount, count, groupName, consumerName, noack, timeout);
            return;
        }

        // Resolve the IDs (and groups), in argument order, erring at the first bad one.
        Db db = ctx.db();
        StreamId[] ids = new StreamId[streamsCount];
        ConsumerGroup[] groups = group ? new ConsumerGroup[streamsCount] : null;
        boolean rewrite = false;
        for (int k = 0; k < streamsCount; k++) {
            int keyArg = streamsArg + k;
            int idArg = keyArg + streamsCount;
            Entry e = db.lookupRead(argv, keyArg);
            if (e != null && !(e.value instanceof StreamValue)) {
                reply.error(Values.WRONGTYPE);
                return;
            }
            StreamValue s = e == null ? null : (StreamValue) e.value;
            if (group) {
                ConsumerGroup g = s == null ? null : s.group(groupName);
                if (g == null) {
                    reply.error("-NOGROUP No such key '" + latin1(argv.copy(keyArg)) + "' or consumer group '"
                            + latin1(groupName) + "' in XREADGROUP with GROUP option");
                    return;
                }
                groups[k] = g;
            }
            if (isSymbol(argv, idArg, '$')) {
                if (group) {
                    reply.error("The $ ID is meaningless in the context of XREADGROUP: you want to read the history "
                            + "of this consumer by specifying a proper ID, or use the > ID to get new messages. The $ "
                            + "ID would just return an empty result set.");
                    return;
                }
                ids[k] = s == null ? StreamId.MIN : s.lastId;
                rewrite = true;
                continue;
            }
            if (isSymbol(argv, idArg, '>')) {
                if (!group) {
                    reply.error("The > ID can be specified only when calling XREADGROUP using the GROUP <group> "
                            + "<consumer> option.");
                    return;
                }
                ids[k] = StreamId.MAX; // ">": resolved against the group below
                continue;
            }
            ids[k] = StreamId.parse(argv, idArg, 0, true);
            if (ids[k] == null) {
                reply.error(StreamId.INVALID);
                return;
            }
        }

        // Serve synchronously what can be served.
        List<Integer> served = new ArrayList<>();
        StreamId[] from = new StreamId[streamsCount];
        boolean[] history = new boolean[streamsCount];
        for (int k = 0; k < streamsCount; k++) {
            Entry e = db.lookupRead(argv, streamsArg + k); // xreadCommand looks each stream up twice, counts and notifies twice
            if (e == null) {
                continue;
            }
            StreamValue s = (StreamValue) e.value;
            StreamId gt = ids[k];
            if (group) {
                if (!gt.equals(StreamId.MAX)) {
                    history[k] = true;
                } else if (s.length > 0 && s.lastValidId().compareTo(groups[k].lastId) > 0) {
                    gt = groups[k].lastId;
                } else {
                    continue;
                }
            } else if (s.length == 0 || s.lastValidId().compareTo(gt) <= 0) {
                continue;
            }
            from[k] = gt;
            served.add(k);
        }
        if (!served.isEmpty()) {
            if (reply.protocol() == 2) {
                reply.arrayHeader(served.size());
            } else {
                reply.mapHeader(served.size());
            }
            long mark = db.changeMark();
            long changes = 0;
            for (int k : served) {
                StreamValue s = (StreamValue) db.lookup(argv, streamsArg + k).value;
                if (reply.protocol() == 2) {
                    reply.arrayHeader(2);
                }
                reply.bulk(argv, streamsArg + k);
                StreamId start = from[k].next();
                if (group) {
                    ConsumerGroup g = groups[k];
                    long now = db.keyspace().now();
                    // xreadCommand: server.dirty++ per stream served, and streamCreateConsumer's for a new consumer
                    changes += g.lookupConsumer(consumerName) == null ? 2 : 1;
                    ConsumerGroup.Consumer consumer = g.consumer(consumerName, now, db, argv, streamsArg + k);
                    consumer.seenTime = now;
                    if (history[k]) {
                        GroupReads.replyFromConsumerPel(ctx, s, consumer, start, count, now);
                    } else {
                        GroupReads.deliver(ctx, s, g, consumer, start, count, noack, now);
                    }
                } else {
                    XRange.writeRange(ctx, s, start, StreamId.MAX, count, false);
                }
            }
            if (group) {
                db.signalModified(argv.copy(streamsArg)); // the group moved on
                db.countChanges(mark, changes);
            }
            return;
        }

        if (timeout != -1) {
            if (rewrite) {
                rewriteDollars(ctx, streamsArg, streamsCount, ids);
            }
            block(ctx, streamsArg, streamsCount, timeout);
            return;
        }
        reply.nullArray();
    }

    /**
     * Run again because the key at {@code serving} became ready: serve from that key only, or block
     * again (serveClientsBlockedOnStreamKey).
     */
    private void retry(CommandContext<? extends Db> ctx, int serving, int streamsArg, int streamsCount, long count,
                       byte[] groupName, byte[] consumerName, boolean noack, long timeout) {
        Argv argv = ctx.argv();
        RespEncoder reply = ctx.reply();
        Db db = ctx.db();
        Entry e = db.lookup(argv, serving);
        if (e == null || !(e.value instanceof StreamValue s)) {
            if (group) {
                reply.error("-UNBLOCKED the stream key no longer exists"); // deleted, or now another type
            } else {
                block(ctx, streamsArg, streamsCount, timeout);
            }
            return;
        }
        StreamId gt;
        ConsumerGroup g = null;
        if (group) {
            g = s.group(groupName);
            if (g == null) {
                reply.error("-NOGROUP the consumer group this client was blocked on no longer exists");
                return;
            }
            gt = g.lastId;
        } else {
            gt = StreamId.parse(argv, serving + streamsCount, 0, true);
            if (gt == null) {
                gt = StreamId.MIN;
            }
        }
        if (s.lastId.compareTo(gt) <= 0) {
            block(ctx, streamsArg, streamsCount, timeout);
            return;
        }
        StreamId start = gt.next();
        long n = count != 0 ? count : Streams.XREAD_BLOCKED_DEFAULT_COUNT;
        if (reply.protocol() == 2) {
            reply.arrayHeader(1);
            reply.arrayHeader(2);
        } else {
            reply.mapHeader(1);
        }
        reply.bulk(argv, serving);
        if (g != null) {
            long now = db.keyspace().now();
            ConsumerGroup.Consumer consumer = g.consumer(consumerName, now, db, argv, serving);
            consumer.seenTime = now;
            GroupReads.deliver(ctx, s, g, consumer, start, n, noack, now);
            db.signalModified(argv.copy(serving));
        } else {
            XRange.writeRange(ctx, s, start, StreamId.MAX, n, false);
        }
    }

    private static void block(CommandContext<? extends Db> ctx, int streamsArg, int streamsCount, long timeout) {
        List<byte[]> keys = new ArrayList<>(streamsCount);
        for (int k = 0; k < streamsCount; k++) {
            keys.add(ctx.argv().copy(streamsArg + k));
        }
        long millis = timeout > FOREVER_BEYOND_MILLIS ? 0 : timeout;
        Blocking.block(ctx, keys, millis, Blocking.TimeoutReply.NULL_ARRAY);
    }

    /** Replaces each "$" by the ID it stands for now, in the arguments the blocked command keeps. */
    private static void rewriteDollars(CommandContext<? extends Db> ctx, int streamsArg, int streamsCount,
                                       StreamId[] ids) {
        Argv argv = ctx.argv();
        List<byte[]> args = new ArrayList<>(argv.argc());
        for (int i = 0; i < argv.argc(); i++) {
            int k = i - streamsArg - streamsCount;
            args.add(k >= 0 && isSymbol(argv, i, '$') ? ids[k].toBytes() : argv.copy(i));
        }
        rebind(ctx, Argv.of(args));
    }

    private static <D> void rebind(CommandContext<D> ctx, Argv args) {
        ctx.bind(args, ctx.command());
    }

    private static boolean isSymbol(Argv argv, int i, char symbol) {
        return argv.length(i) == 1 && argv.byteAt(i, 0) == symbol;
    }

    static String latin1(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }
}
