package dev.sabaody.kv.data;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * Pearson's chi-square statistic of a sample against the uniform distribution, as Redis's test
 * helper computes it ({@code chi_square_value} in tests/util.tcl), and the bound a uniform sample
 * exceeds with probability 1e-5 only, the level Redis's tests use ("df = 9, 40 means 0.00001
 * probability" in tests/unit/type/set.tcl).
 */
public final class ChiSquare {

    /** Redis's bound for 10 distinct values (df = 9) at p = 1e-5: set.tcl, zset.tcl, hash.tcl. */
    public static final double REDIS_BOUND_DF9 = 40;

    /** The standard normal quantile of 1 - 1e-5. */
    private static final double Z_1E5 = 4.2649;

    private ChiSquare() {
    }

    /**
     * The statistic over the values drawn, each value's count against the mean count. Like Redis's
     * helper it only sees values drawn at least once; the expected count is the mean over those
     * (Redis divides with Tcl's integer division; a double changes nothing for 1000 draws of 10).
     */
    public static <T> double value(Collection<T> sample) {
        Map<T, Integer> counts = new HashMap<>();
        for (T t : sample) {
            counts.merge(t, 1, Integer::sum);
        }
        return value(counts.values(), sample.size());
    }

    /** The statistic of {@code counts}, which sum to {@code total}, against equal counts. */
    public static double value(Collection<Integer> counts, long total) {
        double expected = (double) total / counts.size();
        double x2 = 0;
        for (int c : counts) {
            x2 += (c - expected) * (c - expected) / expected;
        }
        return x2;
    }

    /**
     * The value a chi-square variable with {@code df} degrees of freedom exceeds with probability
     * 1e-5, by Wilson and Hilferty's cube-root approximation (1931): 40.1 for df = 9, Redis's 40.
     */
    public static double bound(int df) {
        double a = 2.0 / (9.0 * df);
        double cube = 1 - a + Z_1E5 * Math.sqrt(a);
        return df * cube * cube * cube;
    }
}
