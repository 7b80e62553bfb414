package dev.sabaody.kv.server;

import java.nio.ByteBuffer;

/**
 * The one key hash of Sabaody-KV: which shard owns a key.
 *
 * <p>FNV-1a over the key's bytes, then MurmurHash3's 64-bit finalizer ({@code fmix64}) so that keys
 * differing only in their last byte ("key:1", "key:2") spread over all the high bits. The shard is
 * then chosen from the high 32 bits by multiplication rather than modulo (Lemire's "fast range"):
 * no division on the hot path, and no bias for shard counts that are not powers of two.
 *
 * <p>Hash tags ({@code {user}:1} and {@code {user}:2} on one shard, as Redis Cluster has them) are
 * not honoured: a multi-key command spanning shards is made atomic by parking the shards instead
 * (see {@link CrossShard}), so clients need not know how keys are placed.
 */
final class KeyHash {

    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;

    private KeyHash() {
    }

    static long hash(ByteBuffer buffer, int offset, int length) {
        long h = FNV_OFFSET;
        for (int i = offset; i < offset + length; i++) {
            h = (h ^ (buffer.get(i) & 0xff)) * FNV_PRIME;
        }
        return fmix64(h);
    }

    static long hash(byte[] key) {
        return hash(ByteBuffer.wrap(key), 0, key.length);
    }

    /** Which of {@code shards} owns a key of this hash. */
    static int shardOf(long hash, int shards) {
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
