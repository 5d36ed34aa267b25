package io.segmenter.cli;

import io.segmenter.trainer.config.TrainerConfig;
import io.segmenter.trainer.model.Encoding;
import io.segmenter.trainer.model.MissingValues;
import io.segmenter.trainer.model.QualityGates;
import io.segmenter.trainer.model.Trainer;
import io.segmenter.trainer.model.TrainerOptions;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * Model options shared by {@code report} and {@code train}. No picocli defaults: an option not given
 * leaves the preset's value (report) or the trainer config's (train: file, environment, default).
 */
public final class TrainingOptions {

    @Option(names = "--k", paramLabel = "K", description = "Use exactly K clusters instead of the rule.")
    Integer k;

    @Option(names = "--k-min", paramLabel = "N", description = "Smallest k searched (default: 2).")
    Integer kMin;

    @Option(names = "--k-max", paramLabel = "N", description = "Largest k searched (default: 10).")
    Integer kMax;

    @Option(names = "--min-silhouette", paramLabel = "S",
            description = "Quality gate: minimum mean silhouette (default: " + QualityGates.DEFAULT_MIN_SILHOUETTE + ").")
    Double minSilhouette;

    @Option(names = "--min-share", paramLabel = "SHARE",
            description = "Quality gate and k rule: minimum share of customers in every cluster (default: " + QualityGates.DEFAULT_MIN_SHARE + ").")
    Double minShare;

    @Option(names = "--seed", paramLabel = "N", description = "Random seed of K-means and the silhouette sample (default: 42).")
    Long seed;

    @Option(names = "--restarts", paramLabel = "N", description = "K-means runs per k, best inertia kept (default: 10).")
    Integer restarts;

    @Option(names = "--silhouette-sample", paramLabel = "N",
            description = "Silhouette on at most this many sampled customers; 0 = all (default: 5000).")
    Integer silhouetteSample;

    @Option(names = "--missing", description = "Missing values: IMPUTE_MEDIAN or DROP_ROWS (default: IMPUTE_MEDIAN).")
    MissingValues missing;

    @Option(names = "--labels", paramLabel = "ID=LABEL,...", description = "Override segment labels, e.g. 0=VIP,3=Dormant.")
    String labels;

    @Option(names = "--max-movement", paramLabel = "SHARE",
            description = "Stability gate: refuse a refit that would move more than this share of customers to another segment than the model in use (default: "
                    + TrainerOptions.Stability.DEFAULT_MAX_MOVEMENT + ").")
    Double maxMovement;

    @Option(names = "--force", description = "Publish even when the stability gate refuses the model.")
    Boolean force;

    @Option(names = "--features", paramLabel = "A,B,...",
            description = "The features, in this order: columns of a customer-level file (default: all), or for train recency_days, frequency, "
                    + "monetary and the profiles' attributes (default: the rfm model's three; others need --model-name).")
    String features;

    @Option(names = "--ordinal", paramLabel = "NAME=LOW<...<HIGH",
            description = "An ordinal feature and its levels in ascending order, e.g. 'Spending_Score=Low<Average<High' (repeatable); "
                    + "other text features are one-hot encoded.")
    List<String> ordinals;

    @Option(names = "--max-categories", paramLabel = "N",
            description = "One-hot: the N most frequent values keep their own dimension, the rest share (other) (default: "
                    + Encoding.DEFAULT_MAX_CATEGORIES + ").")
    Integer maxCategories;

    @Option(names = "--missing-category", paramLabel = "own|mode",
            description = "One-hot: a missing value is its own category (missing) (own), or the most frequent value (mode) (default: own).")
    String missingCategory;

    @Option(names = "--category-weight", paramLabel = "W",
            description = "One-hot: customers differing in one categorical feature are W^2 apart, one numeric std at W = 1 (default: "
                    + Encoding.DEFAULT_CATEGORY_WEIGHT + ").")
    Double categoryWeight;

    /** The encoding options given over {@code base}'s. */
    Encoding encoding(Encoding base) {
        return new Encoding(features != null ? Encoding.parseFeatures(features) : base.features(),
                ordinals != null ? Encoding.parseOrdinals(ordinals) : base.ordinals(), or(maxCategories, base.maxCategories()),
                missingCategory != null ? missingCategory(missingCategory) : base.missingCategory(), or(categoryWeight, base.categoryWeight()));
    }

    private static Encoding.MissingCategory missingCategory(String value) {
        try {
            return Encoding.MissingCategory.valueOf(value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--missing-category " + value + ": use own or mode");
        }
    }

    /** Applies the options given over a preset's values. */
    TrainerOptions apply(TrainerOptions base) {
        return new TrainerOptions(base.modelName(), base.rfm(), or(kMin, base.kMin()), or(kMax, base.kMax()), k != null ? k : base.fixedK(),
                or(minSilhouette, base.minSilhouette()), or(minShare, base.minShare()), or(seed, base.seed()),
                or(silhouetteSample, base.silhouetteSample()), or(restarts, base.restarts()), or(missing, base.missing()),
                base.transforms(), base.autoTransform(), labels != null ? Trainer.parseLabels(labels) : base.labelOverrides(),
                new TrainerOptions.Stability(or(maxMovement, base.stability().maxMovement()), or(force, base.stability().force())),
                encoding(base.encoding()));
    }

    /** The options given, as trainer config keys. */
    void putInto(Map<String, String> config) {
        put(config, TrainerConfig.K, k);
        put(config, TrainerConfig.K_MIN, kMin);
        put(config, TrainerConfig.K_MAX, kMax);
        put(config, TrainerConfig.MIN_SILHOUETTE, minSilhouette);
        put(config, TrainerConfig.MIN_SHARE, minShare);
        put(config, TrainerConfig.SEED, seed);
        put(config, TrainerConfig.RESTARTS, restarts);
        put(config, TrainerConfig.SILHOUETTE_SAMPLE, silhouetteSample);
        put(config, TrainerConfig.MISSING, missing);
        put(config, TrainerConfig.LABELS, labels);
        put(config, TrainerConfig.MAX_MOVEMENT, maxMovement);
        put(config, TrainerConfig.FORCE, force);
        put(config, TrainerConfig.FEATURES, features);
        if (ordinals != null) {
            Encoding.parseOrdinals(ordinals); // fails early, naming the flag's syntax
            config.put(TrainerConfig.ORDINALS, String.join(",", ordinals));
        }
        put(config, TrainerConfig.MAX_CATEGORIES, maxCategories);
        put(config, TrainerConfig.MISSING_CATEGORY, missingCategory);
        put(config, TrainerConfig.CATEGORY_WEIGHT, categoryWeight);
    }

    private static void put(Map<String, String> config, String key, Object value) {
        if (value != null) {
            config.put(key, value.toString());
        }
    }

    private static <T> T or(T value, T fallback) {
        return value != null ? value : fallback;
    }
}
