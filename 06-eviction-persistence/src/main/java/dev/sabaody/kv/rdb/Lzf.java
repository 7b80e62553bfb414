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

    private Lzf() {
    }

    /**
     * Compresses {@code in} into {@code out}, which must not be overrun: returns the compressed
     * length, or 0 when it does not fit in {@code out.length} bytes (the caller then stores the
     * string as it is, as rdbSaveLzfStringObject does).
     */
    static int compress(byte[] in, byte[] out) {
        int inLen = in.length;
        int outLen = out.length;
        if (inLen == 0 || outLen < 2) {
            return 0;
        }
        int[] table = new int[1 << HLOG]; // position + 1 of the last three bytes with this hash; 0 = none
        int ip = 0;
        int op = 1; // out[0] is the header of the first literal run
        int lit = 0;
        while (ip < inLen - 2) {
            int h = hash(in, ip);
            int ref = table[h] - 1;
            table[h] = ip + 1;
            int off = ip - ref - 1;
            if (ref >= 0 && off < MAX_OFF
                    && in[ref] == in[ip] && in[ref + 1] == in[ip + 1] && in[ref + 2] == in[ip + 2]) {
                int max = Math.min(MAX_REF, inLen - ip);
                int m = 3;
                while (m < max && in[ref + m] == in[ip + m]) {
                    m++;
                }
                if (op + 3 + 1 > outLen) {
                    return 0;
                }
                if (lit == 0) {
                    op--; // no literal before this match: drop the empty run's header
                } else {
                    out[op - lit - 1] = (byte) (lit - 1);
                }
                int len = m - 2;
                if (len < 7) {
                    out[op++] = (byte) ((off >>> 8) + (len << 5));
                } else {
                    out[op++] = (byte) ((off >>> 8) + (7 << 5));
                    out[op++] = (byte) (len - 7);
                }
                out[op++] = (byte) off;
                op++; // header of the next literal run
                lit = 0;
                ip += m;
                continue;
            }
            if (op >= outLen) {
                return 0;
            }
            out[op++] = in[ip++];
            if (++lit == MAX_LIT) {
                out[op - lit - 1] = (byte) (MAX_LIT - 1);
                lit = 0;
                op++;
            }
        }
        while (ip < inLen) {
            if (op >= outLen) {
                return 0;
            }
            out[op++] = in[ip++];
            if (++lit == MAX_LIT) {
                out[op - lit - 1] = (byte) (MAX_LIT - 1);
                lit = 0;
                op++;
            }
        }
        if (lit == 0) {
            op--;
        } else {
            out[op - lit - 1] = (byte) (lit - 1);
        }
        return op > outLen ? 0 : op;
    }

    private static int hash(byte[] in, int i) {
        int v = ((in[i] & 0xff) << 16) | ((in[i + 1] & 0xff) << 8) | (in[i + 2] & 0xff);
        return (v * 0x9E3779B1 >>> (32 - HLOG));
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
