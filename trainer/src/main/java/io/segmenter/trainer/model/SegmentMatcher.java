package io.segmenter.trainer.model;

import io.segmenter.avro.Centroid;
import io.segmenter.avro.FeatureSpec;
import io.segmenter.avro.FeatureTransform;
import io.segmenter.avro.SegmentModel;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Stable segment ids: the new centroids are matched to the previous model's by an optimal assignment
 * (Hungarian) on squared distance in the new model's scaled space (the previous centroids' original
 * units are transformed and scaled with the new feature specs, so both sit in one space). A matched
 * centroid keeps its predecessor's id and label; the others get fresh ids from the previous maximum + 1
 * upward (from 0 for a first model), largest cluster first.
 */
public final class SegmentMatcher {

    /** Ids and labels (null = to be labelled) per new centroid. */
    public record Match(int[] ids, String[] labels, Long previousVersion) {}

    private SegmentMatcher() {}

    public static Match match(double[][] scaledCentroids, long[] sizes, List<FeatureSpec> specs, SegmentModel previous) {
        int k = scaledCentroids.length;
        int[] ids = new int[k];
        String[] labels = new String[k];
        Arrays.fill(ids, -1);
        int next = 0;
        Long previousVersion = null;
        if (compatible(previous, specs)) {
            previousVersion = previous.getVersion();
            List<Centroid> prev = previous.getCentroids();
            double[][] cost = new double[k][prev.size()];
            for (int p = 0; p < prev.size(); p++) {
                double[] mapped = scale(prev.get(p).getOriginal(), specs);
                for (int c = 0; c < k; c++) {
                    cost[c][p] = io.segmenter.model.Scorer.squaredDistance(scaledCentroids[c], mapped);
                }
                next = Math.max(next, prev.get(p).getSegmentId() + 1);
            }
            int[] pick = Hungarian.assign(cost);
            for (int c = 0; c < k; c++) {
                if (pick[c] >= 0) {
                    ids[c] = prev.get(pick[c]).getSegmentId();
                    labels[c] = prev.get(pick[c]).getLabel();
                }
            }
        }
        Integer[] order = IntStream.range(0, k).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingLong((Integer c) -> -sizes[c]).thenComparingInt(c -> c));
        for (int c : order) {
            if (ids[c] < 0) {
                ids[c] = next++;
            }
        }
        return new Match(ids, labels, previousVersion);
    }

    private static boolean compatible(SegmentModel previous, List<FeatureSpec> specs) {
        if (previous == null) {
            return false;
        }
        List<String> a = previous.getFeatures().stream().map(FeatureSpec::getName).toList();
        List<String> b = specs.stream().map(FeatureSpec::getName).toList();
        return a.equals(b);
    }

    /** Original units into the scaled space of {@code specs}. */
    public static double[] scale(List<Double> original, List<FeatureSpec> specs) {
        double[] out = new double[specs.size()];
        for (int j = 0; j < out.length; j++) {
            FeatureSpec f = specs.get(j);
            double x = original.get(j);
            if (f.getTransform() == FeatureTransform.LOG1P) {
                x = Math.log1p(Math.max(0, x));
            }
            out[j] = f.getStd() > 0 ? (x - f.getMean()) / f.getStd() : 0;
        }
        return out;
    }
}
