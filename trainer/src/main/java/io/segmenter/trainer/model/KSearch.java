package io.segmenter.trainer.model;

import io.segmenter.trainer.kmeans.Clustering;
import io.segmenter.trainer.kmeans.KMeansSearch;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * Fits every k of a range and picks one.
 *
 * <p>Rule for the chosen k: the highest silhouette among the k whose smallest cluster holds at least
 * {@code minShare} of the customers; silhouettes within {@link #TIE} of each other count as a tie,
 * which goes to the smaller k (fewer segments are easier to act on). When no k qualifies, the highest
 * silhouette overall (the quality gate then refuses the model and says why).
 */
public final class KSearch {

    public static final double TIE = 1e-3;

    private KSearch() {}

    /**
     * Fits k = kMin..kMax with {@link KMeansSearch} (scikit-learn's K-means, {@code restarts} runs each)
     * and the silhouette on at most {@code silhouetteSample} points (0 = all).
     */
    public static List<KCandidate> run(double[][] x, int kMin, int kMax, int restarts, long seed,
            int silhouetteSample, IntConsumer progress) {
        List<KCandidate> out = new ArrayList<>();
        for (int k = kMin; k <= kMax && k <= x.length; k++) {
            progress.accept(k);
            Clustering c = KMeansSearch.fit(x, k, restarts, seed);
            double sil = k < 2 ? Double.NaN : silhouette(x, c, silhouetteSample, seed);
            long smallest = Long.MAX_VALUE;
            for (long s : c.sizes()) {
                smallest = Math.min(smallest, s);
            }
            out.add(new KCandidate(k, c, sil, (double) smallest / x.length));
        }
        return out;
    }

    /** NaN when the fit did not produce at least two non-empty clusters (e.g. identical points). */
    private static double silhouette(double[][] x, Clustering c, int sample, long seed) {
        int nonEmpty = 0;
        for (long s : c.sizes()) {
            nonEmpty += s > 0 ? 1 : 0;
        }
        if (nonEmpty < 2 || nonEmpty >= x.length) {
            return Double.NaN;
        }
        try {
            return KMeansSearch.silhouette(x, c.labels(), c.k(), sample, seed);
        } catch (IllegalArgumentException e) {
            return Double.NaN;
        }
    }

    public static KCandidate choose(List<KCandidate> candidates, double minShare) {
        KCandidate best = null;
        for (KCandidate c : candidates) {
            if (c.k() >= 2 && c.smallestShare() >= minShare && better(c, best)) {
                best = c;
            }
        }
        if (best == null) {
            for (KCandidate c : candidates) {
                if (c.k() >= 2 && better(c, best)) {
                    best = c;
                }
            }
        }
        return best;
    }

    private static boolean better(KCandidate c, KCandidate best) {
        return best == null || c.silhouette() > best.silhouette() + TIE
                || (Math.abs(c.silhouette() - best.silhouette()) <= TIE && c.k() < best.k());
    }
}
