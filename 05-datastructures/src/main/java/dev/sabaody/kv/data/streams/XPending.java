package dev.sabaody.kv.data.streams;

import static dev.sabaody.kv.resp.AclCategory.READ;
import static dev.sabaody.kv.resp.AclCategory.SLOW;
import static dev.sabaody.kv.resp.AclCategory.STREAM;

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
 * XPENDING key group [[IDLE min-idle-time] start end count [consumer]] (xpendingCommand).
 *
 * <p>The summary: how many are pending, the smallest and largest pending ID, and each consumer
 * with pending entries and how many (as bulk strings, as Redis answers). The extended form: up to
 * count pending entries between start and end, each [id, consumer, idle ms, deliveries], from the
 * group's PEL or one consumer's, skipping those idle less than IDLE.
 */
final class XPending implements Command<Db> {

    static CommandSpec.Builder<Db> spec() {
        return CommandSpec.<Db>command("xpending", -3, new XPending())
                .flags(CommandFlag.READONLY)
                .acl(READ, STREAM, SLOW)
                .tips("nondeterministic_output")
                .keys(KeySpec.range(1, 0, 1, KeySpec.Flag.RO, KeySpec.Flag.ACCESS))
                .doc(StreamDocs.xpending());
    }

    @Override
    public void execute(CommandContext<? extends Db> ctx) {
        Argv argv = ctx.argv();
        int argc = argv.argc();
        boolean justInfo = argc == 3;
        if (argc != 3 && (argc < 6 || argc > 9)) {
            ctx.replySyntaxError();
            return;
        }
        long count = 0;
        long minIdle = 0;
        StreamId start = null;
        StreamId end = null;
        byte[] consumerName = null;
        if (argc >= 6) {
            int startIdx = 3;
            if (argv.equalsIgnoreCase(3, "IDLE")) {
                Long n = Streams.parseLong(ctx, 4);
                if (n == null) {
                    return;
                }
                minIdle = n;
                if (argc < 8) {
                    ctx.replySyntaxError();
                    return;
                }
                startIdx += 2;
            }
            Long n = Streams.parseLong(ctx, startIdx + 2);
            if (n == null) {
                return;
            }
            count = Math.max(0, n);
            start = XRange.parseBound(ctx, startIdx, 0, true);
            if (start == null) {
                return;
            }
            end = XRange.parseBound(ctx, startIdx + 1, -1L, false);
            if (end == null) {
                return;
            }
            if (startIdx + 3 < argc) {
                consumerName = argv.copy(startIdx + 3);
            }
        }
        StreamValue s = Streams.lookup(ctx, 1, true);
        if (s == Streams.WRONG_TYPE) {
            return;
        }
        ConsumerGroup g = s == null ? null : s.group(argv.copy(2));
        if (g == null) {
            ctx.reply().error("-NOGROUP No such key '" + XRead.latin1(argv.copy(1)) + "' or consumer group '"
                    + XRead.latin1(argv.copy(2)) + "'");
            return;
        }
        RespEncoder reply = ctx.reply();
        if (justInfo) {
            reply.arrayHeader(4);
            reply.integer(g.pel.size());
            if (g.pel.isEmpty()) {
                reply.nullBulk();
                reply.nullBulk();
                reply.nullArray();
                return;
            }
            Streams.writeId(reply, g.pel.firstKey());
            Streams.writeId(reply, g.pel.lastKey());
            List<ConsumerGroup.Consumer> withPending = new ArrayList<>();
            for (ConsumerGroup.Consumer c : g.consumers.values()) {
                if (!c.pel.isEmpty()) {
                    withPending.add(c);
                }
            }
            reply.arrayHeader(withPending.size());
            for (ConsumerGroup.Consumer c : withPending) {
                reply.arrayHeader(2);
                reply.bulk(c.name);
                reply.bulkAscii(Integer.toString(c.pel.size()));
            }
            return;
        }
        java.util.TreeMap<StreamId, ConsumerGroup.PendingEntry> pel = g.pel;
        if (consumerName != null) {
            ConsumerGroup.Consumer c = g.lookupConsumer(consumerName);
            if (c == null) {
                reply.arrayHeader(0);
                return;
            }
            pel = c.pel;
        }
        long now = ctx.db().keyspace().now();
        List<Map.Entry<StreamId, ConsumerGroup.PendingEntry>> picked = new ArrayList<>();
        if (start.compareTo(end) <= 0) {
            for (Map.Entry<StreamId, ConsumerGroup.PendingEntry> e : pel.subMap(start, true, end, true).entrySet()) {
                if (count == 0) {
                    break;
                }
                if (minIdle != 0 && now - e.getValue().deliveryTime < minIdle) {
                    continue;
                }
                picked.add(e);
                count--;
            }
        }
        reply.arrayHeader(picked.size());
        for (Map.Entry<StreamId, ConsumerGroup.PendingEntry> e : picked) {
            reply.arrayHeader(4);
            Streams.writeId(reply, e.getKey());
            reply.bulk(e.getValue().consumer.name);
            reply.integer(Math.max(0, now - e.getValue().deliveryTime));
            reply.integer(e.getValue().deliveryCount);
        }
    }
}
