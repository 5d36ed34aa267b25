package io.segmenter.trainer.model;

import smile.clustering.CentroidClustering;
import smile.clustering.KMeans;
import smile.math.MathEx;

/**
 * Smile's K-means (k-means++ seeding, BBD-tree Lloyd iterations), best inertia of {@code restarts}
 * seeded runs, like scikit-learn's {@code n_init}.
 */
public final class SmileKMeans implements KMeansEngine {

    /** Relative distortion change that ends the iterations (Smile's default 1e-4 stops short of the optimum). */
    private static final double TOL = 1e-8;

    private final int restarts;
    private final int maxIter;

    public SmileKMeans(int restarts, int maxIter) {
        this.restarts = restarts;
        this.maxIter = maxIter;
    }

    public SmileKMeans() {
        this(10, 300);
    }

    @Override
    public Clustering fit(double[][] x, int k, long seed) {
        if (k == 1) {
            return single(x);
        }
        Clustering best = null;
        for (int r = 0; r < restarts; r++) {
            MathEx.setSeed(seed + 7919L * r);
            CentroidClustering<double[], double[]> fit = KMeans.fit(x, new smile.clustering.Clustering.Options(k, maxIter, TOL, null));
            int[] labels = fit.group().clone();
            double[][] centers = new double[k][];
            for (int c = 0; c < k; c++) {
                centers[c] = fit.center(c).clone();
            }
            double inertia = inertia(x, centers, labels);
            if (best == null || inertia < best.inertia()) {
                best = new Clustering(centers, labels, inertia, Clustering.sizes(labels, k));
            }
        }
        return best;
    }

    private static Clustering single(double[][] x) {
        int d = x[0].length;
        double[] c = new double[d];
        for (double[] row : x) {
            for (int j = 0; j < d; j++) {
                c[j] += row[j] / x.length;
            }
        }
        int[] labels = new int[x.length];
        double[][] centers = {c};
        return new Clustering(centers, labels, inertia(x, centers, labels), new long[] {x.length});
    }

    static double inertia(double[][] x, double[][] centers, int[] labels) {
        double sum = 0;
        for (int i = 0; i < x.length; i++) {
            sum += io.segmenter.model.Scorer.squaredDistance(x[i], centers[labels[i]]);
        }
        return sum;
    }
}
