package dev.sabaody.kv.data.cms;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * MurmurHash2, 32-bit (Austin Appleby), as RedisBloom's Count-Min sketch and Top-K call it: one hash
 * per row, the row number as the seed, so the rows hash independently. Words are read
 * little-endian, as on the x86 and ARM machines RedisBloom runs on.
 */
public final class MurmurHash2 {

    private static final int M = 0x5bd1e995;
    private static final int R = 24;
    private static final VarHandle INT_LE =
            MethodHandles.byteBufferViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

    private MurmurHash2() {
    }

    /** The hash of {@code len} bytes of {@code buf} from absolute index {@code off}. */
    public static int hash(ByteBuffer buf, int off, int len, int seed) {
        int h = seed ^ len;
        int i = off;
        int left = len;
        while (left >= 4) {
            int k = (int) INT_LE.get(buf, i);
            k *= M;
            k ^= k >>> R;
            k *= M;
            h *= M;
            h ^= k;
            i += 4;
            left -= 4;
        }
        switch (left) {
            case 3:
                h ^= (buf.get(i + 2) & 0xff) << 16;
                // fall through
            case 2:
                h ^= (buf.get(i + 1) & 0xff) << 8;
                // fall through
            case 1:
                h ^= buf.get(i) & 0xff;
                h *= M;
                break;
            default:
                break;
        }
        h ^= h >>> 13;
        h *= M;
        h ^= h >>> 15;
        return h;
    }
}
