package dev.sabaody.kv.data.hll;

import static dev.sabaody.kv.data.hll.HyperLogLog.HLL_DENSE;
import static dev.sabaody.kv.data.hll.HyperLogLog.HLL_DENSE_SIZE;
import static dev.sabaody.kv.data.hll.HyperLogLog.HLL_HDR_SIZE;
import static dev.sabaody.kv.data.hll.HyperLogLog.HLL_REGISTERS;
import static dev.sabaody.kv.data.hll.HyperLogLog.HLL_SPARSE;
import static dev.sabaody.kv.data.hll.HyperLogLog.HLL_SPARSE_MAX_BYTES;
import static dev.sabaody.kv.data.hll.HyperLogLog.HLL_SPARSE_VAL_MAX_LEN;
import static dev.sabaody.kv.data.hll.HyperLogLog.HLL_SPARSE_VAL_MAX_VALUE;
import static dev.sabaody.kv.data.hll.HyperLogLog.HLL_SPARSE_XZERO_BIT;
import static dev.sabaody.kv.data.hll.HyperLogLog.HLL_SPARSE_XZERO_MAX_LEN;
import static dev.sabaody.kv.data.hll.HyperLogLog.HLL_SPARSE_ZERO_MAX_LEN;
import static dev.sabaody.kv.data.hll.HyperLogLog.byteAfter;
import static dev.sabaody.kv.data.hll.HyperLogLog.denseRaise;
import static dev.sabaody.kv.data.hll.HyperLogLog.denseSet;
import static dev.sabaody.kv.data.hll.HyperLogLog.isVal;
import static dev.sabaody.kv.data.hll.HyperLogLog.isXzero;
import static dev.sabaody.kv.data.hll.HyperLogLog.isZero;
import static dev.sabaody.kv.data.hll.HyperLogLog.valLen;
import static dev.sabaody.kv.data.hll.HyperLogLog.valOp;
import static dev.sabaody.kv.data.hll.HyperLogLog.valValue;
import static dev.sabaody.kv.data.hll.HyperLogLog.xzeroLen;
import static dev.sabaody.kv.data.hll.HyperLogLog.zeroLen;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * An HLL string being changed: PFADD's and PFMERGE's working copy.
 *
 * <p>A dense HLL never changes length, so it is edited in place, in the stored array itself. A
 * sparse one grows and shrinks by a few bytes per edit, like Redis's sds with its spare room
 * ({@code sdsMakeRoomFor(o->ptr, 3)} before each edit): it is copied once into a buffer with slack,
 * edited there, and {@link #value()} gives back an array of the exact length to store. Copying at most
 * {@value HyperLogLog#HLL_SPARSE_MAX_BYTES} bytes per command is cheaper than reallocating per element.
 */
final class HllString {

    /** The string: {@code buf[0, len)}; for a dense HLL, exactly the stored array. */
    private byte[] buf;
    private int len;

    private HllString(byte[] buf, int len) {
        this.buf = buf;
        this.len = len;
    }

    /** createHLLObject: "HYLL", sparse, and XZERO opcodes covering every register (one, 18 bytes). */
    static HllString create() {
        int xzeros = (HLL_REGISTERS + HLL_SPARSE_XZERO_MAX_LEN - 1) / HLL_SPARSE_XZERO_MAX_LEN;
        byte[] s = new byte[HLL_HDR_SIZE + 2 * xzeros + 8];
        s[0] = 'H';
        s[1] = 'Y';
        s[2] = 'L';
        s[3] = 'L';
        s[4] = HLL_SPARSE;
        int p = HLL_HDR_SIZE;
        for (int left = HLL_REGISTERS; left > 0; ) {
            int run = Math.min(HLL_SPARSE_XZERO_MAX_LEN, left);
            s[p] = (byte) ((run - 1) >>> 8 | HLL_SPARSE_XZERO_BIT);
            s[p + 1] = (byte) (run - 1);
            p += 2;
            left -= run;
        }
        return new HllString(s, p);
    }

    /** A working copy of a stored, valid HLL string: the array itself when dense. */
    static HllString of(byte[] stored) {
        if (HyperLogLog.isDense(stored)) {
            return new HllString(stored, stored.length);
        }
        return new HllString(Arrays.copyOf(stored, stored.length + 16), stored.length);
    }

    /** The string to store: the working array when it has the exact length, else a trimmed copy. */
    byte[] value() {
        return buf.length == len ? buf : Arrays.copyOf(buf, len);
    }

    boolean isDense() {
        return buf[4] == HLL_DENSE;
    }

    void invalidateCache() {
        HyperLogLog.invalidateCache(buf);
    }

    /** hllAdd: 1 if a register changed, 0 if not, -1 if the sparse string is corrupted. */
    int add(ByteBuffer arg, int off, int length) {
        int packed = HyperLogLog.patLen(arg, off, length);
        return set(packed >>> 8, packed & 0xff);
    }

    /** Raises register {@code index} to {@code count} in whichever encoding: 1, 0, or -1 (corrupted). */
    int set(int index, int count) {
        return isDense() ? denseRaise(buf, index, count) : sparseSet(index, count);
    }

    // ---------------------------------------------------------------- sparse editing

    /**
     * hllSparseSet. Finds the opcode covering {@code index}; if it must change, replaces it with
     * the sequence that splits it around the register (at worst XZERO-VAL-XZERO, 5 bytes), then
     * merges equal adjacent VALs near the edit. Promotes to dense when the value needs more than 5
     * bits or the string would outgrow {@value HyperLogLog#HLL_SPARSE_MAX_BYTES} bytes.
     */
    private int sparseSet(int index, int count) {
        if (count > HLL_SPARSE_VAL_MAX_VALUE) {
            return promote(index, count);
        }
        if (buf.length < len + 3) {
            buf = Arrays.copyOf(buf, len + 64);
        }
        // Step 1: find the opcode covering the register.
        int p = HLL_HDR_SIZE;
        int end = len;
        int first = 0;
        int prev = -1;
        int span = 0;
        while (p < end) {
            int op = buf[p] & 0xff;
            int oplen = 1;
            if (isZero(op)) {
                span = zeroLen(op);
            } else if (isVal(op)) {
                span = valLen(op);
            } else {
                span = xzeroLen(op, byteAfter(buf, p, end));
                oplen = 2;
            }
            if (index <= first + span - 1) {
                break;
            }
            prev = p;
            p += oplen;
            first += span;
        }
        if (span == 0 || p >= end) {
            return -1;
        }
        int op = buf[p] & 0xff;
        int next = isXzero(op) ? p + 2 : p + 1;
        if (next >= end) {
            next = -1;
        }
        boolean zero = isZero(op);
        boolean xzero = isXzero(op);
        boolean val = !zero && !xzero;
        int runlen = zero ? zeroLen(op) : xzero ? xzeroLen(op, byteAfter(buf, p, end)) : valLen(op);

        // Step 2: the cases that need no split.
        if (val) {
            if (valValue(op) >= count) {
                return 0; // already at least as high: nothing changes
            }
            if (runlen == 1) {
                buf[p] = valOp(count, 1);
                return mergeAdjacent(prev, end);
            }
        }
        if (zero && runlen == 1) {
            buf[p] = valOp(count, 1);
            return mergeAdjacent(prev, end);
        }

        // Step 3: the general case, a split into up to three opcodes.
        byte[] seq = new byte[5];
        int n = 0;
        int last = first + span - 1;
        if (zero || xzero) {
            if (index != first) {
                n = putZeros(seq, n, index - first);
            }
            seq[n++] = valOp(count, 1);
            if (index != last) {
                n = putZeros(seq, n, last - index);
            }
        } else {
            int curval = valValue(op);
            if (index != first) {
                seq[n++] = valOp(curval, index - first);
            }
            seq[n++] = valOp(count, 1);
            if (index != last) {
                seq[n++] = valOp(curval, last - index);
            }
        }
        int oldlen = xzero ? 2 : 1;
        int deltalen = n - oldlen;
        if (deltalen > 0 && len + deltalen > HLL_SPARSE_MAX_BYTES) {
            return promote(index, count);
        }
        if (deltalen != 0 && next != -1) {
            System.arraycopy(buf, next, buf, next + deltalen, end - next);
        }
        len += deltalen;
        System.arraycopy(seq, 0, buf, p, n);
        end += deltalen;
        return mergeAdjacent(prev, end);
    }

    /** A run of zeros as ZERO (up to 64) or XZERO. */
    private static int putZeros(byte[] seq, int n, int run) {
        if (run > HLL_SPARSE_ZERO_MAX_LEN) {
            seq[n] = (byte) ((run - 1) >>> 8 | HLL_SPARSE_XZERO_BIT);
            seq[n + 1] = (byte) (run - 1);
            return n + 2;
        }
        seq[n] = (byte) (run - 1);
        return n + 1;
    }

    /**
     * Step 4 of hllSparseSet: scanning up to 5 opcodes from the one before the edit, fuses two
     * adjacent VALs of the same value when their lengths fit in one (at most 4). Then invalidates the
     * cached cardinality. Returns 1: the register changed.
     */
    private int mergeAdjacent(int prev, int end) {
        int p = prev >= 0 ? prev : HLL_HDR_SIZE;
        int scanlen = 5;
        while (p < end && scanlen-- > 0) {
            int op = buf[p] & 0xff;
            if (isXzero(op)) {
                p += 2;
                continue;
            } else if (isZero(op)) {
                p++;
                continue;
            }
            if (p + 1 < end && isVal(buf[p + 1] & 0xff)) {
                int v1 = valValue(op);
                int v2 = valValue(buf[p + 1] & 0xff);
                if (v1 == v2) {
                    int run = valLen(op) + valLen(buf[p + 1] & 0xff);
                    if (run <= HLL_SPARSE_VAL_MAX_LEN) {
                        buf[p + 1] = valOp(v1, run);
                        System.arraycopy(buf, p + 1, buf, p, end - p - 1);
                        len--;
                        end--;
                        continue; // the fused VAL may fuse again with the next one
                    }
                }
            }
            p++;
        }
        invalidateCache();
        return 1;
    }

    /** The promote label of hllSparseSet: go dense, then set the register there. */
    private int promote(int index, int count) {
        if (!toDense()) {
            return -1;
        }
        return denseRaise(buf, index, count);
    }

    /**
     * hllSparseToDense: expands the runs into a dense string, keeping the header (magic and cached
     * cardinality). False, leaving the value as it was, when the runs do not cover exactly 16384
     * registers.
     */
    boolean toDense() {
        if (isDense()) {
            return true;
        }
        byte[] dense = new byte[HLL_DENSE_SIZE];
        System.arraycopy(buf, 0, dense, 0, HLL_HDR_SIZE);
        dense[4] = HLL_DENSE;
        int idx = 0;
        int p = HLL_HDR_SIZE;
        while (p < len) {
            int op = buf[p] & 0xff;
            if (isZero(op)) {
                idx += zeroLen(op);
                p++;
            } else if (isXzero(op)) {
                idx += xzeroLen(op, byteAfter(buf, p, len));
                p += 2;
            } else {
                int run = valLen(op);
                int regval = valValue(op);
                if (run + idx > HLL_REGISTERS) {
                    return false; // runs past the last register: corrupted
                }
                while (run-- > 0) {
                    denseSet(dense, idx++, regval);
                }
                p++;
            }
        }
        if (idx != HLL_REGISTERS) {
            return false;
        }
        buf = dense;
        len = HLL_DENSE_SIZE;
        return true;
    }

    /** PFDEBUG DECODE's text: "Z:16384", "z:3 v:2,1 ..." (a sparse string only). */
    String decode() {
        StringBuilder sb = new StringBuilder();
        int p = HLL_HDR_SIZE;
        while (p < len) {
            int op = buf[p] & 0xff;
            if (isZero(op)) {
                sb.append("z:").append(zeroLen(op)).append(' ');
                p++;
            } else if (isXzero(op)) {
                sb.append("Z:").append(xzeroLen(op, byteAfter(buf, p, len))).append(' ');
                p += 2;
            } else {
                sb.append("v:").append(valValue(op)).append(',').append(valLen(op)).append(' ');
                p++;
            }
        }
        return sb.toString().strip();
    }

    /** Register {@code i} of a dense string (PFDEBUG GETREG). */
    int denseRegister(int i) {
        return HyperLogLog.denseGet(buf, i);
    }
}
