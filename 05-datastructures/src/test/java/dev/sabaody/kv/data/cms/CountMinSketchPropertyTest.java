package dev.sabaody.kv.data.cms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * The Count-Min guarantees against exact counts kept in a HashMap: never below the truth, and above
 * it by more than error x N for at most a fraction delta of the items.
 */
class CountMinSketchPropertyTest {

    /**
     * Slack on the violation fraction: q items each violate with probability at most delta; the
     * observed fraction has standard deviation at most sqrt(delta/q), and 5 of them keep a correct
     * sketch from failing.
     */
    static final double STANDARD_DEVIATIONS = 5;

    static ByteBuffer item(int i) {
        return ByteBuffer.allocate(4).putInt(0, i);
    }

    @Property(tries = 100)
    void query_anyStream_neverUnderCounts(@ForAll @Size(max = 500) List<@IntRange(min = 0, max = 300) Integer> items,
                                          @ForAll @IntRange(min = 1, max = 200) int width,
                                          @ForAll @IntRange(min = 1, max = 6) int depth) {
        CountMinSketch sketch = CountMinSketch.create(width, depth);
        Map<Integer, Long> truth = new HashMap<>();
        for (int i = 0; i < items.size(); i++) {
            int x = items.get(i);
            long by = 1 + i % 7;
            long estimate = sketch.incrBy(item(x), 0, 4, by);
            truth.merge(x, by, Long::sum);
            assertTrue(estimate >= truth.get(x));
        }
        for (Map.Entry<Integer, Long> e : truth.entrySet()) {
            assertTrue(sketch.query(item(e.getKey()), 0, 4) >= e.getValue());
        }
        assertEquals(truth.values().stream().mapToLong(Long::longValue).sum(), sketch.count());
    }

    @Property(tries = 20)
    void query_zipfStream_withinErrorTimesTotalWithProbabilityOneMinusDelta(
            @ForAll @IntRange(min = 0, max = 2) int errorIndex,
            @ForAll @IntRange(min = 0, max = 1) int deltaIndex,
            @ForAll long seed) {
        double error = new double[] {0.01, 0.005, 0.001}[errorIndex];
        double delta = new double[] {0.1, 0.01}[deltaIndex];
        CountMinSketch sketch = CountMinSketch.create(CountMinSketch.widthFor(error), CountMinSketch.depthFor(delta));
        int universe = 20_000;
        long[] truth = new long[universe];
        SplittableRandom random = new SplittableRandom(seed);
        ZipfSampler zipf = new ZipfSampler(universe, 1.1);
        long total = 0;
        for (int n = 0; n < 100_000; n++) {
            int x = zipf.sample(random);
            truth[x]++;
            total++;
            sketch.incrBy(item(x), 0, 4, 1);
        }
        int violations = 0;
        for (int x = 0; x < universe; x++) {
            long estimate = sketch.query(item(x), 0, 4);
            assertTrue(estimate >= truth[x], "under-count");
            if (estimate - truth[x] > error * total) {
                violations++;
            }
        }
        double allowed = delta + STANDARD_DEVIATIONS * Math.sqrt(delta / universe);
        double observed = (double) violations / universe;
        assertTrue(observed <= allowed, () -> "error " + error + " delta " + delta + ": " + observed);
    }

    @Property(tries = 50)
    void merge_twoStreams_equalsOneSketchOfBoth(@ForAll @Size(max = 200) List<@IntRange(min = 0, max = 100) Integer> a,
                                               @ForAll @Size(max = 200) List<@IntRange(min = 0, max = 100) Integer> b) {
        CountMinSketch sa = CountMinSketch.create(50, 4);
        CountMinSketch sb = CountMinSketch.create(50, 4);
        CountMinSketch both = CountMinSketch.create(50, 4);
        a.forEach(x -> {
            sa.incrBy(item(x), 0, 4, 1);
            both.incrBy(item(x), 0, 4, 1);
        });
        b.forEach(x -> {
            sb.incrBy(item(x), 0, 4, 1);
            both.incrBy(item(x), 0, 4, 1);
        });
        CountMinSketch merged = CountMinSketch.create(50, 4);
        assertTrue(merged.mergeFrom(new CountMinSketch[] {sa, sb}, new long[] {1, 1}));
        for (int x = 0; x <= 100; x++) {
            assertEquals(both.query(item(x), 0, 4), merged.query(item(x), 0, 4));
        }
        assertEquals(both.count(), merged.count());
    }
}
