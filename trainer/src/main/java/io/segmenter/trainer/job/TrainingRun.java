package io.segmenter.trainer.job;

import io.segmenter.avro.CustomerProfile;
import io.segmenter.avro.SegmentModel;
import io.segmenter.model.DriftMeter;
import io.segmenter.model.FeatureEncoding;
import io.segmenter.trainer.data.FeatureTable;
import io.segmenter.trainer.data.ProfileFeatures;
import io.segmenter.trainer.data.SnapshotSettings;
import io.segmenter.trainer.data.TransactionRfm;
import io.segmenter.trainer.model.Trainer;
import io.segmenter.trainer.model.TrainerOptions;
import io.segmenter.trainer.model.TrainingResult;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One training run of {@code ./segmenter train}: snapshot of profiles, features at the snapshot's
 * "now", fit, gates, and publication of the model when it passes. Kafka stays behind the three
 * functions it is given, so the job runs the same against a broker or in a test.
 */
public final class TrainingRun {

    private static final Logger LOG = LoggerFactory.getLogger(TrainingRun.class);

    /** What one run did: the training result and whether the model went out. */
    public record Run(TrainingResult result, boolean published, long snapshotSize) {}

    private final Supplier<List<CustomerProfile>> snapshot;
    private final Function<String, SegmentModel> previous;
    private final Consumer<SegmentModel> publish;
    private final TrainerOptions options;
    private final SnapshotSettings.Fallback fallback;
    private final Clock clock;
    private final Trainer trainer;

    public TrainingRun(Supplier<List<CustomerProfile>> snapshot, Function<String, SegmentModel> previous,
            Consumer<SegmentModel> publish, TrainerOptions options, SnapshotSettings.Fallback fallback, Clock clock,
            Trainer trainer) {
        this.snapshot = snapshot;
        this.previous = previous;
        this.publish = publish;
        this.options = options;
        this.fallback = fallback;
        this.clock = clock;
        this.trainer = trainer;
    }

    public Run runOnce() {
        return runOnce(null);
    }

    /**
     * One run; {@code dataReason} (e.g. the drift that triggered it) is the data's own reason for customers to
     * move, so the stability gate reports the movement but does not refuse it.
     */
    public Run runOnce(String dataReason) {
        Snapshot snap = snapshot();
        TransactionRfm.Result features = snap.features();
        TrainerOptions options = snap.options();
        List<CustomerProfile> profiles = snap.profiles();
        if (dataReason != null) {
            LOG.info("Run for a data reason ({}): the stability gate reports the movement without refusing it", dataReason);
            options = options.withStability(new TrainerOptions.Stability(options.stability().maxMovement(), true));
        }
        SegmentModel before = previous.apply(options.modelName());
        TrainingResult result = trainer.train(features.table(), features.nowMillis(), before, options);
        if (!result.publishable()) {
            LOG.warn("Model {} not published: {}", options.modelName(), result.rejections());
            return new Run(result, false, profiles.size());
        }
        publish.accept(result.model());
        LOG.info("Published model {} version {} (k = {}, silhouette {}, {} customers)", options.modelName(),
                result.model().getVersion(), result.model().getQuality().getK(),
                String.format(java.util.Locale.ROOT, "%.4f", result.model().getQuality().getSilhouette()),
                result.model().getSnapshotSize());
        return new Run(result, true, profiles.size());
    }

    /**
     * The PSI per feature of the current profiles against the training distribution of the model in use;
     * empty when there is no model, or it records no distribution, or no profile can be scored.
     */
    public Map<String, Double> drift() {
        Snapshot snap = snapshot();
        SegmentModel inUse = previous.apply(snap.options().modelName());
        if (inUse == null || inUse.getTrainingDistribution() == null || snap.profiles().isEmpty()) {
            return Map.of();
        }
        FeatureTable table = snap.features().table();
        DriftMeter meter = new DriftMeter(inUse);
        // each profile encoded as the model reads it, so one-hot and ordinal dimensions are measured as trained
        FeatureEncoding encoding = new FeatureEncoding(inUse);
        double[] raw = new double[encoding.dimensions()];
        for (int i = 0; i < table.size(); i++) {
            if (encoding.encode(table.values(i), raw) != null) {
                continue; // not scorable by this model
            }
            Map<String, Double> features = new java.util.HashMap<>();
            for (int j = 0; j < raw.length; j++) {
                features.put(inUse.getFeatures().get(j).getName(), raw[j]);
            }
            meter.add(features);
        }
        return meter.psi();
    }

    /** A snapshot of the profiles, the features at its "now" with the app's settings, and the options for this model name. */
    private record Snapshot(List<CustomerProfile> profiles, TransactionRfm.Result features, TrainerOptions options) {}

    private Snapshot snapshot() {
        List<CustomerProfile> profiles = snapshot.get();
        SnapshotSettings settings = SnapshotSettings.of(profiles, fallback);
        settings.notes().forEach(n -> LOG.info("Snapshot: {}", n));
        TransactionRfm.Result features = ProfileFeatures.table("customer-profiles", profiles, settings, clock.millis(),
                options.encoding().features(), options.encoding().ordinals().keySet());
        return new Snapshot(profiles, features, options.withModelName(settings.modelName()));
    }
}
