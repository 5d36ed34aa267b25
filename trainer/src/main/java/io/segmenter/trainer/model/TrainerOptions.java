package io.segmenter.trainer.model;

import io.segmenter.avro.FeatureTransform;
import java.util.Map;

/**
 * Hyper-parameters of one training run.
 *
 * @param fixedK use this k instead of the rule (null = choose within kMin..kMax)
 * @param rfm true for the rfm model: fixed RFM transforms, R/F/M cut points and persona labels
 * @param transforms transforms fixed by feature name; others follow the skewness rule when {@code autoTransform}
 * @param silhouetteSample silhouette on at most this many points (0 = all)
 * @param restarts K-means runs per k (best inertia kept)
 * @param labelOverrides segment id to label, applied last
 * @param stability the stability gate against the model in use
 * @param encoding which inputs, and how categorical and ordinal ones are encoded
 */
public record TrainerOptions(
        String modelName,
        boolean rfm,
        int kMin,
        int kMax,
        Integer fixedK,
        double minSilhouette,
        double minShare,
        long seed,
        int silhouetteSample,
        int restarts,
        MissingValues missing,
        Map<String, FeatureTransform> transforms,
        boolean autoTransform,
        Map<Integer, String> labelOverrides,
        Stability stability,
        Encoding encoding) {

    public TrainerOptions {
        if (modelName != null && !io.segmenter.model.ModelKeys.NAME.matcher(modelName).matches()) {
            throw new IllegalArgumentException("model name '" + modelName + "': " + io.segmenter.model.ModelKeys.NAME_RULE);
        }
    }

    /**
     * The stability gate: a refit may move at most {@code maxMovement} of the snapshot's customers to another
     * segment than the model in use gives them, unless {@code force}.
     */
    public record Stability(double maxMovement, boolean force) {
        public static final double DEFAULT_MAX_MOVEMENT = 0.25;
        public static final Stability DEFAULT = new Stability(DEFAULT_MAX_MOVEMENT, false);

        public Stability {
            if (!(maxMovement >= 0 && maxMovement <= 1)) {
                throw new IllegalArgumentException("the largest share of customers a refit may move must be between 0 and 1, not " + maxMovement);
            }
        }
    }

    public static TrainerOptions rfmDefaults() {
        return new TrainerOptions("rfm", true, 2, 10, null, QualityGates.DEFAULT_MIN_SILHOUETTE,
                QualityGates.DEFAULT_MIN_SHARE, 42L, 5000, 10, MissingValues.IMPUTE_MEDIAN,
                Preprocessor.RFM_TRANSFORMS, true, Map.of(), Stability.DEFAULT, Encoding.DEFAULT);
    }

    public static TrainerOptions customerLevelDefaults(String modelName) {
        return new TrainerOptions(modelName, false, 2, 10, null, QualityGates.DEFAULT_MIN_SILHOUETTE,
                QualityGates.DEFAULT_MIN_SHARE, 42L, 5000, 10, MissingValues.IMPUTE_MEDIAN, Map.of(), true, Map.of(), Stability.DEFAULT,
                Encoding.DEFAULT);
    }

    public TrainerOptions withModelName(String name) {
        return new TrainerOptions(name, rfm, kMin, kMax, fixedK, minSilhouette, minShare, seed, silhouetteSample,
                restarts, missing, transforms, autoTransform, labelOverrides, stability, encoding);
    }

    public TrainerOptions withStability(Stability s) {
        return new TrainerOptions(modelName, rfm, kMin, kMax, fixedK, minSilhouette, minShare, seed, silhouetteSample,
                restarts, missing, transforms, autoTransform, labelOverrides, s, encoding);
    }

    public TrainerOptions withSeed(long s) {
        return new TrainerOptions(modelName, rfm, kMin, kMax, fixedK, minSilhouette, minShare, s, silhouetteSample,
                restarts, missing, transforms, autoTransform, labelOverrides, stability, encoding);
    }

    public TrainerOptions withK(Integer k) {
        return new TrainerOptions(modelName, rfm, kMin, kMax, k, minSilhouette, minShare, seed, silhouetteSample,
                restarts, missing, transforms, autoTransform, labelOverrides, stability, encoding);
    }

    public TrainerOptions withGates(double minSil, double minShr) {
        return new TrainerOptions(modelName, rfm, kMin, kMax, fixedK, minSil, minShr, seed, silhouetteSample,
                restarts, missing, transforms, autoTransform, labelOverrides, stability, encoding);
    }

    public TrainerOptions withLabels(Map<Integer, String> overrides) {
        return new TrainerOptions(modelName, rfm, kMin, kMax, fixedK, minSilhouette, minShare, seed, silhouetteSample,
                restarts, missing, transforms, autoTransform, overrides, stability, encoding);
    }

    public TrainerOptions withMissing(MissingValues m) {
        return new TrainerOptions(modelName, rfm, kMin, kMax, fixedK, minSilhouette, minShare, seed, silhouetteSample,
                restarts, m, transforms, autoTransform, labelOverrides, stability, encoding);
    }

    public TrainerOptions withEncoding(Encoding e) {
        return new TrainerOptions(modelName, rfm, kMin, kMax, fixedK, minSilhouette, minShare, seed, silhouetteSample,
                restarts, missing, transforms, autoTransform, labelOverrides, stability, e);
    }

    public TrainerOptions withKRange(int min, int max) {
        return new TrainerOptions(modelName, rfm, min, max, fixedK, minSilhouette, minShare, seed, silhouetteSample,
                restarts, missing, transforms, autoTransform, labelOverrides, stability, encoding);
    }
}
