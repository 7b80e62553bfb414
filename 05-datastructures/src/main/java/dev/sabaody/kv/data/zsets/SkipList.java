package dev.sabaody.kv.data.zsets;

import dev.sabaody.kv.data.DictNode;
import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

/**
 * The ordered half of a sorted set: a skip list with spans, a port of Redis's {@code zskiplist}
 * (t_zset.c), itself William Pugh's structure [1] changed in three ways.
 *
 * <h2>Structure</h2>
 * Every member is one {@link Node} on level 0, a sorted linked list. A node also sits on levels
 * 1, 2, ... up to its random height: with probability {@link #ZSKIPLIST_P} a node reaching level
 * {@code i} reaches level {@code i + 1} too, so level {@code i} holds about n/4^i nodes and a search
 * that starts at the top and drops a level whenever the next step would overshoot visits O(log n)
 * nodes (about 1/P = 4 per level, log4(n) levels).
 * <pre>
 *   level 2  H ------------------------------> 30 ---------------------> nil
 *   level 1  H ---------> 10 ----------------> 30 ---------> 50 -------> nil
 *   level 0  H --> 5 --> 10 --> 20 --> 25 --> 30 --> 40 --> 50 --> 60 -> nil
 *                  <--    <--    <--    <--    <--    <--    <--         backward
 *   span on level 1: H->10 is 2, 10->30 is 3, 30->50 is 2, 50->nil is 1
 * </pre>
 *
 * <h2>Redis's three changes to Pugh, kept here</h2>
 * <ol>
 *   <li><b>Repeated scores.</b> Order is by (score, member bytes); members are unique (the
 *       {@link SortedSet}'s hash guarantees it), scores need not be. Ties compare members as
 *       {@code memcmp} then length (sdscmp), i.e. {@link Arrays#compareUnsigned(byte[], byte[])}.
 *   <li><b>Spans.</b> Each forward link records how many level-0 steps it jumps. Summing the spans
 *       walked during a search gives a node's rank, and walking by spans finds the node of a rank:
 *       ZRANK, ZRANGE by index and ZREMRANGEBYRANK are O(log n) instead of O(n).
 *   <li><b>Backward pointers</b> on level 0 make it doubly linked, so reverse ranges (ZREVRANGE,
 *       ZPOPMAX) walk from the tail without a second search.
 * </ol>
 *
 * <h2>Invariants</h2>
 * <ul>
 *   <li>Level 0 is sorted strictly by (score, member) and holds every node; level {@code i} is a
 *       sub-list of level {@code i - 1}.
 *   <li>{@code span[i]} of a node is the number of level-0 hops from it to {@code forward[i]}, so the
 *       spans walked from the header to a node add up to its rank. A span whose link is null is
 *       never read as a distance.
 *   <li>{@code backward} of the first node is null; {@link #tail} is the last node.
 *   <li>{@link #level} is the height of the tallest node (at least 1); the header has all
 *       {@link #ZSKIPLIST_MAXLEVEL} levels.
 * </ul>
 *
 * <h2>Why a skip list and not a balanced tree</h2>
 * Redis's reasons (antirez, Hacker News 2010) hold here too: a skip list is simple to get right,
 * range walks are a linked-list walk, and rank-by-span is a small addition where an order-statistic
 * tree needs subtree counts kept through every rotation. {@code java.util.TreeMap} was rejected
 * because it has no rank and no duplicate keys; {@code ConcurrentSkipListMap} because it has no
 * spans and pays for thread safety a shard-owned structure does not need.
 *
 * <h2>What Java changes</h2>
 * A Redis node is one allocation with its levels inline; here a node holds two arrays (links and
 * spans), so three objects per member. A node is also the sorted set's hash entry (it extends
 * {@link DictNode}, the member being its key), so member lookup and the ordered list share one
 * object per member, as Redis shares one sds string between dict and skip list. Because the hash
 * points at the node, {@link #updateScore} moves a node by relinking the same object where Redis
 * frees and allocates a new one.
 *
 * <p>References: [1] W. Pugh, "Skip Lists: A Probabilistic Alternative to Balanced Trees",
 * CACM 33(6), 1990. [2] Redis src/t_zset.c (zslInsert, zslDeleteNode, zslGetRank,
 * zslGetElementByRank, zslUpdateScore) and server.h (ZSKIPLIST_MAXLEVEL, ZSKIPLIST_P).
 */
public final class SkipList {

    /** server.h ZSKIPLIST_MAXLEVEL: enough levels for 2^64 elements at P = 1/4 (levels). */
    static final int ZSKIPLIST_MAXLEVEL = 32;
    /** server.h ZSKIPLIST_P: probability that a node reaching level i reaches level i + 1. */
    static final double ZSKIPLIST_P = 0.25;

    /** One member: its score, its links on each of its levels, and the backward link. */
    public static final class Node extends DictNode {
        /** The score; changed only through {@link SkipList#updateScore}, which keeps the order. */
        double score;
        /** The previous node on level 0; null for the first node. */
        Node backward;
        /** forward[i]: the next node on level i; the array length is the node's height. */
        final Node[] forward;
        /** span[i]: level-0 hops from this node to forward[i] (to the end when forward[i] is null). */
        final int[] span;

        Node(byte[] member, double score, int level) {
            super(member);
            this.score = score;
            this.forward = new Node[level];
            this.span = new int[level];
        }

        public byte[] member() {
            return key;
        }

        public double score() {
            return score;
        }

        /** The next node in ascending order, or null. */
        public Node next() {
            return forward[0];
        }

        /** The previous node in ascending order, or null. */
        public Node prev() {
            return backward;
        }
    }

    private final Node header = new Node(new byte[0], 0, ZSKIPLIST_MAXLEVEL);
    private Node tail;
    private int length;
    private int level = 1;
    /** Scratch for searches: the last node before the target on each level (zslInsert's update[]). */
    private final Node[] update = new Node[ZSKIPLIST_MAXLEVEL];
    /** Scratch: the rank of update[i] (zslInsert's rank[]). */
    private final int[] rank = new int[ZSKIPLIST_MAXLEVEL];

    public int length() {
        return length;
    }

    /** The lowest node (lowest score, then lowest member), or null. */
    public Node first() {
        return header.forward[0];
    }

    /** The highest node, or null. */
    public Node last() {
        return tail;
    }

    /** Height of the tallest node (tests and the docs' figures). */
    int level() {
        return level;
    }

    /** zslRandomLevel: 1 + the number of times a 1-in-4 event happens in a row, at most 32. */
    static int randomLevel() {
        // Two random bits are both zero with probability 1/4: trailing zero bits, halved, count the
        // successes of a run. The top bit set caps the run at 63 zeros, i.e. 1 + 31 = 32 levels.
        long bits = ThreadLocalRandom.current().nextLong() | Long.MIN_VALUE;
        return 1 + Long.numberOfTrailingZeros(bits) / 2;
    }

    /** Whether (s1, m1) sorts before (s2, m2). */
    static boolean before(double s1, byte[] m1, double s2, byte[] m2) {
        return s1 < s2 || (s1 == s2 && Arrays.compareUnsigned(m1, m2) < 0);
    }

    // ---------------------------------------------------------------- insert, delete, update

    /** zslInsert: links a new node; the member must not be in the list (the hash checks first). */
    public Node insert(double score, byte[] member) {
        Node x = searchUpdate(score, member, true);
        Node node = new Node(member, score, randomLevel());
        link(node, x);
        return node;
    }

    /**
     * Fills update[] (and rank[] when asked) with the last node before (score, member) on each level;
     * returns update[0].
     */
    private Node searchUpdate(double score, byte[] member, boolean ranks) {
        Node x = header;
        for (int i = level - 1; i >= 0; i--) {
            if (ranks) {
                rank[i] = i == level - 1 ? 0 : rank[i + 1];
            }
            Node next;
            while ((next = x.forward[i]) != null && before(next.score, next.key, score, member)) {
                if (ranks) {
                    rank[i] += x.span[i];
                }
                x = next;
            }
            update[i] = x;
        }
        return x;
    }

    /** Links {@code node} after the positions in update[]/rank[] that a search just filled. */
    private void link(Node node, Node after) {
        int height = node.forward.length;
        if (height > level) {
            for (int i = level; i < height; i++) {
                rank[i] = 0;
                update[i] = header;
                header.span[i] = length;
            }
            level = height;
        }
        for (int i = 0; i < height; i++) {
            node.forward[i] = update[i].forward[i];
            update[i].forward[i] = node;
            node.span[i] = update[i].span[i] - (rank[0] - rank[i]);
            update[i].span[i] = (rank[0] - rank[i]) + 1;
        }
        for (int i = height; i < level; i++) {
            update[i].span[i]++;
        }
        node.backward = after == header ? null : after;
        if (node.forward[0] != null) {
            node.forward[0].backward = node;
        } else {
            tail = node;
        }
        length++;
    }

    /** zslDeleteNode: unlinks {@code x}, with update[] filled by a search for it. */
    private void unlink(Node x) {
        for (int i = 0; i < level; i++) {
            if (update[i].forward[i] == x) {
                update[i].span[i] += x.span[i] - 1;
                update[i].forward[i] = x.forward[i];
            } else {
                update[i].span[i]--;
            }
        }
        if (x.forward[0] != null) {
            x.forward[0].backward = x.backward;
        } else {
            tail = x.backward;
        }
        while (level > 1 && header.forward[level - 1] == null) {
            level--;
        }
        length--;
    }

    /** zslDelete: removes {@code node}, which must be in this list. */
    public void delete(Node node) {
        Node x = searchUpdate(node.score, node.key, false).forward[0];
        if (x != node) {
            throw new IllegalStateException("node not in list");
        }
        unlink(node);
        Arrays.fill(node.forward, null);
        node.backward = null;
    }

    /**
     * zslUpdateScore: gives {@code node} a new score. When it keeps its place (its neighbours still
     * bracket the new score) only the score changes; otherwise the same node is unlinked and linked
     * at its new place, keeping its height.
     */
    public void updateScore(Node node, double newScore) {
        Node x = searchUpdate(node.score, node.key, false).forward[0];
        if (x != node) {
            throw new IllegalStateException("node not in list");
        }
        if ((node.backward == null || node.backward.score < newScore)
                && (node.forward[0] == null || node.forward[0].score > newScore)) {
            node.score = newScore;
            return;
        }
        unlink(node);
        node.score = newScore;
        Node after = searchUpdate(newScore, node.key, true);
        link(node, after);
    }

    // ---------------------------------------------------------------- rank

    /** zslGetRank: the 1-based rank of (score, member), 0 when it is not in the list. */
    public int rank(double score, byte[] member) {
        Node x = header;
        int r = 0;
        for (int i = level - 1; i >= 0; i--) {
            Node next;
            while ((next = x.forward[i]) != null
                    && (next.score < score || (next.score == score && Arrays.compareUnsigned(next.key, member) <= 0))) {
                r += x.span[i];
                x = next;
            }
            if (x != header && x.score == score && Arrays.equals(x.key, member)) {
                return r;
            }
        }
        return 0;
    }

    /** zslGetElementByRank: the node of 1-based {@code rank}, or null when out of range. */
    public Node byRank(long rank) {
        if (rank < 1 || rank > length) {
            return null;
        }
        Node x = header;
        long traversed = 0;
        for (int i = level - 1; i >= 0; i--) {
            while (x.forward[i] != null && traversed + x.span[i] <= rank) {
                traversed += x.span[i];
                x = x.forward[i];
            }
            if (traversed == rank) {
                return x;
            }
        }
        return null;
    }

    // ---------------------------------------------------------------- score and lex ranges

    /** zslFirstInRange / zslFirstInLexRange: the lowest node inside {@code range}, or null. */
    public Node firstInRange(NodeRange range) {
        if (!intersects(range)) {
            return null;
        }
        Node x = header;
        for (int i = level - 1; i >= 0; i--) {
            while (x.forward[i] != null && !range.aboveMin(x.forward[i])) {
                x = x.forward[i];
            }
        }
        x = x.forward[0];
        return x != null && range.belowMax(x) ? x : null;
    }

    /** zslLastInRange / zslLastInLexRange: the highest node inside {@code range}, or null. */
    public Node lastInRange(NodeRange range) {
        if (!intersects(range)) {
            return null;
        }
        Node x = header;
        for (int i = level - 1; i >= 0; i--) {
            while (x.forward[i] != null && range.belowMax(x.forward[i])) {
                x = x.forward[i];
            }
        }
        return x != header && range.aboveMin(x) ? x : null;
    }

    /** zslIsInRange / zslIsInLexRange: whether any part of the list can be inside {@code range}. */
    private boolean intersects(NodeRange range) {
        return !range.isEmpty() && tail != null && range.aboveMin(tail) && range.belowMax(header.forward[0]);
    }

    // ---------------------------------------------------------------- range deletes

    /**
     * zslDeleteRangeByRank: removes the nodes of 1-based ranks {@code start..end} (inclusive, in
     * range), handing each to {@code removed} (the sorted set drops it from its hash). Returns the count.
     */
    public int deleteRangeByRank(int start, int end, Consumer<Node> removed) {
        Node x = header;
        int traversed = 0;
        for (int i = level - 1; i >= 0; i--) {
            while (x.forward[i] != null && traversed + x.span[i] < start) {
                traversed += x.span[i];
                x = x.forward[i];
            }
            update[i] = x;
        }
        traversed++;
        x = x.forward[0];
        int deleted = 0;
        while (x != null && traversed <= end) {
            Node next = x.forward[0];
            unlink(x);
            removed.accept(x);
            deleted++;
            traversed++;
            x = next;
        }
        return deleted;
    }

    /** zslDeleteRangeByScore / zslDeleteRangeByLex: removes every node inside {@code range}. Returns the count. */
    public int deleteRange(NodeRange range, Consumer<Node> removed) {
        Node x = header;
        for (int i = level - 1; i >= 0; i--) {
            while (x.forward[i] != null && !range.aboveMin(x.forward[i])) {
                x = x.forward[i];
            }
            update[i] = x;
        }
        x = x.forward[0];
        int deleted = 0;
        while (x != null && range.belowMax(x)) {
            Node next = x.forward[0];
            unlink(x);
            removed.accept(x);
            deleted++;
            x = next;
        }
        return deleted;
    }

    // ---------------------------------------------------------------- measuring

    /**
     * The work of a search for (score, member): links followed plus levels descended. This is the
     * O(log n) of the class essay counted instead of timed, so it can be shown on a noisy machine
     * (docs/sorted-sets.md); no command calls it.
     */
    public int searchLength(double score, byte[] member) {
        Node x = header;
        int steps = 0;
        for (int i = level - 1; i >= 0; i--) {
            Node next;
            while ((next = x.forward[i]) != null && before(next.score, next.key, score, member)) {
                x = next;
                steps++;
            }
            steps++;
        }
        return steps;
    }

    // ---------------------------------------------------------------- checking

    /** Verifies every invariant of the class essay; for tests. Throws on the first violation. */
    void check() {
        int count = 0;
        Node prev = null;
        for (Node x = header.forward[0]; x != null; x = x.forward[0]) {
            if (x.backward != prev) {
                throw new IllegalStateException("backward link broken at rank " + (count + 1));
            }
            if (prev != null && !before(prev.score, prev.key, x.score, x.key)) {
                throw new IllegalStateException("order broken at rank " + (count + 1));
            }
            prev = x;
            count++;
        }
        if (count != length || tail != prev) {
            throw new IllegalStateException("length or tail wrong");
        }
        for (int i = 0; i < level; i++) {
            int sum = 0;
            for (Node x = header; x != null; x = x.forward[i]) {
                int hops = 0;
                Node y = x;
                while (y != x.forward[i]) {
                    y = y.forward[0];
                    hops++;
                    if (y == null) {
                        break;
                    }
                }
                if (x.forward[i] != null && hops != x.span[i]) {
                    throw new IllegalStateException("span wrong on level " + i);
                }
                sum += x.forward[i] == null ? 0 : x.span[i];
            }
            if (sum > length) {
                throw new IllegalStateException("spans exceed length on level " + i);
            }
        }
        if (level > 1 && header.forward[level - 1] == null) {
            throw new IllegalStateException("level too high");
        }
    }
}
