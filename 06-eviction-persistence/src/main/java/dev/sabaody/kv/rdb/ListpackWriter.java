package dev.sabaody.kv.rdb;

import java.util.Arrays;

/**
 * Builds a listpack (listpack.c) as Redis would for the same elements: a string that is an
 * integer's exact decimal form is stored as the smallest integer encoding (lpStringToInt64, then
 * lpEncodeIntegerGetType), any other as a 6-, 12- or 32-bit-length string; every element ends with
 * its back-length. See {@link Packed} for the layout.
 */
final class ListpackWriter {

    /** listpack.c LP_HDR_NUMELE_UNKNOWN: the element count no longer fits the header's 16 bits. */
    private static final int LP_HDR_NUMELE_UNKNOWN = 65535;
    private static final byte[] LONG_MIN = Long.toString(Long.MIN_VALUE).getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private byte[] buf = new byte[64];
    private int pos = 6;
    private int count;

    int bytes() {
        return pos + 1;
    }

    int count() {
        return count;
    }

    void add(byte[] s) {
        long v = Strings.parseCanonicalLong(s);
        if (v != Strings.NOT_CANONICAL) {
            addInt(v);
        } else if (Arrays.equals(s, LONG_MIN)) {
            addInt(Long.MIN_VALUE);
        } else {
            addString(s);
        }
    }

    void addInt(long v) {
        ensure(10);
        int start = pos;
        if (v >= 0 && v <= 127) {
            buf[pos++] = (byte) v;
        } else if (v >= -4096 && v <= 4095) {
            long u = v < 0 ? (1 << 13) + v : v;
            buf[pos++] = (byte) ((u >>> 8) | 0xC0);
            buf[pos++] = (byte) u;
        } else {
            int size = v >= Short.MIN_VALUE && v <= Short.MAX_VALUE ? 2 : v >= -8388608 && v <= 8388607 ? 3
                    : v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE ? 4 : 8;
            buf[pos++] = (byte) (size == 2 ? 0xF1 : size == 3 ? 0xF2 : size == 4 ? 0xF3 : 0xF4);
            for (int i = 0; i < size; i++) {
                buf[pos++] = (byte) (v >>> (8 * i));
            }
        }
        backlen(pos - start);
        count++;
    }

    void addString(byte[] s) {
        int n = s.length;
        ensure(n + 10);
        int start = pos;
        if (n < 64) {
            buf[pos++] = (byte) (0x80 | n);
        } else if (n < 4096) {
            buf[pos++] = (byte) (0xE0 | (n >>> 8));
            buf[pos++] = (byte) n;
        } else {
            buf[pos++] = (byte) 0xF0;
            for (int i = 0; i < 4; i++) {
                buf[pos++] = (byte) (n >>> (8 * i));
            }
        }
        System.arraycopy(s, 0, buf, pos, n);
        pos += n;
        backlen(pos - start);
        count++;
    }

    /** lpEncodeBacklen: the entry's length, 7 bits a byte, most significant first, high bit on all but the first. */
    private void backlen(int l) {
        if (l <= 127) {
            buf[pos++] = (byte) l;
        } else if (l < 16383) {
            buf[pos++] = (byte) (l >>> 7);
            buf[pos++] = (byte) ((l & 127) | 128);
        } else if (l < 2097151) {
            buf[pos++] = (byte) (l >>> 14);
            buf[pos++] = (byte) (((l >>> 7) & 127) | 128);
            buf[pos++] = (byte) ((l & 127) | 128);
        } else if (l < 268435455) {
            buf[pos++] = (byte) (l >>> 21);
            buf[pos++] = (byte) (((l >>> 14) & 127) | 128);
            buf[pos++] = (byte) (((l >>> 7) & 127) | 128);
            buf[pos++] = (byte) ((l & 127) | 128);
        } else {
            buf[pos++] = (byte) (l >>> 28);
            buf[pos++] = (byte) (((l >>> 21) & 127) | 128);
            buf[pos++] = (byte) (((l >>> 14) & 127) | 128);
            buf[pos++] = (byte) (((l >>> 7) & 127) | 128);
            buf[pos++] = (byte) ((l & 127) | 128);
        }
    }

    private void ensure(int more) {
        if (pos + more + 1 > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + more + 1));
        }
    }

    /** The finished listpack: header, elements, end byte. */
    byte[] toBytes() {
        byte[] lp = Arrays.copyOf(buf, pos + 1);
        lp[pos] = (byte) 0xff;
        int total = pos + 1;
        for (int i = 0; i < 4; i++) {
            lp[i] = (byte) (total >>> (8 * i));
        }
        int numele = count < LP_HDR_NUMELE_UNKNOWN ? count : LP_HDR_NUMELE_UNKNOWN;
        lp[4] = (byte) numele;
        lp[5] = (byte) (numele >>> 8);
        return lp;
    }
}
