package io.segmenter.model;

import io.segmenter.avro.FeatureDistribution;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Population stability index (PSI) of live customers against the distribution a model was trained on, per
 * feature: {@code sum((live - train) * ln(live / train))} over the training bins, shares floored at
 * {@link #FLOOR} so an empty bin counts as rare rather than infinite. Written once for the trainer (which
 * records the bins) and the app (which measures against them).
 */
public final class Drift {

    /** Bins per feature (deciles of the training snapshot; fewer when values repeat). */
    public static final int BINS = 10;
    /** Smallest share used in the PSI, so an empty bin stays finite. */
    public static final double FLOOR = 1e-4;
    /** Common reading: below 0.1 stable, 0.1 to 0.25 a moderate shift, above 0.25 a significant one. */
    public static final double SIGNIFICANT = 0.25;

    private Drift() {}

    /** The training distribution of one feature column: decile edges (distinct) and each bin's share. */
    public static FeatureDistribution of(String feature, double[] column) {
        double[] sorted = Arrays.stream(column).filter(Double::isFinite).sorted().toArray();
        List<Double> edges = new ArrayList<>();
        for (int q = 1; q < BINS && sorted.length > 0; q++) {
            double edge = sorted[Math.min(sorted.length - 1, (int) Math.floor((double) q * sorted.length / BINS))];
            if ((edges.isEmpty() || edge > edges.getLast()) && edge > sorted[0]) {
                edges.add(edge);
            }
        }
        double[] e = edges.stream().mapToDouble(Double::doubleValue).toArray();
        long[] counts = new long[e.length + 1];
        for (double x : sorted) {
            counts[bin(e, x)]++;
        }
        return new FeatureDistribution(feature, edges, shares(counts));
    }

    /** The bin of {@code x}: the number of (distinct, ascending) edges at or below it. */
    public static int bin(double[] edges, double x) {
        int i = Arrays.binarySearch(edges, x);
        return i >= 0 ? i + 1 : -i - 1;
    }

    /** Shares of {@code counts}; all zero when there is nothing counted. */
    public static List<Double> shares(long[] counts) {
        long total = Arrays.stream(counts).sum();
        List<Double> out = new ArrayList<>(counts.length);
        for (long c : counts) {
            out.add(total == 0 ? 0.0 : (double) c / total);
        }
        return out;
    }

    /** PSI of {@code liveCounts} against {@code training}; NaN when nothing was counted. */
    public static double psi(List<Double> training, long[] liveCounts) {
        long total = Arrays.stream(liveCounts).sum();
        if (total == 0) {
            return Double.NaN;
        }
        double psi = 0;
        for (int i = 0; i < liveCounts.length; i++) {
            double expected = Math.max(FLOOR, training.get(i));
            double actual = Math.max(FLOOR, (double) liveCounts[i] / total);
            psi += (actual - expected) * Math.log(actual / expected);
        }
        return psi;
    }
}
