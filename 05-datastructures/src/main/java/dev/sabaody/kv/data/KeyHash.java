package dev.sabaody.kv.data;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.SecureRandom;

/**
 * The one key hash of Sabaody-KV. Every hash table of this module ({@link Dict}: the keyspace, hash
 * fields, set members) and final-server's choice of shard use it.
 *
 * <p>XXH64 (Yann Collet's xxHash, 64-bit), seeded once per process: it reads the key eight bytes at
 * a time, so a 16-byte key costs two multiply-rotate rounds and the finalizer instead of sixteen
 * byte steps, and its avalanche is strong (it passes SMHasher). Two consumers take disjoint bits:
 * <ul>
 *   <li>a {@link Dict} takes the low bits ({@code hash & mask}) as its bucket;
 *   <li>final-server takes the high 32 bits for the shard, by multiplication rather than modulo
 *       (Lemire's "fast range": no division, no bias when the shard count is not a power of two),
 *       of the key's hash tag when it has one ({@link #shardOf(byte[], int)}).
 * </ul>
 * So keys of one shard still spread over every bucket of that shard's table. A key is hashed where
 * it is routed and again where it is looked up, so the hash's cost is paid twice per command that
 * crosses shards: profiling the pipelined benchmark found the byte-at-a-time FNV-1a this replaced
 * at 15 % of the server's samples.
 *
 * <h2>Why a seed</h2>
 * A hash anyone can compute lets a client choose keys that all fall in one bucket and turn every
 * lookup into a walk of one long chain (hash flooding). Redis seeds SipHash-1-2 at start-up for this
 * reason (dict.c, {@code dictSetHashFunctionSeed}). SipHash is the stronger answer (a keyed PRF);
 * seeded XXH64 is the cheaper one, and keeps precomputed colliding sets from transferring between
 * processes. The seed is fixed for the life of the process, so a key's shard never changes while
 * the server runs.
 */
public final class KeyHash {

    private static final long PRIME64_1 = 0x9E3779B185EBCA87L;
    private static final long PRIME64_2 = 0xC2B2AE3D27D4EB4FL;
    private static final long PRIME64_3 = 0x165667B19E3779F9L;
    private static final long PRIME64_4 = 0x85EBCA77C2B2AE63L;
    private static final long PRIME64_5 = 0x27D4EB2F165667C5L;

    private static final long SEED = new SecureRandom().nextLong();

    private static final VarHandle ARRAY_LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle ARRAY_INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle BUFFER_LONG = MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle BUFFER_INT = MethodHandles.byteBufferViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

    private KeyHash() {
    }

    public static long hash(byte[] key) {
        return hash(key, 0, key.length, SEED);
    }

    /** The hash of {@code length} bytes of {@code buffer} at absolute index {@code offset}. */
    public static long hash(ByteBuffer buffer, int offset, int length) {
        if (buffer.hasArray()) {
            return hash(buffer.array(), buffer.arrayOffset() + offset, length, SEED);
        }
        return hash(buffer, offset, length, SEED);
    }

    static long hash(ByteBuffer buffer, int offset, int length, long seed) {
        long h;
        int p = offset;
        int end = offset + length;
        if (length >= 32) {
            long v1 = seed + PRIME64_1 + PRIME64_2;
            long v2 = seed + PRIME64_2;
            long v3 = seed;
            long v4 = seed - PRIME64_1;
            do {
                v1 = round(v1, (long) BUFFER_LONG.get(buffer, p));
                v2 = round(v2, (long) BUFFER_LONG.get(buffer, p + 8));
                v3 = round(v3, (long) BUFFER_LONG.get(buffer, p + 16));
                v4 = round(v4, (long) BUFFER_LONG.get(buffer, p + 24));
                p += 32;
            } while (p <= end - 32);
            h = converge(v1, v2, v3, v4);
        } else {
            h = seed + PRIME64_5;
        }
        h += length;
        for (; p <= end - 8; p += 8) {
            h ^= round(0, (long) BUFFER_LONG.get(buffer, p));
            h = Long.rotateLeft(h, 27) * PRIME64_1 + PRIME64_4;
        }
        if (p <= end - 4) {
            h ^= ((int) BUFFER_INT.get(buffer, p) & 0xFFFFFFFFL) * PRIME64_1;
            h = Long.rotateLeft(h, 23) * PRIME64_2 + PRIME64_3;
            p += 4;
        }
        for (; p < end; p++) {
            h ^= (buffer.get(p) & 0xFFL) * PRIME64_5;
            h = Long.rotateLeft(h, 11) * PRIME64_1;
        }
        return avalanche(h);
    }

    /** XXH64 of {@code length} bytes of {@code a} from {@code offset} with {@code seed}. */
    static long hash(byte[] a, int offset, int length, long seed) {
        long h;
        int p = offset;
        int end = offset + length;
        if (length >= 32) {
            long v1 = seed + PRIME64_1 + PRIME64_2;
            long v2 = seed + PRIME64_2;
            long v3 = seed;
            long v4 = seed - PRIME64_1;
            do {
                v1 = round(v1, (long) ARRAY_LONG.get(a, p));
                v2 = round(v2, (long) ARRAY_LONG.get(a, p + 8));
                v3 = round(v3, (long) ARRAY_LONG.get(a, p + 16));
                v4 = round(v4, (long) ARRAY_LONG.get(a, p + 24));
                p += 32;
            } while (p <= end - 32);
            h = converge(v1, v2, v3, v4);
        } else {
            h = seed + PRIME64_5;
        }
        h += length;
        for (; p <= end - 8; p += 8) {
            h ^= round(0, (long) ARRAY_LONG.get(a, p));
            h = Long.rotateLeft(h, 27) * PRIME64_1 + PRIME64_4;
        }
        if (p <= end - 4) {
            h ^= ((int) ARRAY_INT.get(a, p) & 0xFFFFFFFFL) * PRIME64_1;
            h = Long.rotateLeft(h, 23) * PRIME64_2 + PRIME64_3;
            p += 4;
        }
        for (; p < end; p++) {
            h ^= (a[p] & 0xFFL) * PRIME64_5;
            h = Long.rotateLeft(h, 11) * PRIME64_1;
        }
        return avalanche(h);
    }

    // ---------------------------------------------------------------- the shard of a key

    /**
     * Which of {@code shards} owns {@code key}: the hash of its hash tag, or of the whole key when it
     * has none ({@link #tagStart}), its high 32 bits scaled. The one place a key's shard is decided.
     */
    public static int shardOf(byte[] key, int shards) {
        if (shards == 1) {
            return 0;
        }
        int start = tagStart(key, 0, key.length);
        long hash = start < 0 ? hash(key, 0, key.length, SEED)
                : hash(key, start, tagEnd(key, start, key.length) - start, SEED);
        return scale(hash, shards);
    }

    /** {@link #shardOf(byte[], int)} of {@code length} bytes of {@code buffer} at absolute index {@code offset}. */
    public static int shardOf(ByteBuffer buffer, int offset, int length, int shards) {
        if (shards == 1) {
            return 0;
        }
        if (buffer.hasArray()) {
            byte[] a = buffer.array();
            int from = buffer.arrayOffset() + offset;
            int end = from + length;
            int start = tagStart(a, from, end);
            return scale(start < 0 ? hash(a, from, length, SEED) : hash(a, start, tagEnd(a, start, end) - start, SEED),
                    shards);
        }
        int end = offset + length;
        int start = -1;
        for (int i = offset; i < end && start < 0; i++) {
            if (buffer.get(i) == '{') {
                start = i + 1;
            }
        }
        int close = -1;
        for (int i = start < 0 ? end : start; i < end; i++) {
            if (buffer.get(i) == '}') {
                close = i;
                break;
            }
        }
        if (close <= start) { // no '{', no '}' after it, or "{}"
            return scale(hash(buffer, offset, length, SEED), shards);
        }
        return scale(hash(buffer, start, close - start, SEED), shards);
    }

    /**
     * Where {@code key}'s hash tag starts, or -1 when it has none: Redis Cluster's rule (cluster.c,
     * keyHashSlot). The tag is the bytes between the first '{' and the first '}' after it, when there
     * are any; otherwise ("{}", no '{', no '}' after it) the whole key is hashed. So
     * {@code {user1}:cart} and {@code {user1}:orders} share a shard, and a script, a transaction
     * or an MSET over them runs on one. Only the shard is chosen this way: a {@link Dict} bucket is
     * still the whole key's hash, or every key of a tag would share one chain.
     */
    static int tagStart(byte[] key, int from, int end) {
        for (int i = from; i < end; i++) {
            if (key[i] == '{') {
                int close = tagEnd(key, i + 1, end);
                return close == end || close == i + 1 ? -1 : i + 1;
            }
        }
        return -1;
    }

    /** The index of the first '}' from {@code start}, or {@code end}. */
    private static int tagEnd(byte[] key, int start, int end) {
        for (int i = start; i < end; i++) {
            if (key[i] == '}') {
                return i;
            }
        }
        return end;
    }

    /** The shard that every key {@code pattern} (a glob) can name lives on, or -1 when it may name keys of several: cluster.c's patternHashSlot. */
    public static int patternShardOf(byte[] pattern, int shards) {
        int open = -1;
        for (int i = 0; i < pattern.length; i++) {
            byte b = pattern[i];
            if (b == '*' || b == '?' || b == '[' || b == '\\') {
                return -1; // a wildcard, a class or an escape before any tag: keys may be anywhere
            } else if (open == -1 && b == '{') {
                open = i;
            } else if (open >= 0 && b == '}' && i == open + 1) {
                open = -2; // "{}": the whole key is hashed, braces and all
            } else if (open >= 0 && b == '}') {
                return shards == 1 ? 0 : scale(hash(pattern, open + 1, i - open - 1, SEED), shards);
            }
        }
        return shardOf(pattern, shards); // a single key
    }

    /** The high 32 bits of a hash, scaled to {@code shards} (Lemire's fast range). */
    private static int scale(long hash, int shards) {
        return (int) (((hash >>> 32) * shards) >>> 32);
    }

    private static long round(long acc, long lane) {
        acc += lane * PRIME64_2;
        acc = Long.rotateLeft(acc, 31);
        return acc * PRIME64_1;
    }

    private static long merge(long h, long v) {
        h ^= round(0, v);
        return h * PRIME64_1 + PRIME64_4;
    }

    private static long converge(long v1, long v2, long v3, long v4) {
        long h = Long.rotateLeft(v1, 1) + Long.rotateLeft(v2, 7) + Long.rotateLeft(v3, 12) + Long.rotateLeft(v4, 18);
        h = merge(h, v1);
        h = merge(h, v2);
        h = merge(h, v3);
        return merge(h, v4);
    }

    private static long avalanche(long h) {
        h ^= h >>> 33;
        h *= PRIME64_2;
        h ^= h >>> 29;
        h *= PRIME64_3;
        return h ^ (h >>> 32);
    }
}
