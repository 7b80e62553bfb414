package dev.sabaody.kv.data;

import java.nio.ByteBuffer;
import java.security.SecureRandom;

/**
 * The one key hash of Sabaody-KV. Every hash table of this module ({@link Dict}: the keyspace, hash
 * fields, set members) and final-server's choice of shard use it.
 *
 * <p>FNV-1a over the bytes, started from a per-process random seed, then MurmurHash3's 64-bit
 * finalizer ({@code fmix64}) so that keys differing only in their last byte ("key:1", "key:2")
 * spread over all 64 bits. Two consumers take disjoint bits:
 * <ul>
 *   <li>a {@link Dict} takes the low bits ({@code hash & mask}) as its bucket;
 *   <li>final-server takes the high 32 bits for the shard, by multiplication rather than modulo
 *       (Lemire's "fast range": no division, no bias when the shard count is not a power of two).
 * </ul>
 * So keys of one shard still spread over every bucket of that shard's table.
 *
 * <h2>Why a seed</h2>
 * A hash anyone can compute lets a client choose keys that all fall in one bucket and turn every
 * lookup into a walk of one long chain (hash flooding). Redis seeds SipHash-1-2 at start-up for this
 * reason (dict.c, {@code dictSetHashFunctionSeed}). SipHash is the stronger answer; FNV-1a with a
 * random basis and a strong finalizer is the cheaper one, and keeps precomputed colliding sets from
 * transferring between processes. The seed is fixed for the life of the process, so a key's shard
 * never changes while the server runs.
 */
public final class KeyHash {

    private static final long FNV_PRIME = 0x100000001b3L;
    /** FNV-1a's offset basis, mixed with the process seed. */
    private static final long SEED = 0xcbf29ce484222325L ^ new SecureRandom().nextLong();

    private KeyHash() {
    }

    /** The hash of {@code length} bytes of {@code buffer} at absolute index {@code offset}. */
    public static long hash(ByteBuffer buffer, int offset, int length) {
        long h = SEED;
        if (buffer.hasArray()) {
            byte[] a = buffer.array();
            int from = buffer.arrayOffset() + offset;
            for (int i = from; i < from + length; i++) {
                h = (h ^ (a[i] & 0xff)) * FNV_PRIME;
            }
        } else {
            for (int i = offset; i < offset + length; i++) {
                h = (h ^ (buffer.get(i) & 0xff)) * FNV_PRIME;
            }
        }
        return fmix64(h);
    }

    public static long hash(byte[] key) {
        long h = SEED;
        for (byte b : key) {
            h = (h ^ (b & 0xff)) * FNV_PRIME;
        }
        return fmix64(h);
    }

    /** Which of {@code shards} owns a key of this hash: the high 32 bits, scaled. */
    public static int shardOf(long hash, int shards) {
        return (int) (((hash >>> 32) * shards) >>> 32);
    }

    private static long fmix64(long k) {
        k ^= k >>> 33;
        k *= 0xff51afd7ed558ccdL;
        k ^= k >>> 33;
        k *= 0xc4ceb9fe1a85ec53L;
        k ^= k >>> 33;
        return k;
    }
}
