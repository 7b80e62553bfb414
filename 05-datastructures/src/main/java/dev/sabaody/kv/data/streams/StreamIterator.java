package dev.sabaody.kv.data.streams;

import java.util.Map;

/**
 * Walks the live entries of a stream between two IDs (inclusive), forwards or backwards
 * (streamIterator). It starts at the node at or before its first ID, as Redis seeks its rax with
 * "<=", and moves node to node through the tree, so a range costs O(log nodes) to find plus the
 * entries it reads. Backwards, a node's entry offsets are collected first: a node holds at most a
 * hundred entries (four kilobytes), so this is cheaper than decoding Redis's back-lengths.
 *
 * <p>{@link #remove} deletes the current entry; a node left with no live entry leaves the tree,
 * and the walk goes on from its key.
 */
final class StreamIterator {

    private final StreamValue stream;
    private final StreamId start;
    private final StreamId end;
    private final boolean reverse;
    private Map.Entry<StreamId, StreamNode> current;
    private final StreamNode.Cursor cursor = new StreamNode.Cursor();
    private int at = -1;
    private int[] offsets;
    private int index;
    private boolean done;

    StreamIterator(StreamValue stream, StreamId start, StreamId end, boolean reverse) {
        this.stream = stream;
        this.start = start;
        this.end = end;
        this.reverse = reverse;
        if (!reverse) {
            current = stream.nodes.floorEntry(start);
            if (current == null) {
                current = stream.nodes.firstEntry();
            }
            if (current != null) {
                at = current.getValue().firstEntry;
            }
        } else {
            current = stream.nodes.floorEntry(end);
            if (current != null) {
                loadOffsets();
            }
        }
    }

    private void loadOffsets() {
        StreamNode node = current.getValue();
        if (offsets == null || offsets.length < node.entryCount()) {
            offsets = new int[Math.max(node.entryCount(), StreamValue.STREAM_NODE_MAX_ENTRIES)];
        }
        index = node.entryOffsets(offsets, new StreamNode.Cursor()) - 1;
    }

    /** Moves to the next live entry in range; false at the end. */
    boolean next() {
        if (done) {
            return false;
        }
        while (current != null) {
            StreamNode node = current.getValue();
            if (!reverse) {
                if (at >= node.used) {
                    current = stream.nodes.higherEntry(current.getKey());
                    if (current != null) {
                        at = current.getValue().firstEntry;
                    }
                    continue;
                }
                node.read(at, cursor);
                at = cursor.next;
                if (cursor.deleted()) {
                    continue;
                }
                if (StreamId.compare(cursor.ms, cursor.seq, start.ms(), start.seq()) < 0) {
                    continue;
                }
                if (StreamId.compare(cursor.ms, cursor.seq, end.ms(), end.seq()) > 0) {
                    done = true;
                    return false;
                }
                return true;
            }
            if (index < 0) {
                current = stream.nodes.lowerEntry(current.getKey());
                if (current != null) {
                    loadOffsets();
                }
                continue;
            }
            node.read(offsets[index--], cursor);
            if (cursor.deleted()) {
                continue;
            }
            if (StreamId.compare(cursor.ms, cursor.seq, end.ms(), end.seq()) > 0) {
                continue;
            }
            if (StreamId.compare(cursor.ms, cursor.seq, start.ms(), start.seq()) < 0) {
                done = true;
                return false;
            }
            return true;
        }
        done = true;
        return false;
    }

    StreamId id() {
        return cursor.id();
    }

    StreamNode node() {
        return current.getValue();
    }

    StreamNode.Cursor cursor() {
        return cursor;
    }

    /** Deletes the current entry (streamIteratorRemoveEntry). */
    void remove() {
        StreamNode node = current.getValue();
        node.markDeleted(cursor);
        stream.length--;
        if (node.count == 0) {
            stream.nodeBytes -= StreamValue.nodeBytes(node);
            stream.nodes.remove(current.getKey());
            // The walk continues from the removed key: higherEntry/lowerEntry work without it.
            StreamId key = current.getKey();
            current = reverse ? stream.nodes.lowerEntry(key) : stream.nodes.higherEntry(key);
            if (current != null) {
                if (reverse) {
                    loadOffsets();
                } else {
                    at = current.getValue().firstEntry;
                }
            }
        }
    }
}
