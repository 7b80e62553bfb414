package dev.sabaody.kv.data.hll;

import java.nio.ByteBuffer;

/**
 * Redis's HyperLogLog, byte for byte: the string value PFADD builds, and the estimator PFCOUNT runs.
 *
 * <h2>The idea</h2>
 * Hash each element to 64 bits. The low {@value #HLL_P} bits choose one of 16384 registers; the
 * other 50 bits are a random number whose run of trailing zeros is k with probability 2^-(k+1). A
 * register keeps the longest run (plus one) it has seen: after n distinct elements spread over m
 * registers, each holds about log2(n/m). Duplicates hash the same, so they never change anything:
 * the sketch counts <em>distinct</em> elements, in 12 KiB whatever n is. The standard error is
 * 1.04/sqrt(m) = 0.81%.
 *
 * <p>The estimate is Otmar Ertl's ("New cardinality estimation algorithms for HyperLogLog
 * sketches", arXiv:1702.01284), which Redis adopted in 5.0: from the histogram of register values
 * C[k], it computes z = m*tau(1 - C[q+1]/m) + sum(C[k]*2^-k) + m*sigma(C[0]/m) and answers
 * round(alpha_inf * m^2 / z). sigma corrects the small range (many empty registers, where the raw
 * estimate would be biased: this replaces the old "linear counting" switch) and tau the large range.
 *
 * <h2>The string value (hyperloglog.c's header comment)</h2>
 * <pre>
 *   +------+---+-----+----------+-----------------------------+
 *   | HYLL | E | N/U | Cardin.  | registers: dense or sparse  |
 *   +------+---+-----+----------+-----------------------------+
 *    4 B    1   3 B   8 B (LE)
 * </pre>
 * E is 0 (dense) or 1 (sparse). "Cardin." caches the last PFCOUNT answer, little-endian; its top
 * bit set means "stale" (every change sets it). Dense: 16384 6-bit registers packed LSB first, 12288
 * bytes. Sparse: a run-length code of three opcodes: ZERO {@code 00xxxxxx} (1-64 zero registers),
 * XZERO {@code 01xxxxxx yyyyyyyy} (1-16384 zeros), VAL {@code 1vvvvvxx} (1-4 registers of value
 * 1-32). A new key is sparse (one XZERO of 16384, 18 bytes); it turns dense for good when a register
 * needs a value above 32 or the string would pass {@value #HLL_SPARSE_MAX_BYTES} bytes.
 *
 * <p>The HLL stays a plain string, as in Redis: GET returns these bytes, SET of the same bytes is a
 * valid HLL, and PFADD of the same elements yields the same bytes as Redis. That is why this class
 * reproduces the exact sparse editing rules of hyperloglog.c (hllSparseSet, see {@link HllString})
 * rather than a simpler encoder: two valid encodings of the same registers would make GET differ.
 *
 * <h2>Rejected</h2>
 * A dedicated value type (a RedisValue with a long[] of registers) would be faster and simpler, but
 * TYPE would not say "string", GET/SET/APPEND/DUMP would not see the same bytes, and an HLL written by
 * Redis could not be loaded. Caching the count elsewhere than in the header was rejected for the same
 * reason: PFCOUNT's cache write is visible in GET in Redis too.
 */
public final class HyperLogLog {

    /** hyperloglog.c HLL_P: register index bits. */
    static final int HLL_P = 14;
    /** HLL_Q: the hash bits left for the zero run (64 - P). */
    static final int HLL_Q = 64 - HLL_P;
    /** HLL_REGISTERS: 16384. */
    public static final int HLL_REGISTERS = 1 << HLL_P;
    static final int HLL_P_MASK = HLL_REGISTERS - 1;
    /** HLL_BITS: bits per dense register (enough for runs up to 63). */
    static final int HLL_BITS = 6;
    static final int HLL_REGISTER_MAX = (1 << HLL_BITS) - 1;
    /** HLL_HDR_SIZE: sizeof(struct hllhdr), bytes. */
    static final int HLL_HDR_SIZE = 16;
    /** HLL_DENSE_SIZE: a dense HLL's exact string length, bytes (16 + 12288). */
    static final int HLL_DENSE_SIZE = HLL_HDR_SIZE + (HLL_REGISTERS * HLL_BITS + 7) / 8;
    static final byte HLL_DENSE = 0;
    static final byte HLL_SPARSE = 1;
    /** HLL_MAX_ENCODING: encodings above this are invalid. */
    static final int HLL_MAX_ENCODING = 1;
    /** server.hll_sparse_max_bytes's default (config.c): a sparse HLL longer than this turns dense, bytes. */
    static final int HLL_SPARSE_MAX_BYTES = 3000;
    /** The seed hllPatLen gives MurmurHash64A. */
    static final long HLL_HASH_SEED = 0xadc83b19L;
    /** HLL_ALPHA_INF: 0.5/ln(2), Ertl's constant for m -> infinity. */
    static final double HLL_ALPHA_INF = 0.721347520444481703680;

    /** Sparse opcodes (HLL_SPARSE_*). */
    static final int HLL_SPARSE_XZERO_BIT = 0x40;
    static final int HLL_SPARSE_VAL_BIT = 0x80;
    static final int HLL_SPARSE_VAL_MAX_VALUE = 32;
    static final int HLL_SPARSE_VAL_MAX_LEN = 4;
    static final int HLL_SPARSE_ZERO_MAX_LEN = 64;
    static final int HLL_SPARSE_XZERO_MAX_LEN = 16384;

    /** The error for a string that is not an HLL (isHLLObjectOrReply). */
    public static final String NOT_AN_HLL = "-WRONGTYPE Key is not a valid HyperLogLog string value.";
    /** invalid_hll_err: a sparse HLL whose runs do not add up to 16384 registers. */
    public static final String INVALID_HLL = "-INVALIDOBJ Corrupted HLL object detected";

    private HyperLogLog() {
    }

    // ---------------------------------------------------------------- hashing

    /**
     * hllPatLen: the register an element falls in and the length of its "000...1" pattern (1 to
     * Q+1), packed as {@code index << 8 | count}.
     */
    static int patLen(ByteBuffer buf, int off, int len) {
        long hash = MurmurHash64A.hash(buf, off, len, HLL_HASH_SEED);
        int index = (int) (hash & HLL_P_MASK);
        hash >>>= HLL_P;
        hash |= 1L << HLL_Q; // guarantees a 1 bit: count <= Q + 1
        return index << 8 | (Long.numberOfTrailingZeros(hash) + 1);
    }

    // ---------------------------------------------------------------- dense registers

    /** HLL_DENSE_GET_REGISTER on a whole dense string (registers start after the header). */
    static int denseGet(byte[] hll, int regnum) {
        int at = HLL_HDR_SIZE + regnum * HLL_BITS / 8;
        int fb = regnum * HLL_BITS & 7;
        int b0 = hll[at] & 0xff;
        // Redis reads the sds terminator past the last register; that byte is 0.
        int b1 = at + 1 < hll.length ? hll[at + 1] & 0xff : 0;
        return ((b0 >>> fb) | (b1 << (8 - fb))) & HLL_REGISTER_MAX;
    }

    /** HLL_DENSE_SET_REGISTER. */
    static void denseSet(byte[] hll, int regnum, int val) {
        int at = HLL_HDR_SIZE + regnum * HLL_BITS / 8;
        int fb = regnum * HLL_BITS & 7;
        int fb8 = 8 - fb;
        hll[at] = (byte) ((hll[at] & ~(HLL_REGISTER_MAX << fb)) | (val << fb));
        if (at + 1 < hll.length) {
            hll[at + 1] = (byte) ((hll[at + 1] & ~(HLL_REGISTER_MAX >>> fb8)) | (val >>> fb8));
        }
    }

    /** hllDenseSet: raises a register to {@code count}; 1 if it changed, else 0. */
    static int denseRaise(byte[] hll, int regnum, int count) {
        if (count > denseGet(hll, regnum)) {
            denseSet(hll, regnum, count);
            return 1;
        }
        return 0;
    }

    // ---------------------------------------------------------------- sparse opcodes

    static boolean isZero(int op) {
        return (op & 0xc0) == 0;
    }

    static boolean isXzero(int op) {
        return (op & 0xc0) == HLL_SPARSE_XZERO_BIT;
    }

    static boolean isVal(int op) {
        return (op & HLL_SPARSE_VAL_BIT) != 0;
    }

    static int zeroLen(int op) {
        return (op & 0x3f) + 1;
    }

    static int xzeroLen(int op, int next) {
        return ((op & 0x3f) << 8 | next) + 1;
    }

    static int valValue(int op) {
        return ((op >>> 2) & 0x1f) + 1;
    }

    static int valLen(int op) {
        return (op & 0x3) + 1;
    }

    static byte valOp(int val, int len) {
        return (byte) (((val - 1) << 2 | (len - 1)) | HLL_SPARSE_VAL_BIT);
    }

    /** The byte after an XZERO's first, or the 0 Redis's sds terminator gives past the end. */
    static int byteAfter(byte[] s, int p, int len) {
        return p + 1 < len ? s[p + 1] & 0xff : 0;
    }

    // ---------------------------------------------------------------- validation

    /** isHLLObjectOrReply's checks on a string value: magic, encoding, exact dense size. */
    public static boolean isValid(byte[] s) {
        if (s.length < HLL_HDR_SIZE || s[0] != 'H' || s[1] != 'Y' || s[2] != 'L' || s[3] != 'L') {
            return false;
        }
        int encoding = s[4] & 0xff;
        if (encoding > HLL_MAX_ENCODING) {
            return false;
        }
        return encoding != HLL_DENSE || s.length == HLL_DENSE_SIZE;
    }

    static boolean isDense(byte[] s) {
        return s[4] == HLL_DENSE;
    }

    // ---------------------------------------------------------------- the cached cardinality

    /** HLL_VALID_CACHE: the top bit of the cached cardinality's last byte is clear. */
    static boolean cacheValid(byte[] s) {
        return (s[15] & 0x80) == 0;
    }

    static long cachedCardinality(byte[] s) {
        long card = 0;
        for (int i = 7; i >= 0; i--) {
            card = card << 8 | (s[8 + i] & 0xff);
        }
        return card;
    }

    static void storeCardinality(byte[] s, long card) {
        for (int i = 0; i < 8; i++) {
            s[8 + i] = (byte) (card >>> (8 * i));
        }
    }

    /** HLL_INVALIDATE_CACHE. */
    static void invalidateCache(byte[] s) {
        s[15] |= (byte) 0x80;
    }

    // ---------------------------------------------------------------- counting

    /**
     * hllCount on a string value: the estimate, or -1 when a sparse value is corrupted (its runs do
     * not cover exactly 16384 registers).
     */
    static long count(byte[] s, int len) {
        int[] histogram = new int[64];
        if (isDense(s)) {
            denseHistogram(s, histogram);
        } else if (!sparseHistogram(s, len, histogram)) {
            return -1;
        }
        return estimate(histogram);
    }

    /** hllCount with HLL_RAW: one register per byte (PFCOUNT of several keys). */
    static long countRaw(byte[] registers) {
        int[] histogram = new int[64];
        for (byte r : registers) {
            histogram[r & 0xff]++;
        }
        return estimate(histogram);
    }

    /** hllDenseRegHisto: 16 registers from every 12 bytes, as Redis unrolls it. */
    static void denseHistogram(byte[] s, int[] histogram) {
        int r = HLL_HDR_SIZE;
        for (int j = 0; j < HLL_REGISTERS / 16; j++, r += 12) {
            int b0 = s[r] & 0xff, b1 = s[r + 1] & 0xff, b2 = s[r + 2] & 0xff, b3 = s[r + 3] & 0xff;
            int b4 = s[r + 4] & 0xff, b5 = s[r + 5] & 0xff, b6 = s[r + 6] & 0xff, b7 = s[r + 7] & 0xff;
            int b8 = s[r + 8] & 0xff, b9 = s[r + 9] & 0xff, b10 = s[r + 10] & 0xff, b11 = s[r + 11] & 0xff;
            histogram[b0 & 63]++;
            histogram[(b0 >>> 6 | b1 << 2) & 63]++;
            histogram[(b1 >>> 4 | b2 << 4) & 63]++;
            histogram[(b2 >>> 2) & 63]++;
            histogram[b3 & 63]++;
            histogram[(b3 >>> 6 | b4 << 2) & 63]++;
            histogram[(b4 >>> 4 | b5 << 4) & 63]++;
            histogram[(b5 >>> 2) & 63]++;
            histogram[b6 & 63]++;
            histogram[(b6 >>> 6 | b7 << 2) & 63]++;
            histogram[(b7 >>> 4 | b8 << 4) & 63]++;
            histogram[(b8 >>> 2) & 63]++;
            histogram[b9 & 63]++;
            histogram[(b9 >>> 6 | b10 << 2) & 63]++;
            histogram[(b10 >>> 4 | b11 << 4) & 63]++;
            histogram[(b11 >>> 2) & 63]++;
        }
    }

    /** hllSparseRegHisto; false when the runs do not add up to 16384 registers. */
    static boolean sparseHistogram(byte[] s, int len, int[] histogram) {
        int idx = 0;
        int p = HLL_HDR_SIZE;
        while (p < len) {
            int op = s[p] & 0xff;
            if (isZero(op)) {
                int run = zeroLen(op);
                idx += run;
                histogram[0] += run;
                p++;
            } else if (isXzero(op)) {
                int run = xzeroLen(op, byteAfter(s, p, len));
                idx += run;
                histogram[0] += run;
                p += 2;
            } else {
                int run = valLen(op);
                idx += run;
                histogram[valValue(op)] += run;
                p++;
            }
        }
        return idx == HLL_REGISTERS;
    }

    /** Ertl's estimator from the register histogram (the end of hllCount). */
    static long estimate(int[] histogram) {
        double m = HLL_REGISTERS;
        double z = m * tau((m - histogram[HLL_Q + 1]) / m);
        for (int j = HLL_Q; j >= 1; --j) {
            z += histogram[j];
            z *= 0.5;
        }
        z += m * sigma(histogram[0] / m);
        return Math.round(HLL_ALPHA_INF * m * m / z);
    }

    /** hllSigma: x + sum(x^(2^k) * 2^(k-1)), summed until it stops changing. */
    static double sigma(double x) {
        if (x == 1.0) {
            return Double.POSITIVE_INFINITY;
        }
        double zPrime;
        double y = 1;
        double z = x;
        do {
            x *= x;
            zPrime = z;
            z += x * y;
            y += y;
        } while (zPrime != z);
        return z;
    }

    /** hllTau: (1 - x - sum((1 - x^(2^-k))^2 * 2^-k)) / 3. */
    static double tau(double x) {
        if (x == 0.0 || x == 1.0) {
            return 0.0;
        }
        double zPrime;
        double y = 1.0;
        double z = 1 - x;
        do {
            x = Math.sqrt(x);
            zPrime = z;
            y *= 0.5;
            double d = 1 - x;
            z -= d * d * y; // pow(1 - x, 2): the square is exact-rounded either way
        } while (zPrime != z);
        return z / 3;
    }

    // ---------------------------------------------------------------- merging

    /**
     * hllMerge: raises {@code max[i]} to register i of {@code s}. False when a sparse value is
     * corrupted.
     */
    static boolean mergeInto(byte[] max, byte[] s) {
        if (isDense(s)) {
            for (int i = 0; i < HLL_REGISTERS; i++) {
                int val = denseGet(s, i);
                if (val > max[i]) {
                    max[i] = (byte) val;
                }
            }
            return true;
        }
        int len = s.length;
        int i = 0;
        int p = HLL_HDR_SIZE;
        while (p < len) {
            int op = s[p] & 0xff;
            if (isZero(op)) {
                i += zeroLen(op);
                p++;
            } else if (isXzero(op)) {
                i += xzeroLen(op, byteAfter(s, p, len));
                p += 2;
            } else {
                int run = valLen(op);
                int val = valValue(op);
                if (run + i > HLL_REGISTERS) {
                    return false; // runs past the last register: corrupted (Redis 7.0 answers INVALIDOBJ)
                }
                while (run-- > 0) {
                    if (val > max[i]) {
                        max[i] = (byte) val;
                    }
                    i++;
                }
                p++;
            }
        }
        return i == HLL_REGISTERS;
    }
}
