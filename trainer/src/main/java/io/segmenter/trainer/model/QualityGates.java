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

    /** Gate names (the {@code gate} label of {@code segmenter_trainer_gate_failures_total}). */
    public static final String GATE_MODEL = "model";
    public static final String GATE_SILHOUETTE = "silhouette";
    public static final String GATE_MIN_SHARE = "min_share";
    public static final String GATE_FINITE = "finite";
    public static final String GATE_DATA = "data";
    public static final String GATE_STABILITY = "stability";
    /** Every gate, for metrics that must exist at 0 before the first failure. */
    public static final List<String> GATES = List.of(GATE_MODEL, GATE_SILHOUETTE, GATE_MIN_SHARE, GATE_FINITE, GATE_DATA, GATE_STABILITY);

    /** One failed gate and why. */
    public record Failure(String gate, String reason) {}

    public static final double DEFAULT_MIN_SHARE = 0.01;

    /**
     * The stability gate: empty when there is no model in use to compare with, the movement is within
     * {@code stability.maxMovement()}, or {@code stability.force()}.
     */
    public static List<Failure> stability(Movement movement, TrainerOptions.Stability stability) {
        if (movement == null || stability.force() || movement.share() <= stability.maxMovement()) {
            return List.of();
        }
        return List.of(new Failure(GATE_STABILITY, movement.describe() + String.format(java.util.Locale.ROOT,
                " to another segment than the model in use, more than the maximum %.2f %%; publish anyway with --force (train.force) or raise --max-movement",
                100.0 * stability.maxMovement())));
    }

    /** @return the gates the model fails, empty when it passes */
    public List<Failure> check(SegmentModel model) {
        List<Failure> reasons = new ArrayList<>();
        ModelValidator.problem(model, expectedFeatures).ifPresent(r -> reasons.add(new Failure(GATE_MODEL, r)));
        double sil = model.getQuality().getSilhouette();
        if (!Double.isFinite(sil)) {
            reasons.add(new Failure(GATE_FINITE, "silhouette is not a finite number"));
        } else if (sil < minSilhouette) {
            reasons.add(new Failure(GATE_SILHOUETTE,
                    String.format(java.util.Locale.ROOT, "silhouette %.4f is below the minimum %.4f", sil, minSilhouette)));
        }
        if (!Double.isFinite(model.getQuality().getInertia())) {
            reasons.add(new Failure(GATE_FINITE, "inertia is not a finite number"));
        }
        long total = model.getSnapshotSize();
        List<Long> sizes = model.getQuality().getClusterSizes();
        for (int i = 0; i < sizes.size(); i++) {
            long s = sizes.get(i);
            int id = model.getCentroids().get(i).getSegmentId();
            if (s == 0) {
                reasons.add(new Failure(GATE_MIN_SHARE, "segment " + id + " is empty"));
            } else if (total > 0 && (double) s / total < minShare) {
                reasons.add(new Failure(GATE_MIN_SHARE, String.format(java.util.Locale.ROOT,
                        "segment %d holds %d customers (%.2f %%), below the minimum share %.2f %%", id, s, 100.0 * s / total,
                        100.0 * minShare)));
            }
        }
        return reasons;
    }
}
