package dev.sabaody.kv.data.bloom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * The two promises of a Bloom filter: no false negatives, ever; and a false-positive rate within
 * the configured error rate, measured over many random sets.
 */
class BloomFilterPropertyTest {

    /**
     * Statistical slack: the measured rate of m independent queries has standard deviation
     * sqrt(p(1-p)/m); allowing 5 of them keeps a correct filter from failing (normal tail < 1e-6).
     */
    static final double STANDARD_DEVIATIONS = 5;
    /**
     * A single NONSCALING link sits at about the error rate itself, not below it: k = ceil(ln2 * bpe)
     * hashes instead of the real-valued optimum puts the theoretical rate (1 - e^(-kn/m))^k up to 3%
     * above p (0.1 -> 0.1026, 0.01 -> 0.01005, 0.001 -> 0.00102). RedisBloom sizes links the same way.
     */
    static final double ROUNDING_SLACK = 1.05;

    static ByteBuffer item(long set, long i) {
        return ByteBuffer.allocate(16).putLong(0, set).putLong(8, i);
    }

    static double upperBound(double p, int queries) {
        return p * ROUNDING_SLACK + STANDARD_DEVIATIONS * Math.sqrt(p * (1 - p) / queries);
    }

    @Property(tries = 200)
    void add_anyItems_allFoundAfterwards(@ForAll @Size(max = 400) List<byte[]> items,
                                         @ForAll @IntRange(min = 1, max = 50) int capacity,
                                         @ForAll @IntRange(min = 1, max = 4) int expansion) {
        ScalableBloomFilter filter = ScalableBloomFilter.create(capacity, 0.01, expansion, false);
        for (byte[] item : items) {
            filter.add(ByteBuffer.wrap(item), 0, item.length);
        }
        for (byte[] item : items) {
            assertTrue(filter.contains(ByteBuffer.wrap(item), 0, item.length), "false negative");
        }
        assertTrue(filter.size() <= items.size());
    }

    @Property(tries = 30)
    void falsePositiveRate_nonScalingAtCapacity_withinErrorRate(
            @ForAll @IntRange(min = 0, max = 2) int rateIndex,
            @ForAll @IntRange(min = 1_000, max = 20_000) int capacity,
            @ForAll long set) {
        double error = new double[] {0.1, 0.01, 0.001}[rateIndex];
        ScalableBloomFilter filter = ScalableBloomFilter.create(capacity, error, 2, true);
        for (int i = 0; i < capacity; i++) {
            assertTrue(filter.add(item(set, i), 0, 16) >= 0);
        }
        int queries = 50_000;
        int positives = 0;
        for (int i = 0; i < queries; i++) {
            if (filter.contains(item(~set, i), 0, 16)) {
                positives++;
            }
        }
        double rate = (double) positives / queries;
        assertTrue(rate <= upperBound(error, queries),
                () -> "error " + error + " capacity " + capacity + ": measured " + rate);
    }

    @Property(tries = 20)
    void falsePositiveRate_scalingFilledTenTimesOver_staysWithinErrorRate(
            @ForAll @IntRange(min = 0, max = 2) int rateIndex,
            @ForAll @IntRange(min = 200, max = 2_000) int capacity,
            @ForAll long set) {
        double error = new double[] {0.1, 0.01, 0.001}[rateIndex];
        ScalableBloomFilter filter = ScalableBloomFilter.create(capacity, error, 2, false);
        for (int i = 0; i < capacity * 10; i++) {
            filter.add(item(set, i), 0, 16);
        }
        assertTrue(filter.filters() >= 3, "the filter grew");
        int queries = 50_000;
        int positives = 0;
        for (int i = 0; i < queries; i++) {
            if (filter.contains(item(~set, i), 0, 16)) {
                positives++;
            }
        }
        double rate = (double) positives / queries;
        // The links' rates are p/2, p/4, ...: their sum stays under p, so no rounding slack is needed.
        assertTrue(rate <= error + STANDARD_DEVIATIONS * Math.sqrt(error / queries),
                () -> "error " + error + " capacity " + capacity + " links " + filter.filters() + ": measured " + rate);
    }

    @Property(tries = 50)
    void links_sizing_followsRedisBloomFormulas(@ForAll @IntRange(min = 1, max = 1_000_000) int capacity,
                                                @ForAll @IntRange(min = 1, max = 999) int errorThousandths) {
        double error = errorThousandths / 1000.0;
        ScalableBloomFilter filter = ScalableBloomFilter.create(capacity, error, 2, true);
        BloomLink link = filter.link(0);
        double bpe = -Math.log(error) / 0.480453013918201;
        long bits = Math.max(1, (long) (capacity * bpe));
        assertEquals((bits + 63) / 64 * 64, link.bits);
        assertEquals((int) Math.ceil(0.693147180559945 * bpe), link.hashes);
        assertEquals(32 + 64 + link.bits / 8, filter.memoryUsage());
    }
}
