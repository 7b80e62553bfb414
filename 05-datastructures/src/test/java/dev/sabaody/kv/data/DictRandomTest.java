package dev.sabaody.kv.data;

import static dev.sabaody.kv.data.DictModelTest.key;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sabaody.kv.data.DictModelTest.Node;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * {@link Dict#random} draws every node with the same probability, whatever the chains look like:
 * SRANDMEMBER, ZRANDMEMBER and HRANDFIELD with a negative count, SPOP and RANDOMKEY all rest on it.
 * Checked as Redis checks its own (chi-square under the bound a uniform draw exceeds once in
 * 100,000), with fixed random seeds. The table's layout still varies from run to run, because
 * {@link KeyHash} is seeded per process; an exactly uniform draw passes on every layout.
 */
class DictRandomTest {

    private static Dict<Node> filled(int size) {
        return filled(size, 0);
    }

    /** Nodes {@code base .. base + size - 1}: another base gives another layout in the same process. */
    private static Dict<Node> filled(int size, int base) {
        Dict<Node> dict = new Dict<>();
        for (int i = base; i < base + size; i++) {
            dict.add(new Node(i, i));
        }
        return dict;
    }

    private static double chiSquare(Dict<Node> dict, int draws, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        Map<Integer, Integer> counts = new HashMap<>();
        for (int i = 0; i < draws; i++) {
            counts.merge(dict.random(random).id, 1, Integer::sum);
        }
        assertEquals(dict.size(), counts.size(), "every node drawn at least once");
        return ChiSquare.value(counts.values(), draws);
    }

    @Test
    void random_tenNodesAThousandDraws_underRedisBound() {
        // Redis's own shape: ten members, SRANDMEMBER key -1000 (set.tcl, zset.tcl). Ten keys sit in
        // 16 buckets, where two of them share a bucket in 98 % of layouts.
        Dict<Node> dict = filled(10);
        for (long seed = 1; seed <= 20; seed++) {
            double x2 = chiSquare(dict, 1000, seed);
            assertTrue(x2 < ChiSquare.REDIS_BOUND_DF9, "seed " + seed + ": chi-square " + x2);
        }
    }

    @Property(tries = 100, seed = "4242")
    void random_anySize_uniform(@ForAll @IntRange(min = 2, max = 1500) int size,
                                @ForAll @IntRange(min = 0, max = 1_000_000) int base, @ForAll long seed) {
        Dict<Node> dict = filled(size, base);
        double x2 = chiSquare(dict, Math.max(1000, size * 60), seed);
        assertTrue(x2 < ChiSquare.bound(size - 1), size + " nodes: chi-square " + x2 + ", bound " + ChiSquare.bound(size - 1));
    }

    @Property(tries = 80, seed = "4243")
    void random_whileRehashing_uniform(@ForAll @IntRange(min = 3, max = 11) int power,
                                       @ForAll @IntRange(min = 0, max = 1_000_000) int base, @ForAll long seed) {
        // One past a power of two starts a grow; a draw moves at most one bucket, so the grow is
        // still under way for most of the draws and both tables are sampled. A few more keys added
        // during the grow share buckets of the new table with the keys the grow moves there later.
        Dict<Node> dict = filled((1 << power) + 1, base);
        for (int i = 0; i < (1 << power) / 4; i++) {
            dict.add(new Node(-1 - base - i, 0));
        }
        assertTrue(dict.isRehashing());
        double x2 = chiSquare(dict, dict.size() * 60, seed);
        assertTrue(x2 < ChiSquare.bound(dict.size() - 1), "chi-square " + x2);
    }

    @Property(tries = 30, seed = "4244")
    void random_afterShrinking_uniform(@ForAll @IntRange(min = 200, max = 3000) int size,
                                       @ForAll @IntRange(min = 0, max = 1_000_000) int base, @ForAll long seed) {
        // Shrinking merges chains: the longest chain of the small table may be longer than any the
        // table had before.
        Dict<Node> dict = filled(size, base);
        for (int i = 0; i < size - 40; i++) {
            dict.remove(key(base + i));
        }
        double x2 = chiSquare(dict, 40 * 200, seed);
        assertTrue(x2 < ChiSquare.bound(39), "chi-square " + x2);
    }

    @Provide
    Arbitrary<List<DictModelTest.Op>> operations() {
        return DictModelTest.operations();
    }

    @Property(tries = 200)
    void chainBound_anyOperations_coversTheLongestChain(@ForAll("operations") List<DictModelTest.Op> ops) {
        // The invariant exactness rests on: no chain is longer than the bound random() draws below.
        Dict<Node> dict = new Dict<>();
        Map<Integer, Node> model = new HashMap<>();
        SplittableRandom random = new SplittableRandom(ops.size());
        for (DictModelTest.Op op : ops) {
            DictModelTest.apply(dict, model, op, random);
            assertTrue(dict.longestChain() <= dict.chainBound(),
                    () -> "after " + op + ": chain " + dict.longestChain() + ", bound " + dict.chainBound());
            if (!dict.isEmpty()) {
                dict.random(random); // a step of rehash too, as every call makes
            }
        }
    }
}
