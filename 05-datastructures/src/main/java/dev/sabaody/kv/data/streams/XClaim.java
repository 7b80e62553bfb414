package dev.sabaody.kv.data.streams;

import static dev.sabaody.kv.resp.AclCategory.FAST;
import static dev.sabaody.kv.resp.AclCategory.STREAM;
import static dev.sabaody.kv.resp.AclCategory.WRITE;

import dev.sabaody.kv.data.Db;
import dev.sabaody.kv.resp.Argv;
import dev.sabaody.kv.resp.Command;
import dev.sabaody.kv.resp.CommandContext;
import dev.sabaody.kv.resp.CommandFlag;
import dev.sabaody.kv.resp.CommandSpec;
import dev.sabaody.kv.resp.KeySpec;
import dev.sabaody.kv.resp.RespEncoder;
import java.util.ArrayList;
import java.util.List;

/**
 * XCLAIM key group consumer min-idle-time id [id ...] [IDLE ms] [TIME unix-ms] [RETRYCOUNT n]
 * [FORCE] [JUSTID] [LASTID id] (xclaimCommand): takes pending entries idle for at least
 * min-idle-time over to {@code consumer}.
 *
 * <p>IDs come first; the first argument that does not parse as an ID starts the options. A pending
 * entry whose stream entry was deleted is dropped from the PEL and not answered; FORCE creates the
 * pending entry of an existing stream entry that was not pending. Each claimed entry counts as one
 * more delivery unless JUSTID (or RETRYCOUNT sets the count).
 */
final class XClaim implements Command<Db> {

    static CommandSpec.Builder<Db> spec() {
        return CommandSpec.<Db>command("xclaim", -6, new XClaim())
                .flags(CommandFlag.WRITE, CommandFlag.FAST)
                .acl(WRITE, STREAM, FAST)
                .tips("nondeterministic_output")
                .keys(KeySpec.range(1, 0, 1, KeySpec.Flag.RW, KeySpec.Flag.UPDATE))
                .doc(StreamDocs.xclaim());
    }

    @Override
    public void execute(CommandContext<? extends Db> ctx) {
        Argv argv = ctx.argv();
        RespEncoder reply = ctx.reply();
        StreamValue s = Streams.lookup(ctx, 1, true);
        if (s == Streams.WRONG_TYPE) {
            return;
        }
        ConsumerGroup g = s == null ? null : s.group(argv.copy(2));
        if (g == null) {
            reply.error("-NOGROUP No such key '" + XRead.latin1(argv.copy(1)) + "' or consumer group '"
                    + XRead.latin1(argv.copy(2)) + "'");
            return;
        }
        if (!argv.parseLong(4)) {
            reply.error("Invalid min-idle-time argument for XCLAIM");
            return;
        }
        long minIdle = Math.max(0, argv.parsedLong());
        List<StreamId> ids = new ArrayList<>();
        int j = 5;
        for (; j < argv.argc(); j++) {
            StreamId id = StreamId.parse(argv, j, 0, true);
            if (id == null) {
                break;
            }
            ids.add(id);
        }
        long now = ctx.db().keyspace().now();
        long retryCount = -1;
        long deliveryTime = -1;
        boolean force = false;
        boolean justId = false;
        StreamId lastId = StreamId.MIN;
        for (; j < argv.argc(); j++) {
            int moreArgs = argv.argc() - 1 - j;
            if (argv.equalsIgnoreCase(j, "FORCE")) {
                force = true;
            } else if (argv.equalsIgnoreCase(j, "JUSTID")) {
                justId = true;
            } else if (argv.equalsIgnoreCase(j, "IDLE") && moreArgs > 0) {
                j++;
                if (!argv.parseLong(j)) {
                    reply.error("Invalid IDLE option argument for XCLAIM");
                    return;
                }
                deliveryTime = now - argv.parsedLong();
            } else if (argv.equalsIgnoreCase(j, "TIME") && moreArgs > 0) {
                j++;
                if (!argv.parseLong(j)) {
                    reply.error("Invalid TIME option argument for XCLAIM");
                    return;
                }
                deliveryTime = argv.parsedLong();
            } else if (argv.equalsIgnoreCase(j, "RETRYCOUNT") && moreArgs > 0) {
                j++;
                if (!argv.parseLong(j)) {
                    reply.error("Invalid RETRYCOUNT option argument for XCLAIM");
                    return;
                }
                retryCount = argv.parsedLong();
            } else if (argv.equalsIgnoreCase(j, "LASTID") && moreArgs > 0) {
                j++;
                lastId = StreamId.parse(argv, j, 0, true);
                if (lastId == null) {
                    reply.error(StreamId.INVALID);
                    return;
                }
            } else {
                reply.error("Unrecognized XCLAIM option '" + XRead.latin1(cString(argv.copy(j))) + "'");
                return;
            }
        }
        if (lastId.compareTo(g.lastId) > 0) {
            g.lastId = lastId;
        }
        if (deliveryTime != -1) {
            if (deliveryTime < 0 || deliveryTime > now) {
                deliveryTime = now; // a client's clock ahead of ours is not worth an error
            }
        } else {
            deliveryTime = now;
        }
        byte[] name = argv.copy(3);
        ConsumerGroup.Consumer consumer = null;
        boolean newConsumer = g.lookupConsumer(name) == null;
        long changes = 0;
        List<StreamId> claimed = new ArrayList<>();
        for (StreamId id : ids) {
            ConsumerGroup.PendingEntry p = g.pel.get(id);
            if (!GroupReads.exists(s, id)) {
                if (p != null) {
                    g.pel.remove(id);
                    p.consumer.pel.remove(id);
                    changes++;
                }
                continue;
            }
            if (force && p == null) {
                p = new ConsumerGroup.PendingEntry(null, now);
                g.pel.put(id, p);
            }
            if (p == null) {
                continue;
            }
            if (p.consumer != null && minIdle != 0 && now - p.deliveryTime < minIdle) {
                continue;
            }
            if (consumer == null) {
                consumer = g.consumer(name, now, ctx.db(), argv, 1);
                consumer.seenTime = now;
            }
            if (p.consumer != consumer && p.consumer != null) {
                p.consumer.pel.remove(id);
            }
            p.deliveryTime = deliveryTime;
            if (retryCount >= 0) {
                p.deliveryCount = retryCount;
            } else if (!justId) {
                p.deliveryCount++;
            }
            if (p.consumer != consumer) {
                consumer.pel.put(id, p);
                p.consumer = consumer;
            }
            claimed.add(id);
        }
        reply.arrayHeader(claimed.size());
        for (StreamId id : claimed) {
            if (justId) {
                Streams.writeId(reply, id);
            } else {
                GroupReads.writeOne(reply, s, id);
            }
        }
        long mark = ctx.db().changeMark();
        ctx.db().signalModified(argv.copy(1));
        // xclaimCommand: server.dirty++ per entry claimed or dropped, and for a consumer created
        ctx.db().countChanges(mark, changes + claimed.size() + (newConsumer && consumer != null ? 1 : 0));
    }

    /** The bytes up to the first NUL: Redis formats the option with %s. */
    static byte[] cString(byte[] b) {
        for (int i = 0; i < b.length; i++) {
            if (b[i] == 0) {
                return java.util.Arrays.copyOf(b, i);
            }
        }
        return b;
    }
}
