package dev.sabaody.kv.rdb;

import dev.sabaody.kv.data.lists.ListValue;
import java.util.ArrayList;
import java.util.List;

/**
 * A list cut into the listpack nodes of Redis 7.0's quicklist, as quicklistPush fills them from the
 * head of the list to its tail: what the RDB file and DUMP hold of a list ({@link ValueWriter}), and
 * what DEBUG OBJECT describes ({@code ql_nodes}, {@code ql_uncompressed_size}).
 *
 * <p>The rule is quicklist.c's _quicklistNodeAllowInsert: an element joins the last node while the
 * node's listpack, the element's bytes and {@link #SIZE_ESTIMATE_OVERHEAD} stay within the size
 * {@code list-max-listpack-size} names (a negative fill: 4, 8, 16, 32 or 64 KB), or, for a positive
 * fill, while the node holds fewer elements than the fill and stays within
 * {@link #SIZE_SAFETY_LIMIT}. A list pushed at its head alone would be cut from the other end in
 * Redis; the count of nodes and their total size come out the same for elements of one size.
 */
public final class QuicklistNodes {

    /** quicklist.c SIZE_ESTIMATE_OVERHEAD: what an element adds beyond its bytes (bytes). */
    static final int SIZE_ESTIMATE_OVERHEAD = 8;
    /** quicklist.c SIZE_SAFETY_LIMIT: no node grows past this under a count fill (bytes). */
    static final int SIZE_SAFETY_LIMIT = 8192;
    /** quicklist.c optimization_level: the node sizes of fills -1 to -5 (bytes). */
    private static final int[] OPTIMIZATION_LEVEL = {4096, 8192, 16384, 32768, 65536};

    /** DEBUG OBJECT's figures of a list: its node count and the bytes of its listpacks together. */
    public record Shape(int nodes, long bytes) {
    }

    private QuicklistNodes() {
    }

    /** The listpacks of {@code list} under {@code fill} (list-max-listpack-size). */
    static List<ListpackWriter> split(ListValue list, int fill) {
        List<ListpackWriter> nodes = new ArrayList<>();
        ListpackWriter lp = new ListpackWriter();
        for (int i = 0, n = list.size(); i < n; i++) {
            byte[] e = list.get(i);
            if (lp.count() > 0 && !allowInsert(lp.bytes(), lp.count(), e.length, fill)) {
                nodes.add(lp);
                lp = new ListpackWriter();
            }
            lp.add(e);
        }
        if (lp.count() > 0) {
            nodes.add(lp);
        }
        return nodes;
    }

    /** The node count and listpack bytes of {@code list} under {@code fill}. */
    public static Shape shape(ListValue list, int fill) {
        long bytes = 0;
        List<ListpackWriter> nodes = split(list, fill);
        for (ListpackWriter lp : nodes) {
            bytes += lp.bytes();
        }
        return new Shape(nodes.size(), bytes);
    }

    /** _quicklistNodeAllowInsert for a packed node of {@code nodeBytes} and {@code count} elements. */
    private static boolean allowInsert(long nodeBytes, int count, int elementBytes, int fill) {
        long newSize = nodeBytes + elementBytes + SIZE_ESTIMATE_OVERHEAD;
        if (fill < 0 && -fill <= OPTIMIZATION_LEVEL.length) {
            return newSize <= OPTIMIZATION_LEVEL[-fill - 1];
        }
        return newSize <= SIZE_SAFETY_LIMIT && count < fill;
    }
}
