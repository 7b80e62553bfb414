package dev.sabaody.kv.data.streams;

import dev.sabaody.kv.data.Db;
import dev.sabaody.kv.data.KeyspaceEvents;
import dev.sabaody.kv.resp.Argv;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * A consumer group (stream.h streamCG): the last ID delivered to it, how many entries it has read,
 * its consumers, and its pending entries list (PEL): the IDs delivered and not yet acknowledged.
 *
 * <h2>Two views of one PEL</h2>
 * Every pending entry is in two ordered maps: the group's, keyed by ID (XPENDING's summary and
 * range, XAUTOCLAIM's scan, XACK), and its consumer's (XREADGROUP with an explicit ID reads the
 * consumer's own history; XPENDING ... consumer). Both hold the same {@link PendingEntry}, so a
 * claim changes the owner in one place and moves the entry between the consumer maps. Redis keeps
 * radix trees keyed by the 128-bit big-endian ID; an ordered map by ID gives the same order and
 * the same "seek to ID, walk forward" operations. Consumers and groups are ordered by name bytes,
 * as Redis's rax orders them, because XINFO lists them in that order.
 */
final class ConsumerGroup {

    /** stream.h SCG_INVALID_ENTRIES_READ: the group's read counter is not known. */
    static final long SCG_INVALID_ENTRIES_READ = -1;

    final byte[] name;
    /** The last ID delivered to any consumer of the group (">" reads after it). */
    StreamId lastId;
    /** Logical count of entries read, for the lag; {@link #SCG_INVALID_ENTRIES_READ} when unknown. */
    long entriesRead;
    final TreeMap<StreamId, PendingEntry> pel = new TreeMap<>();
    final TreeMap<byte[], Consumer> consumers = new TreeMap<>(Arrays::compareUnsigned);

    ConsumerGroup(byte[] name, StreamId lastId, long entriesRead) {
        this.name = name;
        this.lastId = lastId;
        this.entriesRead = entriesRead;
    }

    /** One consumer (streamConsumer): its name, when it was last seen, and its share of the PEL. */
    static final class Consumer {
        final byte[] name;
        /** Unix ms of its last XREADGROUP/XCLAIM (XINFO CONSUMERS' idle). */
        long seenTime;
        final TreeMap<StreamId, PendingEntry> pel = new TreeMap<>();

        Consumer(byte[] name, long seenTime) {
            this.name = name;
            this.seenTime = seenTime;
        }
    }

    /** A delivered, unacknowledged entry (streamNACK). */
    static final class PendingEntry {
        /** Unix ms of the last delivery (XPENDING's idle, XCLAIM's min-idle-time). */
        long deliveryTime;
        long deliveryCount;
        Consumer consumer;

        PendingEntry(Consumer consumer, long deliveryTime) {
            this.consumer = consumer;
            this.deliveryTime = deliveryTime;
            this.deliveryCount = 1;
        }
    }

    Consumer lookupConsumer(byte[] consumerName) {
        return consumers.get(consumerName);
    }

    Consumer createConsumer(byte[] consumerName, long now) {
        Consumer c = new Consumer(consumerName, now);
        consumers.put(consumerName, c);
        return c;
    }

    /**
     * The consumer, created if missing (XREADGROUP, XCLAIM, XAUTOCLAIM), which is notified as
     * "xgroup-createconsumer" on the stream, argument {@code keyIndex} (streamCreateConsumer, SCC_DEFAULT).
     */
    Consumer consumer(byte[] consumerName, long now, Db db, Argv argv, int keyIndex) {
        Consumer c = consumers.get(consumerName);
        if (c != null) {
            return c;
        }
        c = createConsumer(consumerName, now);
        db.notify(KeyspaceEvents.STREAM, "xgroup-createconsumer", argv, keyIndex);
        return c;
    }

    /** Removes a consumer and its pending entries from the group's PEL; returns how many it had. */
    long deleteConsumer(Consumer c) {
        long pending = c.pel.size();
        for (StreamId id : c.pel.keySet()) {
            pel.remove(id);
        }
        consumers.remove(c.name);
        return pending;
    }

    /** A deep copy, the PEL entries relinked to the copied consumers (COPY). */
    ConsumerGroup copy() {
        ConsumerGroup g = new ConsumerGroup(name.clone(), lastId, entriesRead);
        for (Consumer c : consumers.values()) {
            Consumer cc = new Consumer(c.name.clone(), c.seenTime);
            g.consumers.put(cc.name, cc);
            for (Map.Entry<StreamId, PendingEntry> e : c.pel.entrySet()) {
                PendingEntry p = new PendingEntry(cc, e.getValue().deliveryTime);
                p.deliveryCount = e.getValue().deliveryCount;
                cc.pel.put(e.getKey(), p);
                g.pel.put(e.getKey(), p);
            }
        }
        return g;
    }
}
