package io.segmenter.trainer.model;

import io.segmenter.trainer.kmeans.Clustering;
import io.segmenter.trainer.kmeans.KMeansSearch;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.atomic.AtomicInteger;
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
     * Below this many points one fit runs on one core (its Lloyd and seeding passes are a single chunk),
     * so the values of k are fitted side by side instead; above it each fit already uses every core.
     */
    static final int PARALLEL_K_BELOW = 16_384;

    /**
     * Fits k = kMin..kMax with {@link KMeansSearch} (scikit-learn's K-means, {@code restarts} runs each)
     * and the silhouette on at most {@code silhouetteSample} points (0 = all). Each k is fitted on its own
     * from the same seed, so the candidates are the same whether they are fitted one after the other or,
     * for fewer than {@link #PARALLEL_K_BELOW} points, side by side on all cores (largest k first, the
     * longest fits; {@code progress} then hears of each k as it starts, from the thread that fits it). The
     * silhouettes of all k are computed together after the fits ({@link KMeansSearch#silhouettes}), each the
     * number {@link KMeansSearch#silhouette} gives.
     */
    public static List<KCandidate> run(double[][] x, int kMin, int kMax, int restarts, long seed,
            int silhouetteSample, IntConsumer progress) {
        int last = Math.min(kMax, x.length);
        if (last < kMin) {
            return new ArrayList<>();
        }
        Clustering[] fits = new Clustering[last - kMin + 1];
        int workers = x.length < PARALLEL_K_BELOW ? Math.min(fits.length, Runtime.getRuntime().availableProcessors()) : 1;
        if (workers <= 1) {
            for (int k = kMin; k <= last; k++) {
                progress.accept(k);
                fits[k - kMin] = KMeansSearch.fit(x, k, restarts, seed);
            }
        } else {
            AtomicInteger next = new AtomicInteger(last);
            Runnable worker = () -> {
                for (int k = next.getAndDecrement(); k >= kMin; k = next.getAndDecrement()) {
                    synchronized (progress) {
                        progress.accept(k);
                    }
                    fits[k - kMin] = KMeansSearch.fit(x, k, restarts, seed);
                }
            };
            List<ForkJoinTask<?>> helpers = new ArrayList<>();
            for (int w = 1; w < workers; w++) {
                helpers.add(ForkJoinPool.commonPool().submit(worker));
            }
            worker.run();
            helpers.forEach(ForkJoinTask::join);
        }
        double[] silhouettes = silhouettes(x, fits, silhouetteSample, seed);
        List<KCandidate> out = new ArrayList<>(fits.length);
        for (int i = 0; i < fits.length; i++) {
            Clustering c = fits[i];
            long smallest = Long.MAX_VALUE;
            for (long s : c.sizes()) {
                smallest = Math.min(smallest, s);
            }
            out.add(new KCandidate(c.k(), c, silhouettes[i], (double) smallest / x.length));
        }
        return out;
    }

    /**
     * Per fit: NaN for k = 1 and when the fit did not produce at least two non-empty clusters (e.g.
     * identical points) or put every point alone; else the silhouette.
     */
    private static double[] silhouettes(double[][] x, Clustering[] fits, int sample, long seed) {
        double[] out = new double[fits.length];
        Arrays.fill(out, Double.NaN);
        List<Integer> scored = new ArrayList<>();
        for (int i = 0; i < fits.length; i++) {
            int nonEmpty = 0;
            for (long s : fits[i].sizes()) {
                nonEmpty += s > 0 ? 1 : 0;
            }
            if (fits[i].k() >= 2 && nonEmpty >= 2 && nonEmpty < x.length) {
                scored.add(i);
            }
        }
        if (scored.isEmpty()) {
            return out;
        }
        int[][] labels = new int[scored.size()][];
        int[] ks = new int[scored.size()];
        for (int s = 0; s < labels.length; s++) {
            labels[s] = fits[scored.get(s)].labels();
            ks[s] = fits[scored.get(s)].k();
        }
        try {
            double[] values = KMeansSearch.silhouettes(x, labels, ks, sample, seed);
            for (int s = 0; s < values.length; s++) {
                out[scored.get(s)] = values[s];
            }
        } catch (IllegalArgumentException e) {
            // e.g. a non-finite feature: no silhouette (a quality gate reads NaN as a failure)
        }
        return out;
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
