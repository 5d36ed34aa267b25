package io.segmenter.trainer.model;

import java.util.SplittableRandom;

/**
 * Mean silhouette coefficient with Euclidean distances, as scikit-learn's {@code silhouette_score}:
 * on all points when {@code n <= sampleSize}, otherwise on a seeded random sample of {@code sampleSize}
 * points (distances within the sample only). Points alone in their cluster score 0.
 */
public final class Silhouette {

    private Silhouette() {}

    public static double mean(double[][] x, int[] labels, int k, int sampleSize, long seed) {
        int n = x.length;
        int[] idx;
        if (sampleSize <= 0 || n <= sampleSize) {
            idx = new int[n];
            for (int i = 0; i < n; i++) {
                idx[i] = i;
            }
        } else {
            idx = sample(n, sampleSize, seed);
        }
        int m = idx.length;
        long[] counts = new long[k];
        for (int i : idx) {
            counts[labels[i]]++;
        }
        double total = 0;
        double[] sums = new double[k];
        for (int a = 0; a < m; a++) {
            java.util.Arrays.fill(sums, 0);
            double[] p = x[idx[a]];
            for (int b = 0; b < m; b++) {
                if (a != b) {
                    sums[labels[idx[b]]] += Math.sqrt(io.segmenter.model.Scorer.squaredDistance(p, x[idx[b]]));
                }
            }
            int own = labels[idx[a]];
            if (counts[own] <= 1) {
                continue;
            }
            double ai = sums[own] / (counts[own] - 1);
            double bi = Double.POSITIVE_INFINITY;
            for (int c = 0; c < k; c++) {
                if (c != own && counts[c] > 0) {
                    bi = Math.min(bi, sums[c] / counts[c]);
                }
            }
            if (Double.isInfinite(bi)) {
                continue;
            }
            double denom = Math.max(ai, bi);
            total += denom > 0 ? (bi - ai) / denom : 0;
        }
        return m == 0 ? Double.NaN : total / m;
    }

    /** {@code size} distinct indices out of {@code n}, by a seeded partial Fisher-Yates shuffle. */
    static int[] sample(int n, int size, long seed) {
        int[] all = new int[n];
        for (int i = 0; i < n; i++) {
            all[i] = i;
        }
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int i = 0; i < size; i++) {
            int j = i + rnd.nextInt(n - i);
            int t = all[i];
            all[i] = all[j];
            all[j] = t;
        }
        return java.util.Arrays.copyOf(all, size);
    }
}
