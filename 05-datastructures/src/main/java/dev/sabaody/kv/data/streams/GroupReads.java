package dev.sabaody.kv.data.streams;

import dev.sabaody.kv.resp.CommandContext;
import dev.sabaody.kv.resp.RespEncoder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reading through a consumer group (streamReplyWithRange with a group, and
 * streamReplyWithRangeFromConsumerPEL): what XREADGROUP delivers and how the group's state moves.
 */
final class GroupReads {

    private GroupReads() {
    }

    /**
     * Delivers the entries from {@code start} on (at most {@code count}, 0 for all) to
     * {@code consumer}: the group's last ID and read counter move past each, and unless
     * {@code noack} each becomes pending for the consumer (taken from another consumer if it was
     * already pending, which only a group moved back by SETID can see).
     */
    static void deliver(CommandContext<?> ctx, StreamValue s, ConsumerGroup g, ConsumerGroup.Consumer consumer,
                        StreamId start, long count, boolean noack, long now) {
        List<StreamNode> nodes = new ArrayList<>();
        List<Integer> offsets = new ArrayList<>();
        StreamIterator it = new StreamIterator(s, start, StreamId.MAX, false);
        while ((count == 0 || nodes.size() < count) && it.next()) {
            nodes.add(it.node());
            offsets.add(it.cursor().at);
        }
        RespEncoder reply = ctx.reply();
        reply.arrayHeader(nodes.size());
        StreamNode.Cursor c = new StreamNode.Cursor();
        for (int i = 0; i < nodes.size(); i++) {
            StreamNode node = nodes.get(i);
            node.read(offsets.get(i), c);
            Streams.writeEntry(reply, node, c);
            StreamId id = c.id();
            if (id.compareTo(g.lastId) > 0) {
                if (g.entriesRead != ConsumerGroup.SCG_INVALID_ENTRIES_READ && !s.rangeHasTombstones(id, null)) {
                    g.entriesRead++;
                } else if (s.entriesAdded != 0) {
                    g.entriesRead = s.estimateDistanceFromFirstEverEntry(id);
                }
                g.lastId = id;
            }
            if (!noack) {
                ConsumerGroup.PendingEntry p = g.pel.get(id);
                if (p == null) {
                    p = new ConsumerGroup.PendingEntry(consumer, now);
                    g.pel.put(id, p);
                } else {
                    p.consumer.pel.remove(id);
                    p.consumer = consumer;
                    p.deliveryTime = now;
                    p.deliveryCount = 1;
                }
                consumer.pel.put(id, p);
            }
        }
    }

    /**
     * The consumer's own pending entries from {@code start} on: each entry still in the stream with
     * its fields, a deleted one as [id, null]; each counts as delivered again.
     */
    static void replyFromConsumerPel(CommandContext<?> ctx, StreamValue s, ConsumerGroup.Consumer consumer,
                                     StreamId start, long count, long now) {
        List<Map.Entry<StreamId, ConsumerGroup.PendingEntry>> picked = new ArrayList<>();
        for (Map.Entry<StreamId, ConsumerGroup.PendingEntry> e : consumer.pel.tailMap(start, true).entrySet()) {
            if (count != 0 && picked.size() >= count) {
                break;
            }
            picked.add(e);
        }
        RespEncoder reply = ctx.reply();
        reply.arrayHeader(picked.size());
        for (Map.Entry<StreamId, ConsumerGroup.PendingEntry> e : picked) {
            if (!writeOne(reply, s, e.getKey())) {
                reply.arrayHeader(2);
                Streams.writeId(reply, e.getKey());
                reply.nullArray();
            } else {
                e.getValue().deliveryTime = now;
                e.getValue().deliveryCount++;
            }
        }
    }

    /** Writes the entry {@code id} if the stream still has it; returns whether it did. */
    static boolean writeOne(RespEncoder reply, StreamValue s, StreamId id) {
        StreamIterator it = new StreamIterator(s, id, id, false);
        if (!it.next()) {
            return false;
        }
        Streams.writeEntry(reply, it.node(), it.cursor());
        return true;
    }

    /** Whether the stream holds the entry {@code id}. */
    static boolean exists(StreamValue s, StreamId id) {
        return new StreamIterator(s, id, id, false).next();
    }

    /** Writes the first (or last) live entry; false when the stream is empty. */
    static boolean writeEdge(RespEncoder reply, StreamValue s, boolean last) {
        StreamIterator it = new StreamIterator(s, StreamId.MIN, StreamId.MAX, last);
        if (!it.next()) {
            return false;
        }
        Streams.writeEntry(reply, it.node(), it.cursor());
        return true;
    }
}
