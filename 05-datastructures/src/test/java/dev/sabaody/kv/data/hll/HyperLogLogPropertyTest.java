package dev.sabaody.kv.data.hll;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/**
 * The HLL against a plain model (an array of 16384 register maxima computed straight from the hash)
 * and against its promise: an estimate within a few standard errors of the true count.
 */
class HyperLogLogPropertyTest {

    /** 1.04/sqrt(16384): the standard error of Redis's HLL. */
    static final double STANDARD_ERROR = 1.04 / Math.sqrt(HyperLogLog.HLL_REGISTERS);
    /**
     * How many standard errors an estimate may be off. At 5 the chance that one correct estimate
     * falls outside is below 1e-6 (normal tail), so the property does not flake over its tries.
     */
    static final double TOLERANCE_IN_STANDARD_ERRORS = 5;

    static ByteBuffer element(long seed, long i) {
        return ByteBuffer.allocate(8).putLong(0, seed * 0x9E3779B97F4A7C15L + i);
    }

    static HllString build(long seed, int n, int[] model) {
        HllString hll = HllString.create();
        for (int i = 0; i < n; i++) {
            ByteBuffer e = element(seed, i);
            assertTrue(hll.add(e, 0, 8) >= 0);
            int packed = HyperLogLog.patLen(e, 0, 8);
            model[packed >>> 8] = Math.max(model[packed >>> 8], packed & 0xff);
        }
        return hll;
    }

    static int[] registers(HllString hll) {
        HllString dense = HllString.of(hll.value());
        assertTrue(dense.toDense());
        int[] r = new int[HyperLogLog.HLL_REGISTERS];
        for (int i = 0; i < r.length; i++) {
            r[i] = dense.denseRegister(i);
        }
        return r;
    }

    @Property(tries = 40)
    void count_randomSets_withinFiveStandardErrors(@ForAll @IntRange(min = 1, max = 100_000) int n,
                                                   @ForAll long seed) {
        HllString hll = build(seed, n, new int[HyperLogLog.HLL_REGISTERS]);
        byte[] s = hll.value();
        long estimate = HyperLogLog.count(s, s.length);
        double allowed = Math.max(2, TOLERANCE_IN_STANDARD_ERRORS * STANDARD_ERROR * n);
        assertTrue(Math.abs(estimate - n) <= allowed,
                () -> "n=" + n + " estimate=" + estimate + " allowed +-" + allowed);
    }

    @Property(tries = 60)
    void add_anyElements_registersEqualTheModelInBothEncodings(@ForAll @IntRange(min = 0, max = 4000) int n,
                                                              @ForAll long seed) {
        int[] model = new int[HyperLogLog.HLL_REGISTERS];
        HllString hll = build(seed, n, model);
        assertArrayEquals(model, registers(hll));
        byte[] s = hll.value();
        byte[] raw = new byte[model.length];
        for (int i = 0; i < model.length; i++) {
            raw[i] = (byte) model[i];
        }
        long expected = HyperLogLog.countRaw(raw);
        assertEquals(expected, HyperLogLog.count(s, s.length), "count of the string as stored");
        HllString dense = HllString.of(s);
        dense.toDense();
        byte[] d = dense.value();
        assertEquals(expected, HyperLogLog.count(d, d.length), "count after conversion to dense");
        assertTrue(s.length <= HyperLogLog.HLL_SPARSE_MAX_BYTES || HyperLogLog.isDense(s),
                "a sparse string never passes hll_sparse_max_bytes");
    }

    @Property(tries = 40)
    void merge_twoSets_registersAreTheMaximum(@ForAll @IntRange(min = 0, max = 3000) int a,
                                              @ForAll @IntRange(min = 0, max = 3000) int b,
                                              @ForAll long seed) {
        int[] modelA = new int[HyperLogLog.HLL_REGISTERS];
        int[] modelB = new int[HyperLogLog.HLL_REGISTERS];
        byte[] sa = build(seed, a, modelA).value();
        byte[] sb = build(~seed, b, modelB).value();
        byte[] max = new byte[HyperLogLog.HLL_REGISTERS];
        assertTrue(HyperLogLog.mergeInto(max, sa));
        assertTrue(HyperLogLog.mergeInto(max, sb));
        for (int i = 0; i < max.length; i++) {
            assertEquals(Math.max(modelA[i], modelB[i]), max[i]);
        }
    }

    @Property(tries = 200)
    void sparseSet_randomRegisterWrites_matchAnArrayModel(
            @ForAll @Size(max = 300) List<@IntRange(min = 0, max = 16383) Integer> indexes,
            @ForAll @Size(max = 300) List<@IntRange(min = 1, max = 51) Integer> values) {
        HllString hll = HllString.create();
        int[] model = new int[HyperLogLog.HLL_REGISTERS];
        for (int k = 0; k < Math.min(indexes.size(), values.size()); k++) {
            int i = indexes.get(k);
            int v = values.get(k);
            int changed = hll.set(i, v);
            assertEquals(v > model[i] ? 1 : 0, changed);
            model[i] = Math.max(model[i], v);
        }
        assertArrayEquals(model, registers(hll));
    }

    @Test
    void sparseSet_valueAbove32_promotesToDense() {
        HllString hll = HllString.create();
        hll.set(5, 3);
        assertEquals(1, hll.set(7, 33));
        assertTrue(hll.isDense());
        assertEquals(HyperLogLog.HLL_DENSE_SIZE, hll.value().length);
        assertEquals(3, hll.denseRegister(5));
        assertEquals(33, hll.denseRegister(7));
    }

    @Test
    void count_emptyHll_isZero() {
        byte[] s = HllString.create().value();
        assertEquals(0, HyperLogLog.count(s, s.length));
        byte[] dense = new byte[HyperLogLog.HLL_REGISTERS];
        Arrays.fill(dense, (byte) 0);
        assertEquals(0, HyperLogLog.countRaw(dense));
    }

    @Test
    void murmurHash64A_knownRedisValue_matches() {
        // PFADD h a in redis-server 7.0 writes VAL 2 at register 12711 (PFDEBUG DECODE
        // shows "Z:12711 v:2,1 Z:3672"); the hash decides both.
        int packed = HyperLogLog.patLen(ByteBuffer.wrap(new byte[] {'a'}), 0, 1);
        HllString hll = HllString.create();
        hll.set(packed >>> 8, packed & 0xff);
        assertEquals(decodeOfA(), hll.decode());
    }

    /** What Redis 7.0 answers to PFADD h a, then PFDEBUG DECODE h (captured from redis-server). */
    static String decodeOfA() {
        return "Z:12711 v:2,1 Z:3672";
    }
}
