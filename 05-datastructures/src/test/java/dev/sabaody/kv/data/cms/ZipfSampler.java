package dev.sabaody.kv.data.cms;

import java.util.SplittableRandom;

/** Zipf-distributed ranks 0..n-1 (rank r with probability proportional to 1/(r+1)^s), by inverse CDF. */
final class ZipfSampler {

    private final double[] cdf;

    ZipfSampler(int n, double s) {
        cdf = new double[n];
        double sum = 0;
        for (int r = 0; r < n; r++) {
            sum += 1 / Math.pow(r + 1, s);
            cdf[r] = sum;
        }
        for (int r = 0; r < n; r++) {
            cdf[r] /= sum;
        }
    }

    int sample(SplittableRandom random) {
        double u = random.nextDouble();
        int lo = 0;
        int hi = cdf.length - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (cdf[mid] < u) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
