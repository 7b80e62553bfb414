package dev.sabaody.kv.data.sets;

import dev.sabaody.kv.data.EncodingLimits;
import dev.sabaody.kv.data.Dict;
import dev.sabaody.kv.data.DictNode;
import dev.sabaody.kv.data.HeapLayout;
import dev.sabaody.kv.data.RedisValue;
import dev.sabaody.kv.resp.Argv;
import dev.sabaody.kv.resp.Numbers;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;

/**
 * A Redis set, in the two forms Redis 7.0 keeps (t_set.c, intset.c).
 *
 * <h2>All integers, few of them: a sorted {@code long[]} ("intset")</h2>
 * Sets of ids ({@code SADD followers:42 1001 1002 ...}) are common, and for them Redis uses an
 * intset: the integers in one sorted array, searched by binary search. Eight bytes a member (Redis
 * even narrows to 2 or 4 when it can) against a node, a key array and a bucket slot for a hash
 * table. Adding is O(n) (the tail moves up one slot), which is why the form is kept only up to
 * {@link #SET_MAX_INTSET_ENTRIES} members.
 *
 * <p>The form is visible: iterating an intset goes in ascending order, so SMEMBERS, SSCAN, SUNION,
 * SINTER... of such a set answer sorted, in Redis as here, and compare byte for byte.
 *
 * <h2>Otherwise: the {@link Dict} ("hashtable")</h2>
 * A member that is not an integer in Redis's canonical form ({@code string2ll}: "12" but not "012",
 * "+1" or "1.0"), or a 513th member, moves the set into a Dict of plain {@link DictNode}s (the key is
 * the member; a set needs no value). Never back: removing members does not shrink it to an intset,
 * as in Redis. (Redis 7.2 added a "listpack" form for small sets of strings; 7.0, our oracle, has
 * only these two.)
 *
 * <pre>
 *   intset   : ints = [ -2, 1, 3, 5, 10 ]     binary search, ascending order
 *                 |  a non-integer member, or more than 512 members
 *                 v  (one way, setTypeConvert)
 *   hashtable: Dict&lt;DictNode&gt;                  hash order (unspecified)
 * </pre>
 *
 * <h2>Invariants</h2>
 * Exactly one of {@link #ints} and {@link #dict} is non-null; {@code ints[0..count)} is strictly
 * ascending and {@code count <= 512}. A set in the keyspace is never empty.
 */
public final class SetValue extends RedisValue {

    /** server.h CONFIG_DEFAULT_SET_MAX_INTSET_ENTRIES (config set-max-intset-entries): members. */
    public static final int SET_MAX_INTSET_ENTRIES = 512;

    /** Intset form: the members, ascending, in {@code ints[0..count)}; null once a hashtable. */
    private long[] ints = new long[4];
    private int count;
    /** Hashtable form; null while an intset. */
    private Dict<DictNode> dict;
    /** Scratch for parsing a member as an integer without boxing. */
    private final long[] parsed = new long[1];
    /** Hashtable form: bytes of every member's array, kept as they come and go ({@link #bytes}). */
    private long payload;

    /** SetValue: accounted, payload (longs), ints, dict, parsed references, count (bytes); parsed's long[1]. */
    private static final long SELF = HeapLayout.object(16 + 3L * HeapLayout.REF + 4) + HeapLayout.longs(1);
    /** A member's DictNode: key and next references (bytes). */
    private static final long NODE = HeapLayout.object(2L * HeapLayout.REF);

    @Override
    public long bytes() {
        if (dict == null) {
            return SELF + HeapLayout.longs(ints.length);
        }
        return SELF + payload + dict.tableBytes() + (long) dict.size() * NODE;
    }

    private void added(byte[] member) {
        payload += HeapLayout.bytes(member.length);
    }

    private boolean removed(DictNode n) {
        if (n != null) {
            payload -= HeapLayout.bytes(n.key.length);
        }
        return n != null;
    }

    @Override
    public String typeName() {
        return "set";
    }

    @Override
    public String encoding() {
        return dict == null ? "intset" : "hashtable";
    }

    @Override
    public SetValue copy() {
        SetValue c = new SetValue();
        if (dict == null) {
            c.ints = Arrays.copyOf(ints, Math.max(count, 1));
            c.count = count;
        } else {
            c.ints = null;
            c.dict = new Dict<>();
            c.payload = payload;
            dict.forEach(n -> c.dict.add(new DictNode(n.key)));
        }
        return c;
    }

    public int size() {
        return dict == null ? count : dict.size();
    }

    boolean isIntset() {
        return dict == null;
    }

    /** Intset form only: the {@code i}th smallest member. */
    long intAt(int i) {
        return ints[i];
    }

    /** Hashtable form only. */
    Dict<DictNode> dict() {
        return dict;
    }

    // ---------------------------------------------------------------- membership

    public boolean contains(Argv argv, int i) {
        if (dict == null) {
            return Numbers.string2ll(argv.buffer(), argv.offset(i), argv.length(i), parsed)
                    && Arrays.binarySearch(ints, 0, count, parsed[0]) >= 0;
        }
        return dict.get(argv.buffer(), argv.offset(i), argv.length(i)) != null;
    }

    public boolean contains(byte[] member) {
        if (dict == null) {
            return Numbers.string2ll(member, parsed) && Arrays.binarySearch(ints, 0, count, parsed[0]) >= 0;
        }
        return dict.get(member) != null;
    }

    /** Whether the integer {@code v} (a member of an intset elsewhere) is a member. */
    boolean containsLong(long v) {
        if (dict == null) {
            return Arrays.binarySearch(ints, 0, count, v) >= 0;
        }
        return dict.get(decimal(v)) != null;
    }

    // ---------------------------------------------------------------- change

    /** Adds {@code member}; returns whether it was new (setTypeAdd). */
    public boolean add(byte[] member) {
        if (dict == null) {
            if (Numbers.string2ll(member, parsed)) {
                return addLong(parsed[0]);
            }
            convert();
        }
        if (dict.get(member) != null) {
            return false;
        }
        dict.add(new DictNode(member));
        added(member);
        return true;
    }

    /** Adds member argument {@code i}, copying it only when it is stored as bytes. */
    public boolean add(Argv argv, int i) {
        if (dict == null) {
            if (Numbers.string2ll(argv.buffer(), argv.offset(i), argv.length(i), parsed)) {
                return addLong(parsed[0]);
            }
            convert();
        }
        if (dict.get(argv.buffer(), argv.offset(i), argv.length(i)) != null) {
            return false;
        }
        byte[] member = argv.copy(i);
        dict.add(new DictNode(member));
        added(member);
        return true;
    }

    /** Adds an integer member (intsetAdd, then the size check of setTypeAdd). */
    boolean addLong(long v) {
        if (dict != null) {
            byte[] member = decimal(v);
            if (dict.get(member) != null) {
                return false;
            }
            dict.add(new DictNode(member));
            added(member);
            return true;
        }
        int at = Arrays.binarySearch(ints, 0, count, v);
        if (at >= 0) {
            return false;
        }
        int insert = -at - 1;
        if (count == ints.length) {
            ints = Arrays.copyOf(ints, count * 2);
        }
        System.arraycopy(ints, insert, ints, insert + 1, count - insert);
        ints[insert] = v;
        count++;
        if (count > EncodingLimits.setMaxIntsetEntries()) {
            convert();
        }
        return true;
    }

    public boolean remove(Argv argv, int i) {
        if (dict == null) {
            return Numbers.string2ll(argv.buffer(), argv.offset(i), argv.length(i), parsed) && removeLong(parsed[0]);
        }
        return removed(dict.remove(argv.buffer(), argv.offset(i), argv.length(i)));
    }

    public boolean remove(byte[] member) {
        if (dict == null) {
            return Numbers.string2ll(member, parsed) && removeLong(parsed[0]);
        }
        return removed(dict.remove(member));
    }

    private boolean removeLong(long v) {
        int at = Arrays.binarySearch(ints, 0, count, v);
        if (at < 0) {
            return false;
        }
        removeIntAt(at);
        return true;
    }

    /** Intset form only: removes the {@code i}th smallest member. */
    void removeIntAt(int i) {
        System.arraycopy(ints, i + 1, ints, i, count - i - 1);
        count--;
        if (ints.length > 16 && count < ints.length / 4) {
            ints = Arrays.copyOf(ints, ints.length / 2);
        }
    }

    /** setTypeConvert: every integer becomes a node of its decimal bytes, for good. */
    private void convert() {
        Dict<DictNode> d = new Dict<>();
        for (int i = 0; i < count; i++) {
            byte[] member = decimal(ints[i]);
            d.add(new DictNode(member));
            added(member);
        }
        dict = d;
        ints = null;
        count = 0;
    }

    // ---------------------------------------------------------------- iteration and sampling

    /** Visits every member: ascending for an intset, table order otherwise. */
    public void forEach(Consumer<byte[]> action) {
        if (dict == null) {
            for (int i = 0; i < count; i++) {
                action.accept(decimal(ints[i]));
            }
        } else {
            dict.forEach(n -> action.accept(n.key));
        }
    }

    /** A member chosen at random (setTypeRandomElement); the set must not be empty. */
    byte[] randomMember(RandomGenerator random) {
        return dict == null ? decimal(ints[random.nextInt(count)]) : dict.random(random).key;
    }

    static byte[] decimal(long v) {
        return Long.toString(v).getBytes(StandardCharsets.US_ASCII);
    }
}
