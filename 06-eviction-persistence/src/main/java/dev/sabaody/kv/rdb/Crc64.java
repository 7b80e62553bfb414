package dev.sabaody.kv.rdb;

/**
 * The CRC-64 that ends every RDB file and DUMP payload: Redis's crc64.c, the "Jones" polynomial
 * 0xad93d23594c935a9, reflected input and output, initial value 0, no final xor. Check value:
 * {@code crc64("123456789") = 0xe9c6d914c4b8d9ca}.
 *
 * <p>Redis computes it eight bytes at a time (crcspeed's sliced tables); one table and a byte at a
 * time gives the same value and is fast enough here: the file is written through a buffer anyway,
 * and a Java loop over one 2 KB table stays in L1.
 */
final class Crc64 {

    /** crc64.c POLY, reflected: the bit-reversed form drives a right-shifting (LSB-first) register. */
    private static final long POLY_REFLECTED = Long.reverse(0xad93d23594c935a9L);
    private static final long[] TABLE = new long[256];

    static {
        for (int i = 0; i < 256; i++) {
            long crc = i;
            for (int bit = 0; bit < 8; bit++) {
                crc = (crc & 1) != 0 ? (crc >>> 1) ^ POLY_REFLECTED : crc >>> 1;
            }
            TABLE[i] = crc;
        }
    }

    private Crc64() {
    }

    /** Continues {@code crc} over {@code length} bytes of {@code bytes} from {@code offset}. */
    static long update(long crc, byte[] bytes, int offset, int length) {
        for (int i = offset, end = offset + length; i < end; i++) {
            crc = TABLE[(int) ((crc ^ bytes[i]) & 0xff)] ^ (crc >>> 8);
        }
        return crc;
    }

    static long of(byte[] bytes) {
        return update(0, bytes, 0, bytes.length);
    }
}
