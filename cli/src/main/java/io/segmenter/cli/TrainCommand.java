package io.segmenter.cli;

import io.segmenter.avro.CustomerProfile;
import io.segmenter.cli.profiles.ProfileSnapshot;
import io.segmenter.trainer.data.ProfileFeatures;
import io.segmenter.trainer.job.TrainingJob;
import io.segmenter.trainer.model.Trainer;
import io.segmenter.trainer.model.TrainerOptions;
import io.segmenter.trainer.report.BatchReport;
import io.segmenter.trainer.report.TextReport;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ./segmenter train}: fits the rfm model on a snapshot of customer-profiles and publishes it when it passes the gates. */
@Command(
        name = "train",
        mixinStandardHelpOptions = true,
        description = {
            "Reads a consistent snapshot of customer-profiles (beginning to the end offsets seen at start), computes",
            "recency_days, frequency, monetary at the snapshot's 'now' (wall clock, or with --clock stream the largest",
            "event time in the snapshot), fits K-means over the k range, applies the quality gates and publishes the",
            "SegmentModel to segment-models with segment ids matched to the previous model. --once (default) or --every."
        },
        sortOptions = false)
public final class TrainCommand implements Callable<Integer> {

    @Option(names = "--bootstrap-server", required = true, paramLabel = "HOST:PORT", description = "Kafka bootstrap servers.")
    String bootstrapServers;

    @Option(names = "--profiles-topic", defaultValue = "customer-profiles", description = "Profiles topic (default: ${DEFAULT-VALUE}).")
    String profilesTopic;

    @Option(names = "--models-topic", defaultValue = "segment-models", description = "Models topic (default: ${DEFAULT-VALUE}).")
    String modelsTopic;

    @Option(names = "--model-name", defaultValue = "rfm", description = "Model name, the record key (default: ${DEFAULT-VALUE}).")
    String modelName;

    @Option(names = "--clock", defaultValue = "wall", description = "WALL or STREAM, as the app's clock setting (default: ${DEFAULT-VALUE}).")
    ProfileFeatures.ClockMode clock;

    @Option(names = "--bucket-days", defaultValue = "7", description = "The app's bucket.days (default: ${DEFAULT-VALUE}).")
    int bucketDays;

    @Option(names = "--once", description = "Train once and exit (the default).")
    boolean once;

    @Option(names = "--every", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Train periodically, e.g. 30m, 6h, 1d or PT6H, until Ctrl-C.")
    Duration every;

    @Option(names = "--snapshot-timeout", defaultValue = "5m", converter = DurationConverter.class,
            description = "Longest wait to reach the end of the profiles topic (default: ${DEFAULT-VALUE}).")
    Duration snapshotTimeout;

    @Option(names = "--schema-registry-url", description = "Confluent-compatible schema registry (default: Avro single-object encoding).")
    String schemaRegistryUrl;

    @Mixin
    TrainingOptions training;

    @Override
    public Integer call() throws Exception {
        if (once && every != null) {
            System.err.println("train: give --once or --every, not both");
            return 2;
        }
        TrainerOptions base = TrainerOptions.rfmDefaults();
        TrainerOptions options = training.apply(new TrainerOptions(modelName, true, base.kMin(), base.kMax(), null,
                base.minSilhouette(), base.minShare(), base.seed(), base.silhouetteSample(), base.restarts(), base.missing(),
                base.transforms(), base.autoTransform(), Map.of()));
        Map<String, Object> consumer = new HashMap<>();
        consumer.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        if (schemaRegistryUrl != null) {
            consumer.put("schema.registry.url", schemaRegistryUrl);
        }
        ModelSink models = ModelSink.kafka(bootstrapServers, modelsTopic);
        Trainer trainer = new Trainer(Clock.systemUTC(), m -> System.err.print("\r" + m + "   "));
        TrainingJob job = new TrainingJob(() -> {
            System.err.println("Reading a snapshot of " + profilesTopic + " ...");
            List<CustomerProfile> profiles = new ArrayList<>(ProfileSnapshot.read(consumer, profilesTopic, snapshotTimeout).values());
            System.err.println(profiles.size() + " profiles read");
            return profiles;
        }, models::previous, models::publish, options, clock, bucketDays, Clock.systemUTC(), trainer);

        if (every == null) {
            return runAndPrint(job) ? 0 : 1;
        }
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown, "train-shutdown"));
        do {
            try {
                runAndPrint(job);
            } catch (RuntimeException e) {
                System.err.println("train: run failed, retrying at the next period: " + e.getMessage());
            }
            System.err.println("Next run in " + every);
        } while (!stop.await(every.toMillis(), TimeUnit.MILLISECONDS));
        return 0;
    }

    private static boolean runAndPrint(TrainingJob job) {
        TrainingJob.Run run = job.runOnce();
        System.err.print("\r" + " ".repeat(70) + "\r");
        Map<String, Object> report = new HashMap<>(BatchReport.of("train", run.result()));
        System.out.print(TextReport.render("customer-profiles", report, run.result()));
        System.out.println(run.published()
                ? "Published version " + run.result().model().getVersion()
                : "Not published.");
        return run.published();
    }

    /** Durations as {@code 30s}, {@code 15m}, {@code 6h}, {@code 1d} or ISO-8601 ({@code PT6H}). */
    static final class DurationConverter implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            String v = value.strip().toLowerCase(Locale.ROOT);
            if (v.startsWith("p")) {
                return Duration.parse(value.strip().toUpperCase(Locale.ROOT));
            }
            long n = Long.parseLong(v.substring(0, v.length() - 1));
            return switch (v.charAt(v.length() - 1)) {
                case 's' -> Duration.ofSeconds(n);
                case 'm' -> Duration.ofMinutes(n);
                case 'h' -> Duration.ofHours(n);
                case 'd' -> Duration.ofDays(n);
                default -> throw new IllegalArgumentException("duration '" + value + "': use 30s, 15m, 6h, 1d or PT6H");
            };
        }
    }
}
