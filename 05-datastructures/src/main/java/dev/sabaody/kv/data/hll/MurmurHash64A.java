package dev.sabaody.kv.data.hll;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * MurmurHash2, 64-bit version ("MurmurHash64A", Austin Appleby), the hash of Redis's HyperLogLog
 * (hyperloglog.c, seed {@code 0xadc83b19}) and of RedisBloom's Bloom filters (MurmurHash64A_Bloom,
 * seeded with its own multiplier, then with the first hash). Both read the input as little-endian
 * 64-bit words, whatever the machine, so the same bytes hash the same everywhere: a requirement here,
 * since an HLL's registers are stored in the string value and must equal Redis's bit for bit.
 *
 * <p>Arguments are hashed where they lie, in the connection's input buffer: no copy.
 */
public final class MurmurHash64A {

    /** The multiplier of MurmurHash2 64A. */
    private static final long M = 0xc6a4a7935bd1e995L;
    /** The shift of MurmurHash2 64A. */
    private static final int R = 47;
    private static final VarHandle LONG_LE =
            MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private MurmurHash64A() {
    }

    /** The hash of {@code len} bytes of {@code buf} from absolute index {@code off}. */
    public static long hash(ByteBuffer buf, int off, int len, long seed) {
        long h = seed ^ (len * M);
        int i = off;
        int end = off + (len & ~7);
        while (i < end) {
            long k = (long) LONG_LE.get(buf, i);
            k *= M;
            k ^= k >>> R;
            k *= M;
            h ^= k;
            h *= M;
            i += 8;
        }
        int rest = len & 7;
        if (rest > 0) {
            // The tail, most significant byte first, as the C switch falls through.
            for (int j = rest - 1; j >= 0; j--) {
                h ^= (buf.get(i + j) & 0xffL) << (8 * j);
            }
            h *= M;
        }
        h ^= h >>> R;
        h *= M;
        h ^= h >>> R;
        return h;
    }

    /** The hash of a whole array (tests, benchmarks). */
    public static long hash(byte[] data, long seed) {
        return hash(ByteBuffer.wrap(data), 0, data.length, seed);
    }
}
