package io.segmenter.trainer.kmeans;

import java.util.ArrayList;
import java.util.List;

/**
 * K-means (Lloyd, greedy k-means++ seeding, several restarts keeping the lowest inertia) and the k
 * search with silhouettes. Deterministic for a given seed. It replays scikit-learn's
 * {@code KMeans(n_clusters=k, init="k-means++", n_init=restarts, tol=1e-4, max_iter=300, random_state=seed)}
 * step for step, including numpy's random draws, so for a seed in {@code 0..2^32-1} it reaches the same
 * clustering (up to rounding in the last bits); other seeds are taken modulo 2^32.
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

    /**
     * One candidate per k in {@code kMin..kMax} (each at most n), each fitted with {@link #RESTARTS}
     * restarts and the same seed, as {@code KMeans(n_clusters=k, n_init=10, random_state=seed)} in a loop;
     * silhouettes on {@code silhouetteSample} points (0 = all; see {@link #silhouette}).
     */
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
     * {@code silhouette_score(sample_size=..., random_state=seed)} (the same points for the same seed); with
     * 0 on all points, exactly. NaN when undefined: fewer than 2 or more than n - 1 clusters present.
     */
    public static double silhouette(double[][] data, int[] labels, int k, int sampleSize, long seed) {
        return Silhouette.of(Points.of(data), labels, k, sampleSize, seed);
    }

    /**
     * {@link #silhouette} of several labellings of the same points ({@code labels[l]} with {@code ks[l]}
     * clusters), each exactly as {@link #silhouette} gives it, computed together: the distances between the
     * points are computed once for all of them.
     */
    public static double[] silhouettes(double[][] data, int[][] labels, int[] ks, int sampleSize, long seed) {
        return Silhouette.ofAll(Points.of(data), labels, ks, sampleSize, seed);
    }

    static Clustering fit(Points p, int k, int restarts, long seed) {
        if (k < 1 || k > p.n) {
            throw new IllegalArgumentException("k must be in 1.." + p.n + ", got " + k);
        }
        if (restarts < 1) {
            throw new IllegalArgumentException("restarts must be positive, got " + restarts);
        }
        double tol = p.meanVariance() * RELATIVE_TOL;
        NumpyRandomState random = new NumpyRandomState(Math.floorMod(seed, 1L << 32));
        Clustering best = null;
        for (int r = 0; r < restarts; r++) {
            double[] init = KMeansPlusPlus.seed(p, k, random);
            Clustering c = Lloyd.run(p, init, MAX_ITER, tol);
            // As scikit-learn: a later run wins only with a lower inertia and a different partition
            // (the same partition can score a hair lower through rounding).
            if (best == null || c.inertia() < best.inertia() && !samePartition(c.labels(), best.labels(), k)) {
                best = c;
            }
        }
        return best;
    }

    /** Whether two labellings are the same partition up to a renaming of the labels. */
    static boolean samePartition(int[] a, int[] b, int k) {
        int[] mapping = new int[k];
        java.util.Arrays.fill(mapping, -1);
        for (int i = 0; i < a.length; i++) {
            if (mapping[b[i]] == -1) {
                mapping[b[i]] = a[i];
            } else if (mapping[b[i]] != a[i]) {
                return false;
            }
        }
        return true;
    }
}
