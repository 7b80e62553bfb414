package dev.sabaody.kv.data.streams;

import dev.sabaody.kv.data.streams.ConsumerGroup.Consumer;
import dev.sabaody.kv.data.streams.ConsumerGroup.PendingEntry;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A stream taken apart into what an RDB file stores (rdbSaveObject's stream branch, Redis 7.0's
 * RDB_TYPE_STREAM_LISTPACKS_2), and put back together: the seam module 06's persistence uses, so
 * that the stream's inner classes stay private to this package.
 *
 * <p>A node's {@code body} is its listpack after the count and deleted elements, byte for byte as
 * Redis stores it; IDs are (ms, seq) pairs.
 */
public final class StreamParts {

    public record Node(long ms, long seq, int count, int deleted, byte[] body) {
    }

    public record Pending(long ms, long seq, long deliveryTime, long deliveryCount) {
    }

    /** A consumer and the IDs of its pending entries, each {ms, seq}. */
    public record ConsumerPart(byte[] name, long seenTime, List<long[]> pending) {
    }

    public record Group(byte[] name, long lastMs, long lastSeq, long entriesRead, List<Pending> pending,
                        List<ConsumerPart> consumers) {
    }

    public record Parts(List<Node> nodes, long length, long[] lastId, long[] firstId, long[] maxDeletedId,
                        long entriesAdded, List<Group> groups) {
    }

    private StreamParts() {
    }

    public static Parts of(StreamValue s) {
        List<Node> nodes = new ArrayList<>();
        for (StreamNode n : s.nodes.values()) {
            nodes.add(new Node(n.masterMs, n.masterSeq, n.count, n.deleted, Arrays.copyOf(n.body, n.used)));
        }
        List<Group> groups = new ArrayList<>();
        if (s.groups != null) {
            for (ConsumerGroup g : s.groups.values()) {
                List<Pending> pel = new ArrayList<>();
                for (Map.Entry<StreamId, PendingEntry> e : g.pel.entrySet()) {
                    pel.add(new Pending(e.getKey().ms(), e.getKey().seq(), e.getValue().deliveryTime,
                            e.getValue().deliveryCount));
                }
                List<ConsumerPart> consumers = new ArrayList<>();
                for (Consumer c : g.consumers.values()) {
                    List<long[]> ids = new ArrayList<>();
                    for (StreamId id : c.pel.keySet()) {
                        ids.add(new long[] {id.ms(), id.seq()});
                    }
                    consumers.add(new ConsumerPart(c.name, c.seenTime, ids));
                }
                groups.add(new Group(g.name, g.lastId.ms(), g.lastId.seq(), g.entriesRead, pel, consumers));
            }
        }
        return new Parts(nodes, s.length, id(s.lastId), id(s.firstId), id(s.maxDeletedId), s.entriesAdded, groups);
    }

    private static long[] id(StreamId id) {
        return new long[] {id.ms(), id.seq()};
    }

    /**
     * The stream the parts describe. IllegalArgumentException when they contradict themselves: a
     * consumer's pending ID missing from its group's list, or a group entry no consumer owns.
     */
    public static StreamValue build(Parts p) {
        StreamValue s = new StreamValue();
        for (Node n : p.nodes()) {
            StreamNode node = new StreamNode(n.ms(), n.seq(), n.count(), n.deleted(), n.body());
            s.nodes.put(new StreamId(n.ms(), n.seq()), node);
        }
        s.length = p.length();
        s.lastId = new StreamId(p.lastId()[0], p.lastId()[1]);
        s.firstId = new StreamId(p.firstId()[0], p.firstId()[1]);
        s.maxDeletedId = new StreamId(p.maxDeletedId()[0], p.maxDeletedId()[1]);
        s.entriesAdded = p.entriesAdded();
        for (Group g : p.groups()) {
            ConsumerGroup group = s.createGroup(g.name(), new StreamId(g.lastMs(), g.lastSeq()), g.entriesRead());
            if (group == null) {
                throw new IllegalArgumentException("duplicate consumer group");
            }
            TreeMap<StreamId, PendingEntry> unowned = new TreeMap<>();
            for (Pending e : g.pending()) {
                PendingEntry entry = new PendingEntry(null, e.deliveryTime());
                entry.deliveryCount = e.deliveryCount();
                StreamId id = new StreamId(e.ms(), e.seq());
                group.pel.put(id, entry);
                unowned.put(id, entry);
            }
            for (ConsumerPart c : g.consumers()) {
                if (group.lookupConsumer(c.name()) != null) {
                    throw new IllegalArgumentException("duplicate consumer");
                }
                Consumer consumer = group.createConsumer(c.name(), c.seenTime());
                for (long[] idParts : c.pending()) {
                    StreamId id = new StreamId(idParts[0], idParts[1]);
                    PendingEntry entry = unowned.remove(id);
                    if (entry == null) {
                        throw new IllegalArgumentException("consumer pending entry not in the group's list");
                    }
                    entry.consumer = consumer;
                    consumer.pel.put(id, entry);
                }
            }
            if (!unowned.isEmpty()) {
                throw new IllegalArgumentException("group pending entry without a consumer");
            }
        }
        // copy() is the one place that rebuilds everything a stream derives from its nodes (its heap
        // figure among them): the assembled stream is copied once rather than taught those figures twice
        return (StreamValue) s.copy();
    }
}
