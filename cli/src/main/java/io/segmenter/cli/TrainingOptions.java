package io.segmenter.cli;

import io.segmenter.trainer.model.MissingValues;
import io.segmenter.trainer.model.QualityGates;
import io.segmenter.trainer.model.Trainer;
import io.segmenter.trainer.model.TrainerOptions;
import picocli.CommandLine.Option;

/** Model options shared by {@code report} and {@code train}. */
public final class TrainingOptions {

    @Option(names = "--k", paramLabel = "K", description = "Use exactly K clusters instead of the rule.")
    Integer k;

    @Option(names = "--k-min", defaultValue = "2", description = "Smallest k searched (default: ${DEFAULT-VALUE}).")
    int kMin;

    @Option(names = "--k-max", defaultValue = "10", description = "Largest k searched (default: ${DEFAULT-VALUE}).")
    int kMax;

    @Option(names = "--min-silhouette", defaultValue = "" + QualityGates.DEFAULT_MIN_SILHOUETTE,
            description = "Quality gate: minimum mean silhouette (default: ${DEFAULT-VALUE}).")
    double minSilhouette;

    @Option(names = "--min-share", defaultValue = "" + QualityGates.DEFAULT_MIN_SHARE,
            description = "Quality gate and k rule: minimum share of customers in every cluster (default: ${DEFAULT-VALUE}).")
    double minShare;

    @Option(names = "--seed", defaultValue = "42", description = "Random seed of K-means and the silhouette sample (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--restarts", defaultValue = "10", description = "K-means runs per k, best inertia kept (default: ${DEFAULT-VALUE}).")
    int restarts;

    @Option(names = "--silhouette-sample", defaultValue = "5000",
            description = "Silhouette on at most this many sampled customers; 0 = all (default: ${DEFAULT-VALUE}).")
    int silhouetteSample;

    @Option(names = "--missing", defaultValue = "IMPUTE_MEDIAN",
            description = "Missing values: IMPUTE_MEDIAN or DROP_ROWS (default: ${DEFAULT-VALUE}).")
    MissingValues missing;

    @Option(names = "--labels", paramLabel = "ID=LABEL,...", description = "Override segment labels, e.g. 0=VIP,3=Dormant.")
    String labels;

    /** Applies these options over a preset's defaults. */
    TrainerOptions apply(TrainerOptions base) {
        return new TrainerOptions(base.modelName(), base.rfm(), kMin, kMax, k, minSilhouette, minShare, seed,
                silhouetteSample, restarts, missing, base.transforms(), base.autoTransform(), Trainer.parseLabels(labels));
    }
}
