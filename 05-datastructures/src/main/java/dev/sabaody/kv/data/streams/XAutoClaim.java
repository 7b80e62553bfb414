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
import java.util.Map;

/**
 * XAUTOCLAIM key group consumer min-idle-time start [COUNT count] [JUSTID] (xautoclaimCommand):
 * XCLAIM of whatever is pending and idle enough, scanning the group's PEL from {@code start}.
 *
 * <p>Answers [next start, claimed entries, IDs dropped because their entry was deleted]. The scan
 * looks at no more than ten times COUNT pending entries (attempts_factor), so a PEL full of busy
 * entries cannot make one call walk it all; the cursor tells the client where to go on, 0-0 at the
 * end.
 */
final class XAutoClaim implements Command<Db> {

    /** t_stream.c attempts_factor: pending entries looked at per entry asked for. */
    static final long ATTEMPTS_FACTOR = 10;
    /** t_stream.c: COUNT's default. */
    static final long DEFAULT_COUNT = 100;
    /** t_stream.c: COUNT at most LONG_MAX / max(sizeof(streamID), attempts_factor). */
    static final long MAX_COUNT = Long.MAX_VALUE / 16;

    static CommandSpec.Builder<Db> spec() {
        return CommandSpec.<Db>command("xautoclaim", -6, new XAutoClaim())
                .flags(CommandFlag.WRITE, CommandFlag.FAST)
                .acl(WRITE, STREAM, FAST)
                .tips("nondeterministic_output")
                .keys(KeySpec.range(1, 0, 1, KeySpec.Flag.RW, KeySpec.Flag.DELETE))
                .doc(StreamDocs.xautoclaim());
    }

    @Override
    public void execute(CommandContext<? extends Db> ctx) {
        Argv argv = ctx.argv();
        RespEncoder reply = ctx.reply();
        if (!argv.parseLong(4)) {
            reply.error("Invalid min-idle-time argument for XAUTOCLAIM");
            return;
        }
        long minIdle = Math.max(0, argv.parsedLong());
        StreamId start = XRange.parseBound(ctx, 5, 0, true);
        if (start == null) {
            return;
        }
        long count = DEFAULT_COUNT;
        boolean justId = false;
        for (int j = 6; j < argv.argc(); j++) {
            int moreArgs = argv.argc() - 1 - j;
            if (argv.equalsIgnoreCase(j, "COUNT") && moreArgs > 0) {
                if (!argv.parseLong(j + 1) || argv.parsedLong() < 1 || argv.parsedLong() > MAX_COUNT) {
                    reply.error("COUNT must be > 0");
                    return;
                }
                count = argv.parsedLong();
                j++;
            } else if (argv.equalsIgnoreCase(j, "JUSTID")) {
                justId = true;
            } else {
                ctx.replySyntaxError();
                return;
            }
        }
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
        long attempts = count * ATTEMPTS_FACTOR;
        long now = ctx.db().keyspace().now();
        byte[] name = argv.copy(3);
        ConsumerGroup.Consumer consumer = null;
        boolean newConsumer = g.lookupConsumer(name) == null;
        List<StreamId> claimed = new ArrayList<>();
        List<StreamId> deleted = new ArrayList<>();
        StreamId at = start;
        StreamId next = null;
        boolean scanning = true;
        while (scanning) {
            if (attempts-- == 0 || count == 0) {
                Map.Entry<StreamId, ConsumerGroup.PendingEntry> e = g.pel.ceilingEntry(at);
                next = e == null ? null : e.getKey();
                break;
            }
            Map.Entry<StreamId, ConsumerGroup.PendingEntry> e = g.pel.ceilingEntry(at);
            if (e == null) {
                break;
            }
            StreamId id = e.getKey();
            ConsumerGroup.PendingEntry p = e.getValue();
            at = id.next();
            if (at == null) {
                scanning = false; // the largest ID: nothing can follow
            }
            if (!GroupReads.exists(s, id)) {
                g.pel.remove(id);
                p.consumer.pel.remove(id);
                deleted.add(id);
                count--;
                continue;
            }
            if (minIdle != 0 && now - p.deliveryTime < minIdle) {
                continue;
            }
            if (consumer == null) {
                consumer = g.consumer(name, now, ctx.db(), argv, 1);
                consumer.seenTime = now;
            }
            if (p.consumer != consumer) {
                p.consumer.pel.remove(id);
            }
            p.deliveryTime = now;
            if (!justId) {
                p.deliveryCount++;
            }
            if (p.consumer != consumer) {
                consumer.pel.put(id, p);
                p.consumer = consumer;
            }
            claimed.add(id);
            count--;
        }
        reply.arrayHeader(3);
        Streams.writeId(reply, next == null ? StreamId.MIN : next);
        reply.arrayHeader(claimed.size());
        for (StreamId id : claimed) {
            if (justId) {
                Streams.writeId(reply, id);
            } else {
                GroupReads.writeOne(reply, s, id);
            }
        }
        reply.arrayHeader(deleted.size());
        for (StreamId id : deleted) {
            Streams.writeId(reply, id);
        }
        long mark = ctx.db().changeMark();
        ctx.db().signalModified(argv.copy(1));
        // xautoclaimCommand: server.dirty++ per entry claimed or dropped, and for a consumer created
        ctx.db().countChanges(mark, claimed.size() + deleted.size() + (newConsumer && consumer != null ? 1 : 0));
    }
}
