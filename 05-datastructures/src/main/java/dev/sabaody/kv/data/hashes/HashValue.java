package dev.sabaody.kv.data.hashes;

import dev.sabaody.kv.data.EncodingLimits;
import dev.sabaody.kv.data.Dict;
import dev.sabaody.kv.data.HeapLayout;
import dev.sabaody.kv.data.DictNode;
import dev.sabaody.kv.data.KeyHash;
import dev.sabaody.kv.data.RedisValue;
import dev.sabaody.kv.resp.Argv;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.function.BiConsumer;

/**
 * A Redis hash: fields mapped to values, in one of two forms, as Redis keeps them (t_hash.c).
 *
 * <h2>Small hashes: a flat array in insertion order ("listpack")</h2>
 * Most hashes in a cache are small objects (a user, a session) of a few fields. For them Redis uses
 * a listpack, one block of memory holding field, value, field, value... in insertion order, and
 * searches it linearly: a scan of a few dozen short strings in one cache line run is faster than
 * hashing, and costs no per-field node. Here the same idea is {@link #pairs}: one array of
 * {@code byte[]}s, {@code [f0, v0, f1, v1, ...]}.
 *
 * <p>The form is visible to clients, not only to OBJECT ENCODING: a listpack keeps insertion order,
 * so HGETALL, HKEYS, HSCAN and HRANDFIELD of a small hash return fields in the order they were first
 * set, an HSET of an existing field keeps its place, and an HDEL closes the gap without reordering
 * the rest. Keeping the same order makes small hashes byte-identical to Redis's replies.
 *
 * <h2>Big hashes: the {@link Dict} ("hashtable")</h2>
 * Past {@link #HASH_MAX_LISTPACK_ENTRIES} fields, or as soon as a field or a value is longer than
 * {@link #HASH_MAX_LISTPACK_VALUE} bytes, the hash moves into a {@link Dict} of {@link HashField}
 * nodes, each holding its value: O(1) lookups, and a hash table's order (unspecified, as in Redis).
 *
 * <pre>
 *   listpack : pairs = [ "name","ann", "age","41", "city","oslo" ]      linear search, insertion order
 *                         |  > 512 fields, or a field/value > 64 bytes
 *                         v  (one way: a hash never goes back, hashTypeConvert)
 *   hashtable: Dict&lt;HashField&gt;  bucket -> HashField("age") -> HashField("name") -> ...
 * </pre>
 *
 * <h2>Invariants</h2>
 * Exactly one of {@link #pairs} and {@link #dict} is non-null. In pairs form every field and value
 * is at most 64 bytes and there are at most 512 fields; fields are distinct. A hash is never empty
 * in the keyspace: the command that removes its last field deletes the key.
 *
 * <p>Field and value arrays are never changed after they are stored (an update stores a new array),
 * so {@link #copy} may share them: only the structure is copied.
 */
public final class HashValue extends RedisValue {

    /**
     * config.c / redis.conf hash-max-listpack-entries: fields a listpack may hold. 512 in Redis 7.0
     * (checked with OBJECT ENCODING on 7.0.15: 512 fields are a listpack, the 513th converts).
     */
    public static final int HASH_MAX_LISTPACK_ENTRIES = 512;
    /** config.c / redis.conf hash-max-listpack-value: bytes a field or a value may have in a listpack. */
    public static final int HASH_MAX_LISTPACK_VALUE = 64;

    /** A field of a hashtable-encoded hash: the node is the field, and carries its value. */
    static final class HashField extends DictNode {
        byte[] value;

        HashField(byte[] field, byte[] value) {
            super(field);
            this.value = value;
        }
    }

    /** Listpack form: field, value, field, value... in insertion order; null once a hashtable. */
    private byte[][] pairs = new byte[8][];
    /**
     * The {@link KeyHash} of each field of {@link #pairs}, truncated to an int: the linear search
     * compares these first and the bytes only on a match. Redis's listpack has no such thing and
     * compares bytes; here a lookup in a 512-field hash took ~2.9 us without them and ~94 ns with
     * them, against ~25-50 ns in a Dict (HashValueBenchmark, docs/hashes.md).
     */
    private int[] hashes = new int[4];
    /** Fields held in {@link #pairs}. */
    private int count;
    /** Hashtable form; null while the hash is small. */
    private Dict<HashField> dict;
    /** Bytes of every field's and value's array, kept as they come and go ({@link #bytes}). */
    private long payload;

    /** HashValue: accounted and payload (longs), pairs, hashes, dict references, count (bytes). */
    private static final long SELF = HeapLayout.object(16 + 3L * HeapLayout.REF + 4);
    /** HashField: key, next and value references (bytes). */
    private static final long HASH_FIELD = HeapLayout.object(3L * HeapLayout.REF);

    private static long pair(byte[] field, byte[] value) {
        return HeapLayout.bytes(field.length) + HeapLayout.bytes(value.length);
    }

    @Override
    public long bytes() {
        long b = SELF + payload;
        if (dict == null) {
            return b + HeapLayout.refs(pairs.length) + HeapLayout.ints(hashes.length);
        }
        return b + dict.tableBytes() + (long) dict.size() * HASH_FIELD;
    }

    @Override
    public String typeName() {
        return "hash";
    }

    @Override
    public String encoding() {
        return dict == null ? "listpack" : "hashtable";
    }

    @Override
    public HashValue copy() {
        HashValue c = new HashValue();
        c.payload = payload;
        if (dict == null) {
            c.pairs = Arrays.copyOf(pairs, pairs.length);
            c.hashes = Arrays.copyOf(hashes, hashes.length);
            c.count = count;
        } else {
            c.pairs = null;
            c.hashes = null;
            c.dict = new Dict<>();
            dict.forEach(f -> c.dict.add(new HashField(f.key, f.value)));
        }
        return c;
    }

    public int size() {
        return dict == null ? count : dict.size();
    }

    boolean isListpack() {
        return dict == null;
    }

    /** Listpack form only: the {@code i}th field in insertion order. */
    byte[] fieldAt(int i) {
        return pairs[2 * i];
    }

    /** Listpack form only: the {@code i}th value in insertion order. */
    byte[] valueAt(int i) {
        return pairs[2 * i + 1];
    }

    /** Hashtable form only. */
    Dict<HashField> dict() {
        return dict;
    }

    // ---------------------------------------------------------------- lookup

    /** The value of field argument {@code i}, or null. */
    public byte[] get(Argv argv, int i) {
        if (dict == null) {
            int at = indexOf(argv.buffer(), argv.offset(i), argv.length(i));
            return at < 0 ? null : pairs[at + 1];
        }
        HashField f = dict.get(argv.buffer(), argv.offset(i), argv.length(i));
        return f == null ? null : f.value;
    }

    public byte[] get(byte[] field) {
        if (dict == null) {
            int at = indexOf(ByteBuffer.wrap(field), 0, field.length);
            return at < 0 ? null : pairs[at + 1];
        }
        HashField f = dict.get(field);
        return f == null ? null : f.value;
    }

    /** Index in {@link #pairs} of the field equal to the slice, or -1: the listpack's linear search. */
    private int indexOf(ByteBuffer buffer, int offset, int length) {
        int h = (int) KeyHash.hash(buffer, offset, length);
        for (int i = 0; i < count; i++) {
            if (hashes[i] == h) {
                byte[] f = pairs[2 * i];
                if (f.length == length && sameBytes(f, buffer, offset)) {
                    return 2 * i;
                }
            }
        }
        return -1;
    }

    static boolean sameBytes(byte[] key, ByteBuffer buffer, int offset) {
        if (buffer.hasArray()) {
            int from = buffer.arrayOffset() + offset;
            return Arrays.equals(key, 0, key.length, buffer.array(), from, from + key.length);
        }
        for (int i = 0; i < key.length; i++) {
            if (key[i] != buffer.get(offset + i)) {
                return false;
            }
        }
        return true;
    }

    // ---------------------------------------------------------------- change

    /**
     * Sets {@code field} to {@code value}; returns true when the field is new. An existing field of a
     * listpack keeps its position. Converts to a hashtable first when either is too long for a
     * listpack, and after adding when there are too many fields (hashTypeSet).
     */
    public boolean set(byte[] field, byte[] value) {
        if (dict == null && (field.length > EncodingLimits.hashMaxListpackValue()
                || value.length > EncodingLimits.hashMaxListpackValue())) {
            convert();
        }
        if (dict != null) {
            HashField f = dict.get(field);
            if (f != null) {
                payload += HeapLayout.bytes(value.length) - HeapLayout.bytes(f.value.length);
                f.value = value;
                return false;
            }
            dict.add(new HashField(field, value));
            payload += pair(field, value);
            return true;
        }
        int at = indexOf(ByteBuffer.wrap(field), 0, field.length);
        if (at >= 0) {
            payload += HeapLayout.bytes(value.length) - HeapLayout.bytes(pairs[at + 1].length);
            pairs[at + 1] = value;
            return false;
        }
        if (2 * count + 2 > pairs.length) {
            pairs = Arrays.copyOf(pairs, pairs.length * 2);
            hashes = Arrays.copyOf(hashes, hashes.length * 2);
        }
        hashes[count] = (int) KeyHash.hash(field);
        pairs[2 * count] = field;
        pairs[2 * count + 1] = value;
        payload += pair(field, value);
        count++;
        if (count > EncodingLimits.hashMaxListpackEntries()) {
            convert();
        }
        return true;
    }

    /** Removes field argument {@code i}; returns whether it was there. Listpack order is kept. */
    public boolean remove(Argv argv, int i) {
        if (dict != null) {
            HashField f = dict.remove(argv.buffer(), argv.offset(i), argv.length(i));
            if (f != null) {
                payload -= pair(f.key, f.value);
            }
            return f != null;
        }
        int at = indexOf(argv.buffer(), argv.offset(i), argv.length(i));
        if (at < 0) {
            return false;
        }
        payload -= pair(pairs[at], pairs[at + 1]);
        System.arraycopy(pairs, at + 2, pairs, at, 2 * count - at - 2);
        System.arraycopy(hashes, at / 2 + 1, hashes, at / 2, count - at / 2 - 1);
        count--;
        pairs[2 * count] = null;
        pairs[2 * count + 1] = null;
        return true;
    }

    /** hashTypeConvert: moves every pair into a Dict, for good. */
    private void convert() {
        Dict<HashField> d = new Dict<>();
        for (int i = 0; i < count; i++) {
            d.add(new HashField(pairs[2 * i], pairs[2 * i + 1]));
        }
        dict = d;
        pairs = null;
        hashes = null;
        count = 0;
    }

    // ---------------------------------------------------------------- iteration

    /** Visits every (field, value): insertion order for a listpack, table order otherwise. */
    public void forEach(BiConsumer<byte[], byte[]> action) {
        if (dict == null) {
            for (int i = 0; i < count; i++) {
                action.accept(pairs[2 * i], pairs[2 * i + 1]);
            }
        } else {
            dict.forEach(f -> action.accept(f.key, f.value));
        }
    }
}
