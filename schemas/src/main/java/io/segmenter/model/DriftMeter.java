package io.segmenter.model;

import io.segmenter.avro.FeatureDistribution;
import io.segmenter.avro.SegmentModel;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The live distribution of a model's features over the customers it scores, in the model's training bins
 * (memory: one counter per bin), and its PSI per feature against training. Fed one customer at a time,
 * e.g. from a walk over the customer states; not thread-safe.
 */
public final class DriftMeter {

    private final List<FeatureDistribution> training;
    private final double[][] edges;
    private final long[][] counts;

    /** A meter for {@code model}; measures nothing when the model records no training distribution. */
    public DriftMeter(SegmentModel model) {
        this.training = model.getTrainingDistribution() == null ? List.of() : model.getTrainingDistribution();
        this.edges = new double[training.size()][];
        this.counts = new long[training.size()][];
        for (int f = 0; f < training.size(); f++) {
            edges[f] = training.get(f).getEdges().stream().mapToDouble(Double::doubleValue).toArray();
            counts[f] = new long[edges[f].length + 1];
        }
    }

    /** Counts one customer's features (a missing or non-finite feature is not counted). */
    public void add(Map<String, Double> features) {
        for (int f = 0; f < training.size(); f++) {
            Double x = features.get(training.get(f).getFeature());
            if (x != null && Double.isFinite(x)) {
                counts[f][Drift.bin(edges[f], x)]++;
            }
        }
    }

    /** PSI per feature, in the model's feature order (NaN for a feature with no customer counted). */
    public Map<String, Double> psi() {
        Map<String, Double> out = new LinkedHashMap<>();
        for (int f = 0; f < training.size(); f++) {
            out.put(training.get(f).getFeature(), Drift.psi(training.get(f).getShares(), counts[f]));
        }
        return out;
    }
}
