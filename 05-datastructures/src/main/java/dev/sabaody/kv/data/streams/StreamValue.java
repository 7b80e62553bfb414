package dev.sabaody.kv.data.streams;

import dev.sabaody.kv.data.HeapLayout;
import dev.sabaody.kv.data.RedisValue;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * A Redis stream: an append-only log of entries, each an ID and a list of field-value pairs, plus
 * the consumer groups that read it.
 *
 * <h2>The structure</h2>
 * <pre>
 *   nodes: ordered by master ID                         groups: ordered by name
 *   ┌──────────────┬──────────────┬─────────────┐        ┌ "g1": last-id, entries-read,
 *   │ 1-0 … 1-99   │ 5-0 … 5-99   │ 9-0 … 9-41  │        │       PEL (ID → owner, time, count),
 *   │ StreamNode   │ StreamNode   │ StreamNode  │        │       consumers (name → own PEL)
 *   │ (a listpack) │ (a listpack) │ (tail)      │        └ ...
 *   └──────────────┴──────────────┴─────────────┘
 * </pre>
 * Redis keeps the nodes in a radix tree (rax.c) keyed by the master ID written as 16 big-endian
 * bytes, so that byte order is ID order. The tree is only ever asked four things: the last node
 * (XADD appends there), the node at or before an ID (a range starts there), the next and previous
 * node (a range goes on), and removing a node (trims and deletions). A {@link TreeMap} answers the
 * same four in O(log n) and is a red-black tree we do not have to write; with a node per 100
 * entries it costs well under a byte per entry. See {@code docs/streams.md} for why the entries
 * are packed in nodes at all.
 *
 * <h2>Invariants</h2>
 * <ul>
 *   <li>{@code length} is the sum of the nodes' live counts; a node whose last live entry is deleted
 *       leaves the tree (an exact MINID trim that stops on a tombstone can leave one with only
 *       tombstones, as Redis's does; readers skip it and XADD may still append to it);
 *   <li>every ID in a node is at least its master ID and less than the next node's master ID;
 *   <li>{@code lastId} is at least every ID ever added (XSETID may raise it further); a new entry's
 *       ID is greater;
 *   <li>{@code maxDeletedId} is the largest ID ever deleted by XDEL (trims do not count), 0-0 if none.
 * </ul>
 */
public final class StreamValue extends RedisValue {

    /** redis.conf stream-node-max-bytes: a node stops taking entries at this size (bytes). */
    static final int STREAM_NODE_MAX_BYTES = 4096;
    /** redis.conf stream-node-max-entries: a node stops taking entries at this many (live + deleted). */
    static final int STREAM_NODE_MAX_ENTRIES = 100;
    /** stream.h STREAM_LISTPACK_MAX_SIZE: the largest node, and the largest entry's total field bytes. */
    static final long STREAM_LISTPACK_MAX_SIZE = 1L << 30;
    /** t_stream.c STREAM_LISTPACK_MAX_PRE_ALLOCATE: the room a new node is created with (bytes). */
    static final int STREAM_LISTPACK_MAX_PRE_ALLOCATE = 4096;

    final TreeMap<StreamId, StreamNode> nodes = new TreeMap<>();
    long length;
    StreamId lastId = StreamId.MIN;

    /** The last ID the stream has given out, as XADD replies it ("ms-seq"): what the log writes for "*". */
    public String lastIdText() {
        return lastId.toString();
    }
    StreamId firstId = StreamId.MIN;
    StreamId maxDeletedId = StreamId.MIN;
    long entriesAdded;
    /** Null until the first group, as Redis's cgroups rax. */
    TreeMap<byte[], ConsumerGroup> groups;

    @Override
    public long bytes() {
        // The nodes as they come, grow and go; consumer groups and their pending entries are not counted.
        return HeapLayout.object(16 + 8 + 4L * HeapLayout.REF + 8 + 8) + 3 * STREAM_ID + nodeBytes;
    }

    /** Bytes of every node: its map entry, id, object, body and master-field offsets ({@link #bytes}). */
    long nodeBytes;

    /** What one node costs in the heap. */
    static long nodeBytes(StreamNode n) {
        return TREE_ENTRY + STREAM_ID + NODE + HeapLayout.bytes(n.body.length) + HeapLayout.ints(n.masterFieldAt.length);
    }

    /** A TreeMap.Entry: key, value, left, right, parent references and the colour. */
    private static final long TREE_ENTRY = HeapLayout.object(5L * HeapLayout.REF + 1);
    /** A StreamId: two longs. */
    private static final long STREAM_ID = HeapLayout.object(16);
    /** A StreamNode: two longs, five ints, two references. */
    private static final long NODE = HeapLayout.object(16 + 5 * 4 + 2L * HeapLayout.REF);

    @Override
    public String typeName() {
        return "stream";
    }

    @Override
    public String encoding() {
        return "stream";
    }

    @Override
    public RedisValue copy() {
        StreamValue s = new StreamValue();
        for (Map.Entry<StreamId, StreamNode> e : nodes.entrySet()) {
            StreamNode copied = e.getValue().copy();
            s.nodes.put(e.getKey(), copied);
            s.nodeBytes += nodeBytes(copied);
        }
        s.length = length;
        s.lastId = lastId;
        s.firstId = firstId;
        s.maxDeletedId = maxDeletedId;
        s.entriesAdded = entriesAdded;
        if (groups != null) {
            s.groups = new TreeMap<>(Arrays::compareUnsigned);
            for (ConsumerGroup g : groups.values()) {
                s.groups.put(g.name, g.copy());
            }
        }
        return s;
    }

    public long length() {
        return length;
    }

    /** Receives a stream's entries ({@link #forEachEntry}). */
    public interface EntryVisitor {
        /** One entry: its ID, and its fields and values in order (field, value, field, value...). */
        void entry(long ms, long seq, java.util.List<byte[]> fieldsAndValues);
    }

    /**
     * Every live entry from first to last, an integer element as its decimal text (as lpGet gives
     * it): what DEBUG DIGEST hashes of a stream. Copies each entry's elements: not for the hot path.
     */
    public void forEachEntry(EntryVisitor visitor) {
        StreamIterator it = new StreamIterator(this, StreamId.MIN, StreamId.MAX, false);
        java.util.List<byte[]> elements = new java.util.ArrayList<>();
        StreamNode.ElementSink sink = new StreamNode.ElementSink() {
            @Override
            public void string(byte[] bytes, int offset, int length) {
                elements.add(Arrays.copyOfRange(bytes, offset, offset + length));
            }

            @Override
            public void integer(long value) {
                elements.add(Long.toString(value).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            }
        };
        while (it.next()) {
            elements.clear();
            it.node().forEachFieldValue(it.cursor(), sink);
            visitor.entry(it.cursor().ms, it.cursor().seq, elements);
        }
    }

    int groupCount() {
        return groups == null ? 0 : groups.size();
    }

    ConsumerGroup group(byte[] name) {
        return groups == null ? null : groups.get(name);
    }

    /** Creates a group; null if one of that name exists (streamCreateCG). */
    ConsumerGroup createGroup(byte[] name, StreamId id, long entriesRead) {
        if (groups == null) {
            groups = new TreeMap<>(Arrays::compareUnsigned);
        }
        if (groups.containsKey(name)) {
            return null;
        }
        ConsumerGroup g = new ConsumerGroup(name, id, entriesRead);
        groups.put(name, g);
        return g;
    }

    // ---------------------------------------------------------------- append

    /** Why {@link #append} refused. */
    enum AppendError { ID_TOO_SMALL, TOO_LARGE }

    /**
     * Appends an entry (streamAppendItem). {@code argv[from..]} holds field, value pairs. The ID is
     * {@code id} when given ({@code seqGiven} false means "ms-*": the next sequence of that
     * millisecond), else the next after {@link #lastId} at {@code nowMs}. Returns the new ID, or
     * an {@link AppendError}.
     */
    Object append(byte[][] argv, int from, int numFields, StreamId id, boolean seqGiven, long nowMs) {
        StreamId newId;
        if (id != null) {
            if (seqGiven) {
                newId = id;
            } else if (lastId.ms() == id.ms()) {
                if (lastId.seq() == -1L) {
                    return AppendError.ID_TOO_SMALL;
                }
                newId = new StreamId(lastId.ms(), lastId.seq() + 1);
            } else {
                newId = id;
            }
        } else {
            newId = nextId(nowMs);
        }
        if (newId == null || newId.compareTo(lastId) <= 0) {
            return AppendError.ID_TOO_SMALL;
        }
        long total = 0;
        for (int i = 0; i < numFields * 2; i++) {
            total += argv[from + i].length;
        }
        if (total > STREAM_LISTPACK_MAX_SIZE) {
            return AppendError.TOO_LARGE;
        }
        Map.Entry<StreamId, StreamNode> tail = nodes.lastEntry();
        StreamNode node = tail == null ? null : tail.getValue();
        if (node != null) {
            // Redis compares the tail's listpack size before the count is bumped, plus the raw bytes.
            if (node.lpBytes() + total >= STREAM_NODE_MAX_BYTES || node.entryCount() >= STREAM_NODE_MAX_ENTRIES) {
                nodeBytes -= nodeBytes(node);
                node.shrink();
                nodeBytes += nodeBytes(node);
                node = null;
            }
        }
        boolean same;
        if (node == null) {
            node = new StreamNode(newId.ms(), newId.seq(), argv, from, 2, numFields,
                    STREAM_LISTPACK_MAX_PRE_ALLOCATE / 16);
            nodes.put(newId, node);
            nodeBytes += nodeBytes(node);
            same = true;
        } else {
            same = node.sameFieldsAsMaster(argv, from, 2, numFields);
        }
        long before = nodeBytes(node);
        node.count++;
        node.appendEntry(newId.ms(), newId.seq(), argv, from, numFields, same);
        nodeBytes += nodeBytes(node) - before;
        length++;
        entriesAdded++;
        lastId = newId;
        if (length == 1) {
            firstId = newId;
        }
        return newId;
    }

    /** streamNextID: this millisecond's first ID, or the last ID plus one when the clock is behind. */
    private StreamId nextId(long nowMs) {
        if (Long.compareUnsigned(nowMs, lastId.ms()) > 0) {
            return new StreamId(nowMs, 0);
        }
        return lastId.next();
    }

    // ---------------------------------------------------------------- edges

    /** The first (or last) live entry's ID, or null when empty (streamGetEdgeID skipping tombstones). */
    StreamId edgeId(boolean first) {
        StreamIterator it = new StreamIterator(this, StreamId.MIN, StreamId.MAX, !first);
        return it.next() ? it.id() : null;
    }

    /** streamLastValidID: the last live entry's ID, or 0-0 when empty. */
    StreamId lastValidId() {
        StreamId id = edgeId(false);
        return id == null ? StreamId.MIN : id;
    }

    // ---------------------------------------------------------------- delete and trim

    /** Deletes one entry (streamDeleteItem); returns whether it existed. */
    boolean delete(StreamId id) {
        StreamIterator it = new StreamIterator(this, id, id, false);
        if (it.next()) {
            it.remove();
            return true;
        }
        return false;
    }

    /** The trimming asked by XADD or XTRIM (streamAddTrimArgs). */
    record Trim(boolean maxlen, long maxLength, StreamId minId, boolean approx, long limit) {
    }

    /** streamTrim: removes entries from the head; returns how many. */
    long trim(Trim t) {
        long deleted = 0;
        Map.Entry<StreamId, StreamNode> e = nodes.firstEntry();
        StreamNode.Cursor c = new StreamNode.Cursor();
        while (e != null) {
            if (t.maxlen() && length <= t.maxLength()) {
                break;
            }
            StreamNode node = e.getValue();
            long entries = node.count;
            if (t.limit() != 0 && deleted + entries > t.limit()) {
                break;
            }
            boolean removeNode;
            if (t.maxlen()) {
                removeNode = length - entries >= t.maxLength();
            } else {
                removeNode = lastEntryId(node, c).compareTo(t.minId()) < 0;
            }
            if (removeNode) {
                nodeBytes -= nodeBytes(e.getValue());
                nodes.remove(e.getKey());
                length -= entries;
                deleted += entries;
                e = nodes.higherEntry(e.getKey());
                continue;
            }
            if (t.approx()) {
                break;
            }
            for (int at = node.firstEntry; at < node.used; at = c.next) {
                node.read(at, c);
                boolean stop = t.maxlen() ? length <= t.maxLength()
                        : StreamId.compare(c.ms, c.seq, t.minId().ms(), t.minId().seq()) >= 0;
                if (stop) {
                    break;
                }
                if (!c.deleted()) {
                    node.markDeleted(c);
                    length--;
                    deleted++;
                }
            }
            // Enough was deleted inside this node: the next one is past the threshold.
            break;
        }
        if (deleted > 0) {
            StreamId first = edgeId(true);
            firstId = first == null ? StreamId.MIN : first;
        }
        return deleted;
    }

    /** The ID of a node's last entry, deleted or not (lpGetEdgeStreamID). */
    private static StreamId lastEntryId(StreamNode node, StreamNode.Cursor c) {
        StreamId last = null;
        for (int at = node.firstEntry; at < node.used; at = c.next) {
            node.read(at, c);
            last = c.id();
        }
        return last;
    }

    // ---------------------------------------------------------------- lag (Redis 7.0)

    /** streamRangeHasTombstones: whether an XDEL'd ID may lie in [start, end]. */
    boolean rangeHasTombstones(StreamId start, StreamId end) {
        if (length == 0 || maxDeletedId.isZero()) {
            return false;
        }
        if (firstId.compareTo(maxDeletedId) > 0) {
            return false;
        }
        StreamId s = start == null ? StreamId.MIN : start;
        StreamId e = end == null ? StreamId.MAX : end;
        return s.compareTo(maxDeletedId) <= 0 && maxDeletedId.compareTo(e) <= 0;
    }

    /** streamEstimateDistanceFromFirstEverEntry: the logical read counter of {@code id}, or -1. */
    long estimateDistanceFromFirstEverEntry(StreamId id) {
        if (entriesAdded == 0) {
            return 0;
        }
        if (length == 0 && id.compareTo(lastId) < 1) {
            return entriesAdded;
        }
        int cmpLast = id.compareTo(lastId);
        if (cmpLast == 0) {
            return entriesAdded;
        } else if (cmpLast > 0) {
            return ConsumerGroup.SCG_INVALID_ENTRIES_READ;
        }
        int cmpIdFirst = id.compareTo(firstId);
        int cmpXdelFirst = maxDeletedId.compareTo(firstId);
        if (maxDeletedId.isZero() || cmpXdelFirst < 0) {
            if (cmpIdFirst < 0) {
                return entriesAdded - length;
            } else if (cmpIdFirst == 0) {
                return entriesAdded - length + 1;
            }
        }
        return ConsumerGroup.SCG_INVALID_ENTRIES_READ;
    }

    /** A group's lag (streamReplyWithCGLag), or null when it cannot be known. */
    Long lag(ConsumerGroup g) {
        if (entriesAdded == 0) {
            return 0L;
        }
        if (g.entriesRead != ConsumerGroup.SCG_INVALID_ENTRIES_READ && !rangeHasTombstones(g.lastId, null)) {
            return entriesAdded - g.entriesRead;
        }
        long read = estimateDistanceFromFirstEverEntry(g.lastId);
        return read == ConsumerGroup.SCG_INVALID_ENTRIES_READ ? null : entriesAdded - read;
    }
}
