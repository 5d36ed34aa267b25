package io.segmenter.trainer.model;

import io.segmenter.trainer.kmeans.Clustering;
import io.segmenter.trainer.kmeans.KMeansSearch;
import java.util.ArrayList;
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
     * longest fits; {@code progress} then hears of each k as it starts, from the thread that fits it).
     */
    public static List<KCandidate> run(double[][] x, int kMin, int kMax, int restarts, long seed,
            int silhouetteSample, IntConsumer progress) {
        int last = Math.min(kMax, x.length);
        if (last < kMin) {
            return new ArrayList<>();
        }
        KCandidate[] out = new KCandidate[last - kMin + 1];
        int workers = x.length < PARALLEL_K_BELOW ? Math.min(out.length, Runtime.getRuntime().availableProcessors()) : 1;
        if (workers <= 1) {
            for (int k = kMin; k <= last; k++) {
                progress.accept(k);
                out[k - kMin] = candidate(x, k, restarts, seed, silhouetteSample);
            }
            return new ArrayList<>(List.of(out));
        }
        AtomicInteger next = new AtomicInteger(last);
        Runnable worker = () -> {
            for (int k = next.getAndDecrement(); k >= kMin; k = next.getAndDecrement()) {
                synchronized (progress) {
                    progress.accept(k);
                }
                out[k - kMin] = candidate(x, k, restarts, seed, silhouetteSample);
            }
        };
        List<ForkJoinTask<?>> helpers = new ArrayList<>();
        for (int w = 1; w < workers; w++) {
            helpers.add(ForkJoinPool.commonPool().submit(worker));
        }
        worker.run();
        helpers.forEach(ForkJoinTask::join);
        return new ArrayList<>(List.of(out));
    }

    private static KCandidate candidate(double[][] x, int k, int restarts, long seed, int silhouetteSample) {
        Clustering c = KMeansSearch.fit(x, k, restarts, seed);
        double sil = k < 2 ? Double.NaN : silhouette(x, c, silhouetteSample, seed);
        long smallest = Long.MAX_VALUE;
        for (long s : c.sizes()) {
            smallest = Math.min(smallest, s);
        }
        return new KCandidate(k, c, sil, (double) smallest / x.length);
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
