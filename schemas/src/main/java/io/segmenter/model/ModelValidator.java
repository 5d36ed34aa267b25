package io.segmenter.model;

import io.segmenter.avro.Centroid;
import io.segmenter.avro.FeatureSpec;
import io.segmenter.avro.RfmCuts;
import io.segmenter.avro.SegmentModel;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Checks that a {@link SegmentModel} can be used to score; both the app (on receipt) and the trainer (before publishing) use it. */
public final class ModelValidator {

    private ModelValidator() {}

    /**
     * @param expectedFeatures feature names the consumer computes, in order, or null to accept any
     * @return the reason the model is unusable, or empty when it is fine
     */
    public static Optional<String> problem(SegmentModel model, List<String> expectedFeatures) {
        if (model == null) {
            return Optional.of("model is null");
        }
        List<FeatureSpec> features = model.getFeatures();
        if (features == null || features.isEmpty()) {
            return Optional.of("model has no features");
        }
        if (expectedFeatures != null) {
            List<String> names = features.stream().map(FeatureSpec::getName).toList();
            if (!names.equals(expectedFeatures)) {
                return Optional.of("feature names " + names + " do not match the expected " + expectedFeatures);
            }
        }
        for (FeatureSpec f : features) {
            if (!Double.isFinite(f.getMean()) || !Double.isFinite(f.getStd()) || f.getStd() <= 0) {
                return Optional.of("feature " + f.getName() + " has a non-finite mean or a non-positive std");
            }
        }
        List<Centroid> centroids = model.getCentroids();
        if (centroids == null || centroids.isEmpty()) {
            return Optional.of("model has no centroids");
        }
        Set<Integer> ids = new HashSet<>();
        Set<String> labels = new HashSet<>();
        for (Centroid c : centroids) {
            if (c.getScaled().size() != features.size() || c.getOriginal().size() != features.size()) {
                return Optional.of("centroid " + c.getSegmentId() + " has " + c.getScaled().size()
                        + " dimensions, the model has " + features.size() + " features");
            }
            if (!allFinite(c.getScaled()) || !allFinite(c.getOriginal())) {
                return Optional.of("centroid " + c.getSegmentId() + " has a non-finite coordinate");
            }
            if (!ids.add(c.getSegmentId())) {
                return Optional.of("segment id " + c.getSegmentId() + " appears twice");
            }
            if (!labels.add(c.getLabel())) {
                return Optional.of("label " + c.getLabel() + " appears twice");
            }
        }
        RfmCuts cuts = model.getRfmCuts();
        if (cuts != null) {
            for (List<Double> q : List.of(cuts.getRecency(), cuts.getFrequency(), cuts.getMonetary())) {
                if (q.size() != 3 || !allFinite(q)) {
                    return Optional.of("RFM cut points must be three finite numbers each");
                }
            }
        }
        return Optional.empty();
    }

    private static boolean allFinite(List<Double> values) {
        for (Double v : values) {
            if (v == null || !Double.isFinite(v)) {
                return false;
            }
        }
        return true;
    }
}
