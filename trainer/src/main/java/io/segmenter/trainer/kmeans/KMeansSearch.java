package io.segmenter.trainer.kmeans;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * K-means (Lloyd, greedy k-means++ seeding, several restarts keeping the lowest inertia) and the k
 * search with silhouettes. Deterministic for a given seed. Numerically it follows scikit-learn's
 * {@code KMeans(init="k-means++", n_init=RESTARTS, tol=1e-4, max_iter=300)}.
 */
public final class KMeansSearch {

    /** Restarts per fit, each from its own k-means++ seeding; scikit-learn's classic {@code n_init}. */
    public static final int RESTARTS = 10;
    static final int MAX_ITER = 300;
    static final double RELATIVE_TOL = 1e-4;

    private KMeansSearch() {
    }

    /** The lowest-inertia fit of {@link #RESTARTS} restarts. */
    public static Clustering fit(double[][] data, int k, long seed) {
        return fit(Points.of(data), k, RESTARTS, seed);
    }

    /** The lowest-inertia fit of {@code restarts} restarts. */
    public static Clustering fit(double[][] data, int k, int restarts, long seed) {
        return fit(Points.of(data), k, restarts, seed);
    }

    /** One candidate per k in {@code kMin..kMax}, each fitted with the same seed. */
    public static List<KCandidate> search(double[][] data, int kMin, int kMax, int silhouetteSample, long seed) {
        return search(data, kMin, kMax, RESTARTS, silhouetteSample, seed);
    }

    public static List<KCandidate> search(double[][] data, int kMin, int kMax, int restarts, int silhouetteSample,
            long seed) {
        if (kMin < 1 || kMax < kMin) {
            throw new IllegalArgumentException("need 1 <= kMin <= kMax, got " + kMin + ".." + kMax);
        }
        Points p = Points.of(data);
        List<KCandidate> out = new ArrayList<>(kMax - kMin + 1);
        for (int k = kMin; k <= kMax; k++) {
            Clustering c = fit(p, k, restarts, seed);
            double s = k == 1 ? Double.NaN : Silhouette.of(p, c.labels(), k, silhouetteSample, seed);
            out.add(new KCandidate(k, c, s));
        }
        return out;
    }

    /**
     * Mean silhouette coefficient. With {@code sampleSize > 0} (and below n) it is computed on that many
     * points drawn without replacement, against the sample only, as scikit-learn's
     * {@code silhouette_score(sample_size=...)}; with 0 on all points, exactly.
     */
    public static double silhouette(double[][] data, int[] labels, int k, int sampleSize, long seed) {
        return Silhouette.of(Points.of(data), labels, k, sampleSize, seed);
    }

    static Clustering fit(Points p, int k, int restarts, long seed) {
        if (k < 1 || k > p.n) {
            throw new IllegalArgumentException("k must be in 1.." + p.n + ", got " + k);
        }
        if (restarts < 1) {
            throw new IllegalArgumentException("restarts must be positive, got " + restarts);
        }
        double tol = p.meanVariance() * RELATIVE_TOL;
        SplittableRandom random = new SplittableRandom(seed);
        Clustering best = null;
        for (int r = 0; r < restarts; r++) {
            SplittableRandom restart = random.split();
            double[] init = KMeansPlusPlus.seed(p, k, restart);
            Clustering c = Lloyd.run(p, init, MAX_ITER, tol);
            if (best == null || c.inertia() < best.inertia()) {
                best = c;
            }
        }
        return best;
    }
}
