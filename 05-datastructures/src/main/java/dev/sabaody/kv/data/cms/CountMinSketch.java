package dev.sabaody.kv.data.cms;

import dev.sabaody.kv.data.HeapLayout;
import dev.sabaody.kv.data.RedisValue;
import java.nio.ByteBuffer;

/**
 * A Count-Min sketch, RedisBloom's "CMSk-TYPE" (src/cms.c): approximate counts of a stream's
 * items in a fixed table of depth x width counters.
 *
 * <h2>The idea (Cormode and Muthukrishnan, 2005)</h2>
 * Each of the d rows has its own hash h_i onto w counters. Counting item x by c adds c to
 * counter h_i(x) of every row; the estimate of x is the smallest of its d counters. A counter holds
 * x's true count plus whatever else hashed there, so the estimate never under-counts. Each row's
 * excess is, on average, N/w (N = the total of all counts); by Markov it exceeds 2N/w = eps*N with
 * probability at most 1/2, and the minimum exceeds it only if all d rows do: probability 2^-d.
 *
 * <pre>
 *   CMS.INITBYPROB key eps delta:   w = ceil(2 / eps)            (CMS_DimFromProb)
 *                                   d = ceil(log10(delta) / log10(0.5))
 *   guarantee: estimate(x) <= count(x) + eps * N  with probability >= 1 - delta
 *
 *              col 0   1   2   3   ...  w-1
 *   row 0      [ 0 ][ 5 ][ 0 ][ 2 ] ... [ 0 ]   <- h_0(x) = 1
 *   row 1      [ 3 ][ 0 ][ 0 ][ 5 ] ... [ 1 ]   <- h_1(x) = 3
 *   estimate(x) = min(5, 5, ...) = 5
 * </pre>
 *
 * RedisBloom's w = 2/eps (not the paper's e/eps) is the Markov bound with factor 2 per row, and its
 * d = log2(1/delta) matches; Sabaody-KV keeps both formulas so CMS.INFO answers the same dimensions.
 *
 * <h2>Counters</h2>
 * 32-bit unsigned, as RedisBloom's, and saturating: an increment that would pass 2^32-1 leaves the
 * counter at 2^32-1 (CMS.INCRBY then reports "CMS: INCRBY overflow" for that item), so an estimate
 * can stop growing but never wraps around to a small, under-counting value. The hashes are
 * MurmurHash2 with the row number as seed, so a sketch here and one in RedisBloom with the same
 * dimensions put the same item in the same cells.
 *
 * <h2>Rejected</h2>
 * Conservative update (raise only the counters equal to the minimum) gives smaller errors, but
 * RedisBloom does not do it, merged sketches would no longer be sums, and CMS.MERGE with weights
 * depends on sums. 64-bit counters would double the memory for counts few streams reach.
 */
public final class CountMinSketch extends RedisValue {

    /** UINT32_MAX: a counter's ceiling. */
    static final long CMS_COUNTER_MAX = 0xffffffffL;
    /**
     * Sabaody-KV's limit on width x depth: 2^26 counters (256 MiB). RedisBloom only refuses sizes past
     * LLONG_MAX; a larger sketch here is refused as "CMS: invalid init arguments" rather than let one
     * command exhaust the heap of a shared cache.
     */
    static final long CMS_MAX_COUNTERS = 1L << 26;

    final int width;
    final int depth;
    /** Row-major, {@code depth * width} unsigned 32-bit counters held in ints. */
    private final int[] counters;
    /** The sum of every increment (CMSketch.counter): N in the error bound, CMS.INFO's count. */
    private long count;

    private CountMinSketch(int width, int depth) {
        this.width = width;
        this.depth = depth;
        this.counters = new int[width * depth];
    }

    private CountMinSketch(CountMinSketch other) {
        this.width = other.width;
        this.depth = other.depth;
        this.counters = other.counters.clone();
        this.count = other.count;
    }

    /** NewCMSketch; null when width x depth passes {@link #CMS_MAX_COUNTERS}. */
    static CountMinSketch create(long width, long depth) {
        if (width < 1 || depth < 1 || width > CMS_MAX_COUNTERS / depth) {
            return null;
        }
        return new CountMinSketch((int) width, (int) depth);
    }

    /** The sketch as CMSRdbSave writes it: its dimensions, its total and a copy of its counters. */
    public SavedSketch saved() {
        return new SavedSketch(width, depth, count, counters.clone());
    }

    /** The sketch of saved numbers; IllegalArgumentException when they do not describe one. */
    static CountMinSketch restore(SavedSketch saved) {
        CountMinSketch sketch = create(saved.width(), saved.depth());
        if (sketch == null || saved.counters().length != sketch.counters.length) {
            throw new IllegalArgumentException("a Count-Min sketch of " + saved.width() + " x " + saved.depth()
                    + " with " + saved.counters().length + " counters");
        }
        System.arraycopy(saved.counters(), 0, sketch.counters, 0, sketch.counters.length);
        sketch.count = saved.count();
        return sketch;
    }

    /** CMS_DimFromProb's width: ceil(2 / error). */
    static long widthFor(double error) {
        return (long) Math.ceil(2 / error);
    }

    /** CMS_DimFromProb's depth: ceil(log10f(delta) / log10f(0.5)), in float as RedisBloom computes it. */
    static long depthFor(double delta) {
        float num = (float) Math.log10((float) delta);
        float den = (float) Math.log10(0.5f);
        return (long) Math.ceil(num / den);
    }

    private int cell(int row, ByteBuffer buf, int off, int len) {
        long hash = Integer.toUnsignedLong(MurmurHash2.hash(buf, off, len, row));
        return (int) (hash % width) + row * width;
    }

    /**
     * CMS_IncrBy: adds {@code value} (>= 0) to the item's counter in every row, saturating at
     * 2^32-1; returns the new estimate (the smallest of them).
     */
    long incrBy(ByteBuffer buf, int off, int len, long value) {
        long min = Long.MAX_VALUE;
        for (int row = 0; row < depth; row++) {
            int at = cell(row, buf, off, len);
            long updated = Math.min(Integer.toUnsignedLong(counters[at]) + value, CMS_COUNTER_MAX);
            counters[at] = (int) updated;
            min = Math.min(min, updated);
        }
        count += value;
        return min;
    }

    /** CMS_Query: the smallest of the item's counters. */
    long query(ByteBuffer buf, int off, int len) {
        long min = Long.MAX_VALUE;
        for (int row = 0; row < depth; row++) {
            min = Math.min(min, Integer.toUnsignedLong(counters[cell(row, buf, off, len)]));
        }
        return min;
    }

    /**
     * CMS_Merge: this sketch becomes the weighted sum of {@code sources} (which may include itself),
     * cell by cell. Refuses, changing nothing, when a cell or the total would leave its range (below
     * 0 or above 2^32-1 for a cell): returns false, as checkOverflow makes RedisBloom answer "CMS:
     * MERGE overflow".
     */
    boolean mergeFrom(CountMinSketch[] sources, long[] weights) {
        long total = 0;
        try {
            for (int k = 0; k < sources.length; k++) {
                total = Math.addExact(total, Math.multiplyExact(sources[k].count, weights[k]));
            }
            for (int at = 0; at < counters.length; at++) {
                long cell = weightedCell(sources, weights, at);
                if (cell < 0 || cell > CMS_COUNTER_MAX) {
                    return false;
                }
            }
        } catch (ArithmeticException overflow) {
            return false;
        }
        if (total < 0) {
            return false;
        }
        for (int at = 0; at < counters.length; at++) {
            counters[at] = (int) weightedCell(sources, weights, at);
        }
        count = total;
        return true;
    }

    private static long weightedCell(CountMinSketch[] sources, long[] weights, int at) {
        long cell = 0;
        for (int k = 0; k < sources.length; k++) {
            cell = Math.addExact(cell, Math.multiplyExact(Integer.toUnsignedLong(sources[k].counters[at]), weights[k]));
        }
        return cell;
    }

    long count() {
        return count;
    }

    @Override
    public long bytes() {
        // CountMinSketch: accounted, count (8 each), width, depth, counters; the counters
        return HeapLayout.object(16 + 8 + HeapLayout.REF) + HeapLayout.ints(counters.length);
    }

    @Override
    public String typeName() {
        return "CMSk-TYPE";
    }

    /** Redis reports every module value's encoding as "raw". */
    @Override
    public String encoding() {
        return "raw";
    }

    @Override
    public RedisValue copy() {
        return new CountMinSketch(this);
    }
}
