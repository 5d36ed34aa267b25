package io.segmenter.trainer.model;

import io.segmenter.avro.SegmentModel;
import io.segmenter.model.ModelValidator;
import java.util.ArrayList;
import java.util.List;

/**
 * What a model must pass to be published: the shared {@link ModelValidator} (feature names matching
 * what the consumer computes, finite numbers, positive std, unique ids and labels, cut points), a
 * minimum silhouette, and no empty or tiny cluster (each holds at least {@code minShare} of the customers).
 *
 * @param expectedFeatures the app's feature names (RfmFeatures.NAMES for the rfm model), or null for any
 */
public record QualityGates(double minSilhouette, double minShare, List<String> expectedFeatures) {

    public static final double DEFAULT_MIN_SILHOUETTE = 0.25;
    public static final double DEFAULT_MIN_SHARE = 0.01;

    /** @return the reasons the model fails, empty when it passes */
    public List<String> check(SegmentModel model) {
        List<String> reasons = new ArrayList<>();
        ModelValidator.problem(model, expectedFeatures).ifPresent(reasons::add);
        double sil = model.getQuality().getSilhouette();
        if (!Double.isFinite(sil)) {
            reasons.add("silhouette is not a finite number");
        } else if (sil < minSilhouette) {
            reasons.add(String.format(java.util.Locale.ROOT, "silhouette %.4f is below the minimum %.4f", sil, minSilhouette));
        }
        if (!Double.isFinite(model.getQuality().getInertia())) {
            reasons.add("inertia is not a finite number");
        }
        long total = model.getSnapshotSize();
        List<Long> sizes = model.getQuality().getClusterSizes();
        for (int i = 0; i < sizes.size(); i++) {
            long s = sizes.get(i);
            int id = model.getCentroids().get(i).getSegmentId();
            if (s == 0) {
                reasons.add("segment " + id + " is empty");
            } else if (total > 0 && (double) s / total < minShare) {
                reasons.add(String.format(java.util.Locale.ROOT, "segment %d holds %d customers (%.2f %%), below the minimum share %.2f %%",
                        id, s, 100.0 * s / total, 100.0 * minShare));
            }
        }
        return reasons;
    }
}
