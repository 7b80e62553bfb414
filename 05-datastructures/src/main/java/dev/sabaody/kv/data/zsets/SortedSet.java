package dev.sabaody.kv.data.zsets;

import dev.sabaody.kv.data.EncodingLimits;
import dev.sabaody.kv.data.Dict;
import dev.sabaody.kv.data.HeapLayout;
import dev.sabaody.kv.data.RedisValue;
import dev.sabaody.kv.data.zsets.SkipList.Node;
import java.nio.ByteBuffer;
import java.util.function.Consumer;

/**
 * A sorted set: members with scores, kept in two structures that share one node per member.
 *
 * <ul>
 *   <li>a {@link Dict} from member to node: ZSCORE, ZADD's "is it there?", ZREM in O(1);
 *   <li>a {@link SkipList} ordered by (score, member): ranks and ranges in O(log n).
 * </ul>
 * Redis's {@code zset} is the same pair (a dict member → score pointer, and a zskiplist); here the
 * skip-list node is the dict entry itself, so both views cost one object per member, not two.
 *
 * <h2>Encoding</h2>
 * Redis stores small sorted sets as a "listpack" (one flat array, scanned linearly) and converts to
 * the skip list when a set passes 128 members or gains a member longer than 64 bytes
 * ({@code zset-max-listpack-entries}, {@code zset-max-listpack-value}), and never back, except
 * when a command builds a new set to store (ZUNIONSTORE, ZRANGESTORE, GEOSEARCHSTORE). Sabaody-KV
 * always uses the skip list: in Java a flat byte array saves less (no malloc headers to avoid) and
 * would double the code. {@link #encoding()} answers what Redis would for the same history, so
 * OBJECT ENCODING, and ZSCAN's one-shot reply for small sets, match Redis.
 */
public final class SortedSet extends RedisValue {

    /** redis.conf zset-max-listpack-entries, its default ({@link EncodingLimits} holds the live value): members. */
    public static final int ZSET_MAX_LISTPACK_ENTRIES = 128;
    /** redis.conf zset-max-listpack-value: a member longer than this leaves the listpack (bytes). */
    public static final int ZSET_MAX_LISTPACK_VALUE = 64;

    /** zsetAdd's in-flags. */
    public static final int ZADD_IN_INCR = 1;
    public static final int ZADD_IN_NX = 2;
    public static final int ZADD_IN_XX = 4;
    public static final int ZADD_IN_GT = 8;
    public static final int ZADD_IN_LT = 16;

    /** zsetAdd's out-flags. */
    public static final int ZADD_OUT_NOP = 1;
    public static final int ZADD_OUT_NAN = 2;
    public static final int ZADD_OUT_ADDED = 4;
    public static final int ZADD_OUT_UPDATED = 8;

    private final Dict<Node> dict = new Dict<>();
    private final SkipList list = new SkipList();
    /** Whether Redis would have converted this set to a skip list by now. */
    private boolean skiplistEncoded;
    /** The score zsetAdd left in its newscore out-parameter. */
    private double lastScore;

    /** Bytes of every node: the node, its level arrays and its member, kept as they come and go. */
    private long nodes;

    /** SortedSet: accounted, nodes, lastScore (8 each), dict, list, dropFromDict references, a boolean. */
    private static final long SELF = HeapLayout.object(24 + 3L * HeapLayout.REF + 1)
            + HeapLayout.object(3L * HeapLayout.REF); // the dropFromDict lambda
    /**
     * SkipList: header and tail references, length, level, the update and rank scratch arrays, and
     * the header node of ZSKIPLIST_MAXLEVEL levels with its empty member.
     */
    private static final long SKIPLIST = HeapLayout.object(4L * HeapLayout.REF + 8)
            + HeapLayout.refs(SkipList.ZSKIPLIST_MAXLEVEL) + HeapLayout.ints(SkipList.ZSKIPLIST_MAXLEVEL)
            + node(0, SkipList.ZSKIPLIST_MAXLEVEL);

    /** A skip-list node: key, next, backward, forward, span references and the score; its arrays and member. */
    static long node(int memberLength, int level) {
        return HeapLayout.object(5L * HeapLayout.REF + 8) + HeapLayout.refs(level) + HeapLayout.ints(level)
                + HeapLayout.bytes(memberLength);
    }

    private static long node(Node n) {
        return node(n.key.length, n.forward.length);
    }

    public SortedSet() {
    }

    @Override
    public long bytes() {
        return SELF + SKIPLIST + dict.tableBytes() + nodes;
    }

    @Override
    public String typeName() {
        return "zset";
    }

    @Override
    public String encoding() {
        return skiplistEncoded ? "skiplist" : "listpack";
    }

    /** Whether Redis would hold this set as a listpack (ZSCAN then answers in one call). */
    public boolean isListpack() {
        return !skiplistEncoded;
    }

    @Override
    public SortedSet copy() {
        SortedSet copy = new SortedSet();
        for (Node n = list.first(); n != null; n = n.next()) {
            copy.insert(n.key.clone(), n.score);
        }
        copy.skiplistEncoded = skiplistEncoded;
        return copy;
    }

    public int size() {
        return list.length();
    }

    public SkipList list() {
        return list;
    }

    /** The node of {@code member}, or null. */
    public Node get(byte[] member) {
        return dict.get(member);
    }

    /** The node of a member given as a slice of a buffer (an argument), or null. */
    public Node get(ByteBuffer buffer, int offset, int length) {
        return dict.get(buffer, offset, length);
    }

    /** The 0-based rank of {@code node} in ascending order. */
    public int rankOf(Node node) {
        return list.rank(node.score, node.key) - 1;
    }

    // ---------------------------------------------------------------- change

    /**
     * zsetAdd: adds or updates {@code member} as ZADD's flags say. Returns the ZADD_OUT_* flags;
     * ZADD_OUT_NAN means nothing was done because the score is (or would become) NaN. The resulting
     * score is then in {@link #lastScore()}.
     */
    public int add(byte[] member, double score, int flags) {
        if (Double.isNaN(score)) {
            return ZADD_OUT_NAN;
        }
        Node node = dict.get(member);
        if (node != null) {
            if ((flags & ZADD_IN_NX) != 0) {
                return ZADD_OUT_NOP;
            }
            double current = node.score;
            if ((flags & ZADD_IN_INCR) != 0) {
                score += current;
                if (Double.isNaN(score)) {
                    return ZADD_OUT_NAN;
                }
            }
            if (((flags & ZADD_IN_LT) != 0 && score >= current) || ((flags & ZADD_IN_GT) != 0 && score <= current)) {
                return ZADD_OUT_NOP;
            }
            lastScore = score;
            if (score != current) {
                list.updateScore(node, stored(score));
                return ZADD_OUT_UPDATED;
            }
            return 0;
        }
        if ((flags & ZADD_IN_XX) != 0) {
            return ZADD_OUT_NOP;
        }
        insert(member, score);
        lastScore = score;
        return ZADD_OUT_ADDED;
    }

    /** The score of the last {@link #add} that did something. */
    public double lastScore() {
        return lastScore;
    }

    /** Inserts a member known to be absent, tracking what Redis's encoding would be. */
    public void insert(byte[] member, double score) {
        if (!skiplistEncoded && (list.length() + 1 > EncodingLimits.zsetMaxListpackEntries()
                || member.length > EncodingLimits.zsetMaxListpackValue())) {
            skiplistEncoded = true;
        }
        Node n = list.insert(stored(score), member);
        dict.add(n);
        nodes += node(n);
    }

    /**
     * The score as Redis would keep it: a listpack stores an integral score as an integer
     * (zzlInsertAt, double2ll), which turns -0 into 0; the skip list keeps the double as it is.
     */
    private double stored(double score) {
        return score == 0 && !skiplistEncoded ? 0.0 : score;
    }

    /** zsetDel: removes {@code member}; returns whether it was there. */
    public boolean remove(byte[] member) {
        Node node = dict.remove(member);
        if (node == null) {
            return false;
        }
        list.delete(node);
        nodes -= node(node);
        return true;
    }

    /** Removes a node found earlier. */
    public void remove(Node node) {
        dict.removeNode(node);
        list.delete(node);
        nodes -= node(node);
    }

    private final Consumer<Node> dropFromDict = n -> {
        dict.removeNode(n);
        nodes -= node(n);
    };

    /** zremrangeGeneric by rank: 0-based inclusive, already clamped to the set. Returns the count. */
    public int removeRangeByRank(int start, int end) {
        return list.deleteRangeByRank(start + 1, end + 1, dropFromDict);
    }

    /** zremrangeGeneric by score or by member. Returns the count. */
    public int removeRange(NodeRange range) {
        return list.deleteRange(range, dropFromDict);
    }

    /**
     * zsetConvert(zobj, OBJ_ENCODING_SKIPLIST): SORT and SORT_RO turn a listpack they are given into
     * a skip list, for good (OBJECT ENCODING says "skiplist" from then on, and ZSCAN walks the table).
     */
    public void convertToSkiplist() {
        skiplistEncoded = true;
    }

    /**
     * zsetConvertToListpackIfNeeded: a set built to be stored (ZUNIONSTORE, ZRANGESTORE,
     * GEOSEARCHSTORE) is a listpack again when it fits, whatever its path to here.
     */
    public void settleEncodingForStore() {
        if (size() > EncodingLimits.zsetMaxListpackEntries()) {
            skiplistEncoded = true;
            return;
        }
        boolean[] tooLong = {false};
        int maxValue = EncodingLimits.zsetMaxListpackValue();
        dict.forEach(n -> tooLong[0] |= n.key.length > maxValue);
        skiplistEncoded = tooLong[0];
    }

    /** One ZSCAN step over the hash (only for skip-list-encoded sets; listpacks answer at once). */
    public long scan(long cursor, Consumer<Node> action) {
        return dict.scan(cursor, action);
    }

    /** A random member (ZRANDMEMBER), null when empty. */
    public Node random(java.util.random.RandomGenerator random) {
        return dict.random(random);
    }
}
