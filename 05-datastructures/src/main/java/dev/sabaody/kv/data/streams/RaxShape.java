package dev.sabaody.kv.data.streams;

import java.util.Collection;

/**
 * How many nodes Redis's radix tree (rax.c) has for a set of stream node keys: XINFO STREAM
 * reports it as {@code radix-tree-nodes}, and we keep the nodes in a {@link java.util.TreeMap}
 * instead, so the number is computed from the keys.
 *
 * <p>The keys are master IDs as 16 big-endian bytes, all the same length, so none is a prefix of
 * another. rax stores a run of single-child bytes as one compressed node, a branching point as one
 * node with a byte per child, and a node for each key's end. Sorted keys that share their first
 * {@code p} bytes have a common compressed node of {@code p - d} bytes above a branching node; each
 * child of a branch then holds the rest of its run. This is the shape insertion in ID order gives;
 * rax re-compresses after deletions, so trims and XDEL of whole nodes give it too.
 */
final class RaxShape {

    /** Bytes in a rax key of a stream: ms and seq, big-endian (streamEncodeID). */
    static final int KEY_BYTES = 16;

    private RaxShape() {
    }

    static long nodeCount(Collection<StreamId> sortedKeys) {
        if (sortedKeys.isEmpty()) {
            return 1; // the empty root
        }
        byte[][] keys = new byte[sortedKeys.size()][];
        int i = 0;
        for (StreamId id : sortedKeys) {
            keys[i++] = encode(id);
        }
        return nodesFrom(keys, 0, keys.length - 1, 0);
    }

    /** Nodes of the subtree that starts at depth {@code d} over keys[lo..hi] (which share d bytes). */
    private static long nodesFrom(byte[][] keys, int lo, int hi, int d) {
        int p = lo == hi ? KEY_BYTES : commonPrefix(keys[lo], keys[hi]);
        if (p == KEY_BYTES) {
            return d == KEY_BYTES ? 1 : 2; // a compressed run to the key's end, then the key node
        }
        long n = p > d ? 1 : 0; // the compressed run before the branch
        n += 1; // the branching node
        int start = lo;
        while (start <= hi) {
            int end = start;
            while (end + 1 <= hi && keys[end + 1][p] == keys[start][p]) {
                end++;
            }
            n += nodesFrom(keys, start, end, p + 1);
            start = end + 1;
        }
        return n;
    }

    private static int commonPrefix(byte[] a, byte[] b) {
        int i = 0;
        while (i < KEY_BYTES && a[i] == b[i]) {
            i++;
        }
        return i;
    }

    private static byte[] encode(StreamId id) {
        byte[] b = new byte[KEY_BYTES];
        for (int i = 0; i < 8; i++) {
            b[i] = (byte) (id.ms() >>> (56 - 8 * i));
            b[8 + i] = (byte) (id.seq() >>> (56 - 8 * i));
        }
        return b;
    }
}
