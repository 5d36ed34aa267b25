package io.segmenter.cli;

import io.segmenter.trainer.config.TrainerConfig;
import io.segmenter.trainer.job.TrainerRunner;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ./segmenter train}: parses flags into a {@link TrainerConfig} and runs the {@link TrainerRunner}. */
@Command(
        name = "train",
        header = "Refit K-means on a snapshot of the profiles and publish the model.",
        mixinStandardHelpOptions = true,
        description = {
            "Reads a consistent snapshot of customer-profiles (beginning to the end offsets seen at start), computes recency_days, frequency, monetary with the app's own clock, bucket width and horizon (read from the profiles it publishes), fits K-means over the k range, applies the quality gates and publishes the SegmentModel to segment-models, under the name the app scores with, with segment ids matched to the previous model. --once (default) or --every.",
            "Every setting is also a config key (file, -D, or SEGMENTER_* variable: train.every is SEGMENTER_TRAIN_EVERY); see docs/trainer.md."
        },
        sortOptions = false)
public final class TrainCommand implements Callable<Integer> {

    @Mixin
    KafkaOptions kafka = new KafkaOptions();

    @Option(names = "--profiles-topic", paramLabel = "TOPIC", description = "Profiles topic (topic.profiles; default: customer-profiles).")
    String profilesTopic;

    @Mixin
    ModelsTopicOption modelsTopic = new ModelsTopicOption();

    @Option(names = "--model-name", paramLabel = "NAME",
            description = "Publish under this name (model.name; default: the name the app scores with, from its profiles).")
    String modelName;

    @Option(names = "--clock", paramLabel = "wall|stream",
            description = "Only for profiles from before the app published its clock: the app's clock (clock).")
    String clock;

    @Option(names = "--bucket-days", paramLabel = "N",
            description = "Only for profiles from before the app published it: the app's bucket.days (bucket.days).")
    Integer bucketDays;

    @Option(names = "--once", description = "Train once and exit (the default).")
    boolean once;

    @Option(names = "--every", paramLabel = "DURATION", description = "Train periodically, e.g. 30m, 6h, 1d or PT6H, until Ctrl-C (train.every).")
    String every;

    @Option(names = "--on-drift", paramLabel = "PSI",
            description = "With --every: also retrain as soon as a feature's PSI against the model in use passes this, e.g. 0.25 (train.on.drift; checked every train.drift.check.every, 10m; at most once per train.drift.min.interval, 1h).")
    Double onDrift;

    @Option(names = "--snapshot-timeout", paramLabel = "DURATION",
            description = "Fail the snapshot read when it makes no progress for this long (train.snapshot.timeout; default: 5m).")
    String snapshotTimeout;

    @Option(names = "--http-host", paramLabel = "HOST",
            description = "With --every: address of GET /metrics, POST /train, GET /health/live (http.host; default: 127.0.0.1; beyond loopback needs http.auth.token).")
    String httpHost;

    @Option(names = "--http-port", paramLabel = "PORT", description = "With --every: port of that server (http.port; default: 8081).")
    Integer httpPort;

    @Mixin
    TrainingOptions training = new TrainingOptions();

    @Override
    public Integer call() throws Exception {
        Map<String, String> flags = new HashMap<>();
        put(flags, TrainerConfig.TOPIC_PROFILES, profilesTopic);
        put(flags, TrainerConfig.TOPIC_MODELS, modelsTopic.given());
        put(flags, TrainerConfig.MODEL_NAME, modelName);
        put(flags, TrainerConfig.CLOCK, clock);
        put(flags, TrainerConfig.BUCKET_DAYS, bucketDays);
        put(flags, TrainerConfig.EVERY, every);
        put(flags, TrainerConfig.SNAPSHOT_TIMEOUT, snapshotTimeout);
        put(flags, TrainerConfig.ON_DRIFT, onDrift);
        put(flags, TrainerConfig.HTTP_HOST, httpHost);
        put(flags, TrainerConfig.HTTP_PORT, httpPort);
        training.putInto(flags);
        TrainerConfig config = TrainerConfig.load(kafka.commandConfig, System.getenv(), kafka.overrides(flags));
        if (once && config.every().isPresent()) {
            throw new IllegalArgumentException("give --once or --every (train.every), not both");
        }
        TrainerRunner runner = new TrainerRunner(config, System.out, System.err);
        Thread hook = new Thread(runner::stop, "train-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        return runner.run();
    }

    private static void put(Map<String, String> flags, String key, Object value) {
        if (value != null) {
            flags.put(key, value.toString());
        }
    }
}
