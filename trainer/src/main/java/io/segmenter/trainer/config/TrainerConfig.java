package io.segmenter.trainer.config;

import io.segmenter.model.ModelKeys;
import io.segmenter.config.ClientSettings;
import io.segmenter.http.Exposure;
import io.segmenter.trainer.data.ProfileFeatures;
import io.segmenter.trainer.data.ProfileFeatures.ClockMode;
import io.segmenter.trainer.data.SnapshotSettings;
import io.segmenter.trainer.model.Encoding;
import io.segmenter.trainer.model.MissingValues;
import io.segmenter.trainer.model.QualityGates;
import io.segmenter.trainer.model.Trainer;
import io.segmenter.trainer.model.TrainerOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.ValidString;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

/**
 * The trainer service's settings, shaped like the app's: defaults, then a properties file, then
 * {@code SEGMENTER_*} variables, then flags. Keys shared with the app ({@code bootstrap.servers},
 * {@code topic.*}, {@code http.*}, {@code schema.registry.*}) have the same names, so one file or one set of
 * variables configures both. Settings this class does not define are Kafka client settings, passed through.
 * The clock, bucket width, horizon and model name come from the profiles the app publishes
 * ({@link SnapshotSettings}); {@code clock} and {@code bucket.days} here only fill in for older profiles.
 */
public final class TrainerConfig extends AbstractConfig {

    public static final String BOOTSTRAP_SERVERS = "bootstrap.servers";
    public static final String TOPIC_PROFILES = "topic.profiles";
    public static final String TOPIC_MODELS = "topic.models";
    public static final String MODEL_NAME = "model.name";
    public static final String CLOCK = "clock";
    public static final String BUCKET_DAYS = "bucket.days";
    public static final String EVERY = "train.every";
    public static final String SNAPSHOT_TIMEOUT = "train.snapshot.timeout";
    public static final String RETRY_AFTER = "train.retry.after";
    public static final String ON_DRIFT = "train.on.drift";
    public static final String DRIFT_CHECK_EVERY = "train.drift.check.every";
    public static final String DRIFT_MIN_INTERVAL = "train.drift.min.interval";
    public static final String HTTP_HOST = "http.host";
    public static final String HTTP_PORT = "http.port";
    public static final String HTTP_AUTH_TOKEN = "http.auth.token";
    public static final String K = "train.k";
    public static final String K_MIN = "train.k.min";
    public static final String K_MAX = "train.k.max";
    public static final String MIN_SILHOUETTE = "train.min.silhouette";
    public static final String MIN_SHARE = "train.min.share";
    public static final String SEED = "train.seed";
    public static final String RESTARTS = "train.restarts";
    public static final String SILHOUETTE_SAMPLE = "train.silhouette.sample";
    public static final String MISSING = "train.missing";
    public static final String LABELS = "train.labels";
    public static final String MAX_MOVEMENT = "train.max.movement";
    public static final String FORCE = "train.force";
    public static final String FEATURES = "train.features";
    public static final String ORDINALS = "train.ordinals";
    public static final String MAX_CATEGORIES = "train.max.categories";
    public static final String MISSING_CATEGORY = "train.missing.category";
    public static final String CATEGORY_WEIGHT = "train.category.weight";

    private static final ConfigDef DEFINITION = new ConfigDef()
            .define(BOOTSTRAP_SERVERS, Type.STRING, null, Importance.HIGH, "Kafka brokers to connect to.")
            .define(TOPIC_PROFILES, Type.STRING, "customer-profiles", Importance.MEDIUM, "Compacted topic of profiles the app publishes.")
            .define(TOPIC_MODELS, Type.STRING, "segment-models", Importance.MEDIUM, "Compacted topic the models are published to.")
            .define(MODEL_NAME, Type.STRING, null, (name, value) -> {
                if (value != null && !ModelKeys.NAME.matcher(value.toString()).matches()) {
                    throw new org.apache.kafka.common.config.ConfigException(name, value, ModelKeys.NAME_RULE);
                }
            }, Importance.MEDIUM,
                    "Publish under this model name; default: the name the app scores with (modelName of its profiles), else rfm.")
            .define(CLOCK, Type.STRING, null, ValidString.in("wall", "stream", "WALL", "STREAM", null), Importance.LOW,
                    "Only for profiles written before the app published its clock: wall or stream, as the app's clock.")
            .define(BUCKET_DAYS, Type.INT, null, Importance.LOW,
                    "Only for profiles written before the app published its bucket width: the app's bucket.days.")
            .define(EVERY, Type.STRING, null, Importance.HIGH,
                    "Train periodically (30m, 6h, 1d or PT6H) and serve HTTP; unset: train once and exit.")
            .define(SNAPSHOT_TIMEOUT, Type.STRING, "5m", Importance.LOW, "Fail a snapshot read that makes no progress for this long.")
            .define(ON_DRIFT, Type.DOUBLE, null, Importance.MEDIUM,
                    "Periodic mode: also retrain as soon as a feature's PSI against the model in use passes this (e.g. 0.25); unset: on the schedule only.")
            .define(DRIFT_CHECK_EVERY, Type.STRING, "10m", Importance.LOW, "How often the drift check reads the profiles (with train.on.drift).")
            .define(DRIFT_MIN_INTERVAL, Type.STRING, "1h", Importance.LOW, "At most one drift-triggered run per this interval since the last run.")
            .define(RETRY_AFTER, Type.STRING, "5m", Importance.LOW,
                    "Periodic mode: after a run that published nothing (no profiles yet, gates failed, cluster error), try again this soon instead of a whole period later (never later than train.every).")
            .define(HTTP_HOST, Type.STRING, "127.0.0.1", Importance.MEDIUM,
                    "Address the periodic trainer's HTTP server (GET /metrics, POST /train, GET /health/live) binds to.")
            .define(HTTP_PORT, Type.INT, 8081, ConfigDef.Range.between(0, 65_535), Importance.MEDIUM, "Port of that server; 0 picks a free port.")
            .define(HTTP_AUTH_TOKEN, Type.PASSWORD, null, Importance.MEDIUM,
                    "When set, POST /train requires 'Authorization: Bearer <token>'. Required when http.host is not a loopback address.")
            .define(K, Type.INT, null, Importance.LOW, "Use exactly this many clusters instead of the k rule.")
            .define(K_MIN, Type.INT, 2, ConfigDef.Range.atLeast(2), Importance.LOW, "Smallest k searched.")
            .define(K_MAX, Type.INT, 10, ConfigDef.Range.between(2, 50), Importance.LOW, "Largest k searched.")
            .define(MIN_SILHOUETTE, Type.DOUBLE, QualityGates.DEFAULT_MIN_SILHOUETTE, Importance.LOW, "Quality gate: minimum mean silhouette.")
            .define(MIN_SHARE, Type.DOUBLE, QualityGates.DEFAULT_MIN_SHARE, Importance.LOW,
                    "Quality gate and k rule: minimum share of customers in every cluster.")
            .define(SEED, Type.LONG, 42L, Importance.LOW, "Random seed of K-means and the silhouette sample.")
            .define(RESTARTS, Type.INT, 10, ConfigDef.Range.between(1, 1000), Importance.LOW, "K-means runs per k, best inertia kept.")
            .define(SILHOUETTE_SAMPLE, Type.INT, 5000, ConfigDef.Range.atLeast(0), Importance.LOW,
                    "Silhouette on at most this many sampled customers; 0 = all.")
            .define(MISSING, Type.STRING, MissingValues.IMPUTE_MEDIAN.name(), Importance.LOW, "Missing values: IMPUTE_MEDIAN or DROP_ROWS.")
            .define(LABELS, Type.STRING, null, Importance.LOW, "Override segment labels, e.g. 0=VIP,3=Dormant.")
            .define(MAX_MOVEMENT, Type.DOUBLE, TrainerOptions.Stability.DEFAULT_MAX_MOVEMENT, ConfigDef.Range.between(0, 1), Importance.MEDIUM,
                    "Stability gate: refuse a refit that would move more than this share of the snapshot's customers to another segment than the model in use gives them.")
            .define(FORCE, Type.BOOLEAN, false, Importance.LOW, "Publish even when the stability gate refuses the model.")
            .define(FEATURES, Type.STRING, null, Importance.MEDIUM,
                    "Features of the model, in order, e.g. recency_days,frequency,monetary,Age,Gender: the RFM names come from the purchases, "
                            + "others from the profiles' numericAttributes and categoricalAttributes; unset: recency_days,frequency,monetary.")
            .define(ORDINALS, Type.LIST, "", Importance.LOW,
                    "Ordinal attributes and their levels in ascending order, e.g. Spending_Score=Low<Average<High (a list: separate several with commas).")
            .define(MAX_CATEGORIES, Type.INT, Encoding.DEFAULT_MAX_CATEGORIES, ConfigDef.Range.between(1, Encoding.MAX_CATEGORIES), Importance.LOW,
                    "One-hot: the most frequent values of a categorical feature that keep their own dimension; the rest share (other).")
            .define(MISSING_CATEGORY, Type.STRING, "own", ValidString.in("own", "mode", "OWN", "MODE"), Importance.LOW,
                    "One-hot: a missing categorical value is its own category (missing) (own) or the most frequent value (mode).")
            .define(CATEGORY_WEIGHT, Type.DOUBLE, Encoding.DEFAULT_CATEGORY_WEIGHT, Importance.LOW,
                    "One-hot: W; two customers differing in one categorical feature are W^2 apart, as one std of a numeric feature is at W = 1.");

    public TrainerConfig(Map<?, ?> originals) {
        super(DEFINITION, ClientSettings.requireBootstrap(originals), false);
        every(); // validates
        snapshotTimeout();
        retryAfter();
        duration(DRIFT_CHECK_EVERY, getString(DRIFT_CHECK_EVERY));
        duration(DRIFT_MIN_INTERVAL, getString(DRIFT_MIN_INTERVAL));
        options();
        Password token = getPassword(HTTP_AUTH_TOKEN);
        String exposed = every().isEmpty() ? null
                : Exposure.problem(getString(HTTP_HOST), token == null ? null : token.value(), HTTP_AUTH_TOKEN, ClientSettings.envName(HTTP_AUTH_TOKEN));
        if (exposed != null) {
            throw new ConfigException(exposed);
        }
    }

    /** Defaults, then {@code file} (may be null), then the environment's {@code SEGMENTER_*}, then {@code overrides}. */
    public static TrainerConfig load(Path file, Map<String, String> env, Map<String, String> overrides) {
        return new TrainerConfig(ClientSettings.load(file, env, envKeys(), overrides));
    }

    /** This class's keys and every Kafka client and registry setting. */
    public static Set<String> envKeys() {
        Set<String> keys = new TreeSet<>(DEFINITION.names());
        keys.addAll(ClientSettings.clientKeys());
        return keys;
    }

    public static ConfigDef definition() {
        return DEFINITION;
    }

    /** The period of periodic training; empty: train once. */
    public java.util.Optional<Duration> every() {
        return java.util.Optional.ofNullable(getString(EVERY)).map(v -> duration(EVERY, v));
    }

    /** How soon a periodic run that published nothing is tried again: {@code train.retry.after}, at most the period. */
    public Duration retryAfter() {
        Duration retry = duration(RETRY_AFTER, getString(RETRY_AFTER));
        return every().filter(e -> e.compareTo(retry) < 0).orElse(retry);
    }

    /** The PSI above which a drift check starts a run; empty when runs follow the schedule only. */
    public java.util.Optional<Double> onDrift() {
        return java.util.Optional.ofNullable(getDouble(ON_DRIFT));
    }

    public Duration driftCheckEvery() {
        return duration(DRIFT_CHECK_EVERY, getString(DRIFT_CHECK_EVERY));
    }

    public Duration driftMinInterval() {
        return duration(DRIFT_MIN_INTERVAL, getString(DRIFT_MIN_INTERVAL));
    }

    public Duration snapshotTimeout() {
        return duration(SNAPSHOT_TIMEOUT, getString(SNAPSHOT_TIMEOUT));
    }

    /** The hyper-parameters of the rfm model (its name is decided per snapshot, see {@link #fallback()}). */
    public TrainerOptions options() {
        TrainerOptions base = TrainerOptions.rfmDefaults();
        MissingValues missing;
        try {
            missing = MissingValues.valueOf(getString(MISSING).toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(MISSING, getString(MISSING), "use IMPUTE_MEDIAN or DROP_ROWS");
        }
        if (getInt(K_MIN) > getInt(K_MAX)) {
            throw new ConfigException(K_MIN, getInt(K_MIN), "must not exceed " + K_MAX + " (" + getInt(K_MAX) + ")");
        }
        Map<Integer, String> labels;
        try {
            labels = Trainer.parseLabels(getString(LABELS));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(LABELS, getString(LABELS), e.getMessage());
        }
        Encoding encoding = encoding();
        boolean rfm = ProfileFeatures.rfmOnly(encoding.features());
        if (!rfm && getString(MODEL_NAME) == null) {
            throw new ConfigException(FEATURES, getString(FEATURES), "features other than the rfm model's need their own " + MODEL_NAME
                    + " (--model-name): the app's model name is kept for the rfm model");
        }
        return new TrainerOptions(base.modelName(), rfm, getInt(K_MIN), getInt(K_MAX), getInt(K), getDouble(MIN_SILHOUETTE),
                getDouble(MIN_SHARE), getLong(SEED), getInt(SILHOUETTE_SAMPLE), getInt(RESTARTS), missing, base.transforms(),
                base.autoTransform(), labels, new TrainerOptions.Stability(getDouble(MAX_MOVEMENT), getBoolean(FORCE)), encoding);
    }

    /** The features and how categorical and ordinal ones are encoded; no features given: the rfm model's three. */
    public Encoding encoding() {
        try {
            return new Encoding(Encoding.parseFeatures(getString(FEATURES)), Encoding.parseOrdinals(getList(ORDINALS)),
                    getInt(MAX_CATEGORIES), Encoding.MissingCategory.valueOf(getString(MISSING_CATEGORY).toUpperCase(Locale.ROOT)),
                    getDouble(CATEGORY_WEIGHT));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("train.features, train.ordinals, train.max.categories, train.category.weight: " + e.getMessage());
        }
    }

    /** What the trainer says itself where the profiles do not (see {@link SnapshotSettings}). */
    public SnapshotSettings.Fallback fallback() {
        String clock = getString(CLOCK);
        return new SnapshotSettings.Fallback(clock == null ? null : ClockMode.valueOf(clock.toUpperCase(Locale.ROOT)),
                getInt(BUCKET_DAYS), getString(MODEL_NAME));
    }

    /** Kafka client and registry settings: everything this class does not define, plus the bootstrap servers. */
    public Map<String, Object> clientConfig() {
        Map<String, Object> client = new HashMap<>(originals());
        DEFINITION.names().forEach(client::remove);
        client.put(BOOTSTRAP_SERVERS, getString(BOOTSTRAP_SERVERS));
        return client;
    }

    private static Duration duration(String key, String value) {
        try {
            return Durations.parse(value);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(key, value, e.getMessage());
        }
    }
}
