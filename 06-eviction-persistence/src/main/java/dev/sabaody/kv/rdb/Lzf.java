package dev.sabaody.kv.rdb;

/**
 * LZF, the compression of RDB strings (Marc Lehmann's liblzf, Redis's lzf_c.c and lzf_d.c): a byte
 * stream of two kinds of instructions.
 *
 * <pre>
 *   000LLLLL  + L+1 literal bytes                       a run of 1..32 literal bytes
 *   LLLooooo  oooooooo                                  copy L+2 bytes (L 1..6) from o+1 bytes back
 *   111ooooo  LLLLLLLL  oooooooo                        copy L+9 bytes (long match)
 * </pre>
 *
 * The compressor finds earlier occurrences of the next three bytes through a hash table of the
 * positions last seen (HLOG 16 bits), reaching back at most 8 KB. It is greedy and single-pass,
 * as liblzf's is; its output need not be byte-identical to liblzf's (any valid stream decodes the
 * same), only as good in practice.
 */
final class Lzf {

    /** lzfP.h HLOG: bits of the hash table of recent positions. */
    private static final int HLOG = 16;
    /** lzf_c.c MAX_LIT: the longest literal run (bytes). */
    private static final int MAX_LIT = 1 << 5;
    /** lzf_c.c MAX_OFF: the furthest back a match may reach (bytes). */
    private static final int MAX_OFF = 1 << 13;
    /** lzf_c.c MAX_REF: the longest match (bytes). */
    private static final int MAX_REF = (1 << 8) + (1 << 3);

    /**
     * Positions of the last three bytes with each hash, as {@code base + position}: an entry below
     * {@link #base} was left by an earlier string and reads as "none", so the 256 KB table is
     * reused from string to string without being cleared (liblzf's is an uninitialised stack array
     * for the same reason).
     */
    private final int[] table = new int[1 << HLOG];
    private int base = 1;

    /** A compressor with its own table, for one writer's thread. */
    Lzf() {
    }

    /**
     * Compresses {@code in} into {@code out}, which must not be overrun: returns the compressed
     * length, or 0 when it does not fit in {@code out.length} bytes (the caller then stores the
     * string as it is, as rdbSaveLzfStringObject does).
     *
     * <p>The steps are liblzf 3.6's as Redis builds it (VERY_FAST, HLOG 16): the same hash of three
     * bytes, the same rule that position 0 is never a match, the same longest match (stopping two
     * bytes before the end), the same two positions hashed after a match, the same output bounds.
     * So the output is liblzf's byte for byte, and a DUMP of a compressible string equals Redis's.
     */
    static int compress(byte[] in, byte[] out) {
        return new Lzf().compressInto(in, out);
    }

    /** {@link #compress} with this compressor's table. */
    int compressInto(byte[] in, byte[] out) {
        int inLen = in.length;
        int outLen = out.length;
        if (inLen == 0) {
            return 0;
        }
        if (base > Integer.MAX_VALUE - inLen - 2) { // the stamps would overflow: start the table afresh
            java.util.Arrays.fill(table, 0);
            base = 1;
        }
        int stamp = base;
        base += inLen + 1;
        int ip = 0;
        int op = 1; // out[0] is the header of the first literal run
        int lit = 0;
        int hval = inLen >= 2 ? ((in[0] & 0xff) << 8) | (in[1] & 0xff) : 0; // FRST
        while (ip < inLen - 2) {
            hval = (hval << 8) | (in[ip + 2] & 0xff); // NEXT
            int slot = index(hval);
            int ref = table[slot] - stamp; // negative: none in this string (liblzf refuses ref == in_data too)
            table[slot] = stamp + ip;
            int off = ip - ref - 1;
            if (ref < ip && off < MAX_OFF && ref > 0
                    && in[ref + 2] == in[ip + 2] && in[ref] == in[ip] && in[ref + 1] == in[ip + 1]) {
                int len = 2;
                int maxLen = Math.min(inLen - ip - len, MAX_REF);
                if (op + 3 + 1 >= outLen && op - (lit == 0 ? 1 : 0) + 3 + 1 >= outLen) {
                    return 0;
                }
                out[op - lit - 1] = (byte) (lit - 1); // stop the literal run
                op -= lit == 0 ? 1 : 0; // and drop it if empty
                do {
                    len++;
                } while (len < maxLen && in[ref + len] == in[ip + len]);
                len -= 2; // the length field counts from 2
                ip++;
                if (len < 7) {
                    out[op++] = (byte) ((off >>> 8) + (len << 5));
                } else {
                    out[op++] = (byte) ((off >>> 8) + (7 << 5));
                    out[op++] = (byte) (len - 7);
                }
                out[op++] = (byte) off;
                lit = 0;
                op++; // header of the next literal run
                ip += len + 1;
                if (ip >= inLen - 2) {
                    break;
                }
                // VERY_FAST: hash the match's last two positions, so the next match can start there
                ip -= 2;
                hval = ((in[ip] & 0xff) << 8) | (in[ip + 1] & 0xff);
                hval = (hval << 8) | (in[ip + 2] & 0xff);
                table[index(hval)] = stamp + ip;
                ip++;
                hval = (hval << 8) | (in[ip + 2] & 0xff);
                table[index(hval)] = stamp + ip;
                ip++;
                continue;
            }
            if (op >= outLen) {
                return 0;
            }
            lit++;
            out[op++] = in[ip++];
            if (lit == MAX_LIT) {
                out[op - lit - 1] = (byte) (lit - 1);
                lit = 0;
                op++;
            }
        }
        if (op + 3 > outLen) { // at most 3 bytes remain
            return 0;
        }
        while (ip < inLen) {
            lit++;
            out[op++] = in[ip++];
            if (lit == MAX_LIT) {
                out[op - lit - 1] = (byte) (lit - 1);
                lit = 0;
                op++;
            }
        }
        out[op - lit - 1] = (byte) (lit - 1);
        op -= lit == 0 ? 1 : 0;
        return op;
    }

    /** lzfP.h IDX under VERY_FAST: the slot of the three bytes in the low 24 bits of {@code h}. */
    private static int index(int h) {
        return ((h >>> (3 * 8 - HLOG)) - h * 5) & ((1 << HLOG) - 1);
    }

    /**
     * Decompresses {@code length} bytes of {@code in} from {@code offset} into {@code out}, which
     * must be filled exactly. Returns false on a stream that is corrupt or does not fill it.
     */
    static boolean decompress(byte[] in, int offset, int length, byte[] out) {
        int ip = offset;
        int end = offset + length;
        int op = 0;
        while (ip < end) {
            int ctrl = in[ip++] & 0xff;
            if (ctrl < 32) {
                int run = ctrl + 1;
                if (op + run > out.length || ip + run > end) {
                    return false;
                }
                System.arraycopy(in, ip, out, op, run);
                ip += run;
                op += run;
                continue;
            }
            int len = ctrl >>> 5;
            if (len == 7) {
                if (ip >= end) {
                    return false;
                }
                len += in[ip++] & 0xff;
            }
            if (ip >= end) {
                return false;
            }
            int ref = op - ((ctrl & 0x1f) << 8) - 1 - (in[ip++] & 0xff);
            len += 2;
            if (ref < 0 || op + len > out.length) {
                return false;
            }
            for (int i = 0; i < len; i++) { // byte by byte: source and target may overlap
                out[op++] = out[ref++];
            }
        }
        return op == out.length;
    }
}
