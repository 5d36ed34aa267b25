package io.segmenter.model;

import io.segmenter.avro.Centroid;
import io.segmenter.avro.FeatureKind;
import io.segmenter.avro.FeatureSpec;
import io.segmenter.avro.FeatureTransform;
import io.segmenter.avro.RfmCuts;
import io.segmenter.avro.SegmentModel;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Checks that a {@link SegmentModel} can be used to score; both the app (on receipt) and the trainer (before publishing) use it. */
public final class ModelValidator {

    /** Cause labels of a refusal (the {@code cause} of {@code segmenter_model_refusals_total}). */
    public static final String FEATURES = "features";
    public static final String NON_FINITE = "non_finite";
    public static final String EMPTY = "empty";
    public static final String DIMENSIONS = "dimensions";
    public static final String OTHER = "other";
    /** Values or sizes past the documented bounds, which keep every distance finite. */
    public static final String OUT_OF_RANGE = "out_of_range";

    /** Most centroids (segments) a model may have. */
    public static final int MAX_CENTROIDS = 256;
    /** Most features a model may have. */
    public static final int MAX_FEATURES = 256;
    /** Largest magnitude of a feature's mean and std (original units); std must also be at least {@link #MIN_STD}. */
    public static final double MAX_SCALE = 1e15;
    public static final double MIN_STD = 1e-12;
    /** Bin edges per feature of the training distribution. */
    public static final int MAX_BINS = 100;
    /** Most one-hot dimensions (categories, other included) of one source, and most levels of an ordinal source. */
    public static final int MAX_CATEGORIES = 100;
    /** Longest category, level or source name. */
    public static final int MAX_NAME_LENGTH = 200;

    /** Why a model is unusable: a cause label for metrics and a message for people. */
    public record Problem(String cause, String message) {}

    private ModelValidator() {}

    /**
     * @param expectedFeatures feature names the consumer computes, in order, or null to accept any
     * @return the reason the model is unusable, or empty when it is fine
     */
    public static Optional<String> problem(SegmentModel model, List<String> expectedFeatures) {
        return check(model, expectedFeatures).map(Problem::message);
    }

    /** As {@link #problem}, with the cause of the refusal. */
    public static Optional<Problem> check(SegmentModel model, List<String> expectedFeatures) {
        if (model == null) {
            return refuse(EMPTY, "model is null");
        }
        List<FeatureSpec> features = model.getFeatures();
        if (features == null || features.isEmpty()) {
            return refuse(EMPTY, "model has no features");
        }
        if (expectedFeatures != null) {
            List<String> names = features.stream().map(FeatureSpec::getName).toList();
            if (!names.equals(expectedFeatures)) {
                return refuse(FEATURES, "feature names " + names + " do not match the expected " + expectedFeatures);
            }
        }
        if (features.size() > MAX_FEATURES) {
            return refuse(OUT_OF_RANGE, "model has " + features.size() + " features; at most " + MAX_FEATURES + " are accepted");
        }
        for (FeatureSpec f : features) {
            if (!Double.isFinite(f.getMean()) || !Double.isFinite(f.getStd()) || f.getStd() <= 0) {
                return refuse(NON_FINITE, "feature " + f.getName() + " has a non-finite mean or a non-positive std");
            }
            if (Math.abs(f.getMean()) > MAX_SCALE || f.getStd() > MAX_SCALE || f.getStd() < MIN_STD) {
                return refuse(OUT_OF_RANGE, "feature " + f.getName() + " has mean " + f.getMean() + " and std " + f.getStd()
                        + "; accepted: |mean| and std at most " + MAX_SCALE + ", std at least " + MIN_STD);
            }
        }
        Optional<Problem> encoding = encodingProblem(features);
        if (encoding.isPresent()) {
            return encoding;
        }
        List<Centroid> centroids = model.getCentroids();
        if (centroids == null || centroids.isEmpty()) {
            return refuse(EMPTY, "model has no centroids");
        }
        if (centroids.size() > MAX_CENTROIDS) {
            return refuse(OUT_OF_RANGE, "model has " + centroids.size() + " centroids; at most " + MAX_CENTROIDS + " are accepted");
        }
        Set<Integer> ids = new HashSet<>();
        Set<String> labels = new HashSet<>();
        for (Centroid c : centroids) {
            if (c.getScaled().size() != features.size() || c.getOriginal().size() != features.size()) {
                return refuse(DIMENSIONS, "centroid " + c.getSegmentId() + " has " + c.getScaled().size()
                        + " dimensions, the model has " + features.size() + " features");
            }
            if (!allFinite(c.getScaled()) || !allFinite(c.getOriginal())) {
                return refuse(NON_FINITE, "centroid " + c.getSegmentId() + " has a non-finite coordinate");
            }
            for (double v : c.getScaled()) {
                if (Math.abs(v) > Scorer.MAX_SCALED) {
                    return refuse(OUT_OF_RANGE, "centroid " + c.getSegmentId() + " has a standardised coordinate " + v
                            + "; accepted: at most " + Scorer.MAX_SCALED + " in magnitude (so every distance stays finite)");
                }
            }
            if (!ids.add(c.getSegmentId())) {
                return refuse(OTHER, "segment id " + c.getSegmentId() + " appears twice");
            }
            if (!labels.add(c.getLabel())) {
                return refuse(OTHER, "label " + c.getLabel() + " appears twice");
            }
        }
        RfmCuts cuts = model.getRfmCuts();
        if (cuts != null) {
            for (List<Double> q : List.of(cuts.getRecency(), cuts.getFrequency(), cuts.getMonetary())) {
                if (q.size() != 3 || !allFinite(q)) {
                    return refuse(NON_FINITE, "RFM cut points must be three finite numbers each");
                }
            }
        }
        if (model.getTrainingDistribution() != null) {
            List<String> names = features.stream().map(FeatureSpec::getName).toList();
            for (io.segmenter.avro.FeatureDistribution d : model.getTrainingDistribution()) {
                List<Double> edges = d.getEdges();
                if (!names.contains(d.getFeature()) || edges.size() > MAX_BINS || d.getShares().size() != edges.size() + 1) {
                    return refuse(OTHER, "training distribution of " + d.getFeature() + " must name a model feature and have at most "
                            + MAX_BINS + " edges and one share more than edges");
                }
                for (int i = 0; i < edges.size(); i++) {
                    if (!Double.isFinite(edges.get(i)) || (i > 0 && edges.get(i) <= edges.get(i - 1))) {
                        return refuse(NON_FINITE, "training distribution edges of " + d.getFeature() + " must be finite and ascending");
                    }
                }
                for (double share : d.getShares()) {
                    if (!(share >= 0 && share <= 1)) {
                        return refuse(NON_FINITE, "training distribution shares of " + d.getFeature() + " must be between 0 and 1");
                    }
                }
            }
        }
        return Optional.empty();
    }

    /** Kinds, sources, categories, levels and fills ({@link FeatureEncoding}'s input) must be consistent. */
    private static Optional<Problem> encodingProblem(List<FeatureSpec> features) {
        java.util.Map<String, FeatureKind> kinds = new java.util.HashMap<>();
        java.util.Map<String, List<String>> levelsOf = new java.util.HashMap<>();
        java.util.Map<String, Set<String>> categories = new java.util.HashMap<>();
        java.util.Map<String, Integer> dims = new java.util.HashMap<>();
        Set<String> withOther = new HashSet<>();
        for (FeatureSpec f : features) {
            FeatureKind kind = FeatureEncoding.kind(f);
            String source = FeatureEncoding.source(f);
            if (source.length() > MAX_NAME_LENGTH) {
                return refuse(OUT_OF_RANGE, "feature " + f.getName() + " has a source longer than " + MAX_NAME_LENGTH + " characters");
            }
            FeatureKind before = kinds.putIfAbsent(source, kind);
            if (before != null && before != kind) {
                return refuse(FEATURES, "source " + source + " is read as both " + before + " and " + kind + " (feature " + f.getName() + ")");
            }
            if (f.getFill() != null && !Double.isFinite(f.getFill())) {
                return refuse(NON_FINITE, "feature " + f.getName() + " has a non-finite fill " + f.getFill());
            }
            if (kind != FeatureKind.NUMERIC && f.getTransform() != FeatureTransform.NONE) {
                return refuse(FEATURES, "feature " + f.getName() + " is " + kind + " and must have transform NONE, not " + f.getTransform());
            }
            if (kind != FeatureKind.CATEGORY && f.getCategory() != null) {
                return refuse(FEATURES, "feature " + f.getName() + " is " + kind + " and must not have a category");
            }
            if (kind != FeatureKind.ORDINAL && f.getLevels() != null) {
                return refuse(FEATURES, "feature " + f.getName() + " is " + kind + " and must not have levels");
            }
            int n = dims.merge(source, 1, Integer::sum);
            if (kind == FeatureKind.CATEGORY) {
                if (f.getSource() == null) {
                    return refuse(FEATURES, "one-hot feature " + f.getName() + " must name its source");
                }
                if (n > MAX_CATEGORIES) {
                    return refuse(OUT_OF_RANGE, "source " + source + " has more than " + MAX_CATEGORIES + " one-hot dimensions");
                }
                if (f.getFill() != null && f.getFill() != 0.0 && f.getFill() != 1.0) {
                    return refuse(FEATURES, "one-hot feature " + f.getName() + " must fill with 0 or 1, not " + f.getFill());
                }
                if (f.getCategory() == null) {
                    if (!withOther.add(source)) {
                        return refuse(FEATURES, "source " + source + " has two other buckets (one-hot dimensions without a category)");
                    }
                } else if (f.getCategory().length() > MAX_NAME_LENGTH) {
                    return refuse(OUT_OF_RANGE, "feature " + f.getName() + " has a category longer than " + MAX_NAME_LENGTH + " characters");
                } else if (!categories.computeIfAbsent(source, s -> new HashSet<>()).add(f.getCategory())) {
                    return refuse(FEATURES, "source " + source + " lists category " + f.getCategory() + " twice");
                }
            } else if (kind == FeatureKind.ORDINAL) {
                List<String> levels = f.getLevels();
                if (levels == null || levels.size() < 2) {
                    return refuse(FEATURES, "ordinal feature " + f.getName() + " needs at least 2 levels");
                }
                if (levels.size() > MAX_CATEGORIES) {
                    return refuse(OUT_OF_RANGE, "ordinal feature " + f.getName() + " has " + levels.size() + " levels; at most "
                            + MAX_CATEGORIES + " are accepted");
                }
                if (levels.stream().anyMatch(java.util.Objects::isNull) || new HashSet<>(levels).size() != levels.size()) {
                    return refuse(FEATURES, "ordinal feature " + f.getName() + " lists a level twice (or a null level)");
                }
                List<String> other = levelsOf.putIfAbsent(source, levels);
                if (other != null && !other.equals(levels)) {
                    return refuse(FEATURES, "source " + source + " has two different lists of levels");
                }
                if (f.getFill() != null && !(f.getFill() >= 0 && f.getFill() <= levels.size() - 1)) {
                    return refuse(FEATURES, "ordinal feature " + f.getName() + " fills with " + f.getFill() + ", not a level index");
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<Problem> refuse(String cause, String message) {
        return Optional.of(new Problem(cause, message));
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
