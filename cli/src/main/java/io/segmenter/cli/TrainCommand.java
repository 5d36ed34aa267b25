package io.segmenter.cli;

import io.segmenter.avro.CustomerProfile;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.segmenter.trainer.data.ProfileFeatures;
import io.segmenter.trainer.job.TrainingRun;
import io.segmenter.trainer.kafka.ModelPublisher;
import io.segmenter.trainer.kafka.ProfileSnapshot;
import io.segmenter.trainer.kafka.ProfileSnapshotReader;
import io.segmenter.trainer.kafka.TrainerHttpServer;
import io.segmenter.trainer.kafka.TrainerMetrics;
import io.segmenter.trainer.kafka.TrainingJob;
import io.segmenter.trainer.model.Trainer;
import io.segmenter.trainer.model.TrainerOptions;
import io.segmenter.trainer.model.TrainingResult;
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
import java.net.InetSocketAddress;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.KafkaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ./segmenter train}: fits the rfm model on a snapshot of customer-profiles and publishes it when it passes the gates. */
@Command(
        name = "train",
        header = "Refit K-means on a snapshot of the profiles and publish the model.",
        mixinStandardHelpOptions = true,
        description = {
            "Reads a consistent snapshot of customer-profiles (beginning to the end offsets seen at start), computes recency_days, frequency, monetary at the snapshot's 'now' (wall clock, or with --clock stream the largest event time in the snapshot), fits K-means over the k range, applies the quality gates and publishes the SegmentModel to segment-models with segment ids matched to the previous model. --once (default) or --every."
        },
        sortOptions = false)
public final class TrainCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(TrainCommand.class);

    @Option(names = "--bootstrap-server", required = true, paramLabel = "HOST:PORT", description = "Kafka bootstrap servers.")
    String bootstrapServers;

    @Option(names = "--profiles-topic", defaultValue = "customer-profiles", description = "Profiles topic (default: ${DEFAULT-VALUE}).")
    String profilesTopic;

    @Option(names = "--models-topic", defaultValue = "segment-models", description = "Models topic (default: ${DEFAULT-VALUE}).")
    String modelsTopic;

    @Option(names = "--model-name", defaultValue = "rfm", description = "Model name, the record key (default: ${DEFAULT-VALUE}).")
    String modelName;

    @Option(names = "--clock", defaultValue = "WALL", description = "WALL or STREAM, as the app's clock setting (default: ${DEFAULT-VALUE}).")
    ProfileFeatures.ClockMode clock;

    @Option(names = "--bucket-days", defaultValue = "7", description = "The app's bucket.days (default: ${DEFAULT-VALUE}).")
    int bucketDays;

    @Option(names = "--once", description = "Train once and exit (the default).")
    boolean once;

    @Option(names = "--every", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Train periodically, e.g. 30m, 6h, 1d or PT6H, until Ctrl-C.")
    Duration every;

    @Option(names = "--snapshot-timeout", defaultValue = "5m", converter = DurationConverter.class,
            description = "Fail the snapshot read when it makes no progress for this long (default: ${DEFAULT-VALUE}).")
    Duration snapshotTimeout;

    @Option(names = "--http-port", defaultValue = "8081",
            description = "With --every: port of GET /metrics, POST /train, GET /health/live (default: ${DEFAULT-VALUE}).")
    int httpPort;

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
        Map<String, Object> client = new HashMap<>();
        client.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        if (schemaRegistryUrl != null) {
            client.put("schema.registry.url", schemaRegistryUrl);
        }
        try {
            ModelsTopic.ensure(client, modelsTopic);
        } catch (KafkaException e) {
            System.err.println("train: " + e.getMessage());
            return 1;
        }
        ProfileSnapshotReader reader = new ProfileSnapshotReader(client, snapshotTimeout);
        try (ModelPublisher models = new ModelPublisher(client, modelsTopic)) {
            Trainer trainer = new Trainer(Clock.systemUTC(), m -> System.err.print("\r" + m + "   "));
            TrainingRun run = new TrainingRun(() -> snapshot(reader), name -> models.latest(name).orElse(null),
                    models::publish, options, clock, bucketDays, Clock.systemUTC(), trainer);
            if (every == null) {
                try {
                    return runAndPrint(run) ? 0 : 1;
                } catch (KafkaException | IllegalStateException e) {
                    System.err.println("train: " + e.getMessage());
                    return 1;
                }
            }
            return periodic(run);
        }
    }

    private List<CustomerProfile> snapshot(ProfileSnapshotReader reader) {
        System.err.println("Reading a snapshot of " + profilesTopic + " ...");
        long[] shown = {-1};
        ProfileSnapshot snapshot = reader.read(profilesTopic, (read, total) -> {
            long pct = total == 0 ? 100 : read * 100 / total;
            if (pct != shown[0]) {
                shown[0] = pct;
                System.err.print("\r  " + read + " / " + total + " records (" + pct + " %)   ");
            }
        });
        System.err.println("\r  " + snapshot.profiles().size() + " profiles from " + snapshot.recordsRead() + " records"
                + (snapshot.undecodable() > 0 ? ", " + snapshot.undecodable() + " undecodable skipped" : "") + "          ");
        return new ArrayList<>(snapshot.profiles().values());
    }

    /** Trains now and then every period; serves GET /metrics, POST /train and GET /health/live meanwhile. */
    private int periodic(TrainingRun run) throws Exception {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        TrainerMetrics metrics = new TrainerMetrics(registry);
        TrainingJob job = new TrainingJob(() -> {
            long start = System.nanoTime();
            try {
                TrainingRun.Run r = run.runOnce();
                Duration took = Duration.ofNanos(System.nanoTime() - start);
                TrainingResult t = r.result();
                double silhouette = t.model() == null ? Double.NaN : t.model().getQuality().getSilhouette();
                int k = t.model() == null ? 0 : t.model().getQuality().getK();
                if (r.published()) {
                    metrics.published(took, t.prepared().size(), k, silhouette, t.model().getVersion());
                } else {
                    metrics.gateFailed(took, t.prepared().size(), k, silhouette, t.failedGates());
                }
                print(r);
            } catch (KafkaException | IllegalStateException e) {
                metrics.error(Duration.ofNanos(System.nanoTime() - start));
                LOG.error("Training run failed, next try at the next period or POST /train: {}", e.getMessage());
            } catch (RuntimeException e) {
                metrics.error(Duration.ofNanos(System.nanoTime() - start));
                LOG.error("Training run failed, next try at the next period or POST /train", e);
            }
        });
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown, "train-shutdown"));
        try (TrainerHttpServer server = TrainerHttpServer.start(new InetSocketAddress(httpPort), registry, job)) {
            System.err.println("Trainer HTTP on port " + server.port() + ": GET /metrics, POST /train, GET /health/live");
            do {
                if (!job.runNow()) {
                    LOG.info("A run asked for over HTTP is still in progress; skipping this period's run");
                }
                System.err.println("Next run in " + every);
            } while (!stop.await(every.toMillis(), TimeUnit.MILLISECONDS));
        }
        return 0;
    }

    private static boolean runAndPrint(TrainingRun run) {
        TrainingRun.Run r = run.runOnce();
        print(r);
        return r.published();
    }

    private static void print(TrainingRun.Run r) {
        System.err.print("\r" + " ".repeat(70) + "\r");
        Map<String, Object> report = new HashMap<>(BatchReport.of("train", r.result()));
        System.out.print(TextReport.render("customer-profiles", report, r.result()));
        System.out.println(r.published() ? "Published version " + r.result().model().getVersion() : "Not published.");
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
