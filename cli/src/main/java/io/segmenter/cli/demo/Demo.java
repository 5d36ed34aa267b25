package io.segmenter.cli.demo;

import io.segmenter.app.SegmenterApp;
import io.segmenter.app.config.SegmenterConfig;
import io.segmenter.app.state.StoreNames;
import io.segmenter.app.TopicCreator;
import io.segmenter.avro.CustomerProfile;
import io.segmenter.avro.SegmentModel;
import io.segmenter.broker.EmbeddedKafkaBroker;
import io.segmenter.cli.replay.AttributesCsv;
import io.segmenter.cli.replay.AttributesReplayer;
import io.segmenter.cli.replay.CsvReplayer;
import io.segmenter.cli.replay.Pacing;
import io.segmenter.cli.replay.ProgressBar;
import io.segmenter.cli.replay.ReplayResult;
import io.segmenter.trainer.data.SnapshotSettings;
import io.segmenter.trainer.job.TrainingRun;
import io.segmenter.trainer.kafka.ModelPublisher;
import io.segmenter.trainer.kafka.ProfileSnapshotReader;
import io.segmenter.trainer.kafka.SnapshotProgress;
import io.segmenter.trainer.model.Encoding;
import io.segmenter.trainer.model.Trainer;
import io.segmenter.trainer.model.TrainerOptions;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo's orchestration, phase by phase: an embedded broker in a temporary directory, the app's
 * topics, streams-app with the stream clock and exactly-once, a replay of a transaction file, the wait
 * until the app has committed every input record, a training run on a snapshot of customer-profiles
 * published to segment-models, the wait until the app has re-scored every scorable customer with it, and
 * a summary read from the app. {@link #close()} (also from a shutdown hook) stops everything and removes
 * the temporary directory. Each phase is a public method so tests can run just the ones they need.
 */
public final class Demo implements AutoCloseable {

    public static final String APPLICATION_ID = "segmenter-demo";
    static final int PHASES = 8;
    /** The second model of a demo with an attributes file: every column of the bundled demographic file. */
    public static final String ATTRIBUTES_MODEL = "demographic";
    /** The demographic file's ordinal column and its levels; the other text columns are one-hot. */
    static final Map<String, List<String>> ORDINALS = Map.of("Spending_Score", List.of("Low", "Average", "High"));

    /**
     * The attributes model's options: every column of the attributes file, Spending_Score ordinal when there,
     * one-hot columns at weight 0.5 (docs/trainer.md: at 1 the nominal columns dominate the demographic file and
     * the silhouette stays under the gate).
     */
    static TrainerOptions attributesModelOptions(List<String> columns) {
        Map<String, List<String>> ordinals = new HashMap<>(ORDINALS);
        ordinals.keySet().retainAll(columns);
        return TrainerOptions.customerLevelDefaults(ATTRIBUTES_MODEL)
                .withEncoding(Encoding.DEFAULT.withFeatures(columns).withOrdinals(ordinals).withWeight(0.5));
    }

    private static final Logger LOG = LoggerFactory.getLogger(Demo.class);
    private static final Duration CATCH_UP_TIMEOUT = Duration.ofMinutes(10);
    private static final Duration RESCORE_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration READ_TIMEOUT = Duration.ofMinutes(2);

    private final DemoSettings settings;
    private final PrintStream out;
    private final Phases phases;
    private final Path workDir;
    private final CsvReplayer[] replayer = new CsvReplayer[1];
    private final ScheduledExecutorService retraining = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("demo-retrain").daemon().factory());
    private volatile EmbeddedKafkaBroker broker;
    private volatile SegmenterApp app;
    private SegmenterConfig config;
    private AppStores stores;
    private ReplayResult replay;
    private ModelPublisher publisher;
    private List<String> lastRejections = List.of();
    private TrainingRun.Run attributesRun;
    private List<String> attributeColumns = List.of();
    private volatile boolean closed;

    public Demo(DemoSettings settings, PrintStream out) throws IOException {
        this.settings = settings;
        this.out = out;
        this.phases = new Phases(out, PHASES);
        this.workDir = Files.createTempDirectory("segmenter-demo-");
    }

    /** Runs every phase and returns the summary (printed too). */
    public DemoSummary runAll() throws IOException, InterruptedException, TimeoutException {
        startBroker();
        createTopics();
        startApp();
        replay();
        awaitCaughtUp();
        TrainingRun.Run run = train();
        if (run.published()) {
            awaitRescored(run.result().model().getVersion());
        } else {
            phases.end("re-score", "skipped: no model passed the gates");
        }
        phases.begin();
        DemoSummary summary = summarize();
        phases.end("summary", "read from the app's stores, counters and dead-letter topic");
        out.print(summary.render());
        out.flush();
        return summary;
    }

    public void startBroker() {
        phases.begin();
        broker = EmbeddedKafkaBroker.start(settings.kafkaPort(), workDir.resolve("kafka"));
        phases.end("broker", "Kafka (KRaft) at " + broker.bootstrapServers() + ", data in " + workDir);
    }

    public void createTopics() throws InterruptedException {
        phases.begin();
        config = appConfig();
        try (Admin admin = admin()) {
            new TopicCreator(admin, config).ensureTopics();
        }
        phases.end("topics", String.join(", ", topicNames()) + " (" + config.getInt(SegmenterConfig.TOPIC_PARTITIONS) + " partitions)");
    }

    public void startApp() throws IOException, InterruptedException, TimeoutException {
        phases.begin();
        app = new SegmenterApp(config);
        app.start();
        stores = new AppStores(app.streams(), app.models());
        Poll.until("Kafka Streams to reach RUNNING", Duration.ofMinutes(2), () -> {
            KafkaStreams.State s = app.streams().state();
            if (s == KafkaStreams.State.ERROR || s == KafkaStreams.State.NOT_RUNNING) {
                throw new IllegalStateException("the app stopped while starting: " + s);
            }
            return s == KafkaStreams.State.RUNNING;
        });
        phases.end("streams-app", "RUNNING (exactly_once_v2, stream clock), HTTP on port " + app.http().port());
    }

    public ReplayResult replay() throws IOException {
        phases.begin();
        String attributesLine = settings.attributesCsv() == null ? "" : "; " + replayAttributes();
        Map<String, Object> producer = new HashMap<>();
        producer.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        CsvReplayer r = new CsvReplayer(producer, Map.of());
        synchronized (replayer) {
            if (closed) {
                r.stop();
            }
            replayer[0] = r;
        }
        ProgressBar bar = settings.progressBar() ? ProgressBar.onStderr() : new ProgressBar(new PrintStream(PrintStream.nullOutputStream()), false);
        replay = r.replay(settings.csv(), settings.mapping(), config.getString(SegmenterConfig.TOPIC_TRANSACTIONS), Pacing.unlimited(), bar);
        bar.finish();
        if (replay.stopped() || replay.failed() > 0) {
            throw new IllegalStateException("replay did not finish: " + replay.summary());
        }
        phases.end("replay", String.format(Locale.ROOT, "%,d transactions sent from %,d rows of %s",
                replay.acknowledged(), replay.read().rows(), settings.csv().getFileName())
                + replay.read().notes().stream().map(n -> "; " + n).collect(java.util.stream.Collectors.joining()) + attributesLine);
        return replay;
    }

    /** Sends the attributes file to customer-attributes; the phase line's part about it. */
    private String replayAttributes() throws IOException {
        AttributesCsv.Layout layout = AttributesCsv.scan(settings.attributesCsv(), null, List.of(), java.util.Set.of(), AttributesCsv.Limits.of(config));
        if (layout.beyond() != null) {
            throw new IllegalStateException(settings.attributesCsv().getFileName() + ": " + layout.beyond() + " (--no-attributes runs without the file)");
        }
        attributeColumns = new ArrayList<>(layout.numericNames());
        attributeColumns.addAll(layout.categoricalNames());
        AttributesReplayer.Sent sent = new AttributesReplayer(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()), Map.of())
                .send(layout, java.time.Instant.now(), config.getString(SegmenterConfig.TOPIC_ATTRIBUTES), progress -> { });
        if (sent.failed() > 0) {
            throw new IllegalStateException("attributes replay failed: " + sent.firstFailure());
        }
        return String.format(Locale.ROOT, "%,d attribute records for %,d customers of %s", sent.acknowledged(), layout.customers(),
                settings.attributesCsv().getFileName());
    }

    /** Waits until the app's consumer group has committed the end of its input topics (see {@link CatchUp}). */
    public void awaitCaughtUp() throws InterruptedException, TimeoutException {
        phases.begin();
        try (Admin admin = admin()) {
            catchUp(admin).await(CATCH_UP_TIMEOUT);
        }
        Map<String, Long> outcomes = outcomes();
        phases.end("catch-up", String.format(Locale.ROOT, "lag 0: %,d applied, %,d duplicates, %,d rejected",
                outcomes.getOrDefault("applied", 0L), outcomes.getOrDefault("duplicate", 0L), outcomes.getOrDefault("rejected", 0L)));
    }

    /** The app's progress on its source topics: the input and the repartition topic (see {@link CatchUp}). */
    CatchUp catchUp(Admin admin) {
        return new CatchUp(admin, APPLICATION_ID, List.of(config.getString(SegmenterConfig.TOPIC_TRANSACTIONS),
                APPLICATION_ID + "-" + StoreNames.REPARTITION_BY_CUSTOMER + "-repartition", config.getString(SegmenterConfig.TOPIC_ATTRIBUTES),
                APPLICATION_ID + "-" + StoreNames.REPARTITION_ATTRIBUTES + "-repartition"), outputTopics());
    }

    /** What the app writes for readers: profiles, every model's segments, dead letters. */
    private List<String> outputTopics() {
        List<String> out = new ArrayList<>(List.of(config.getString(SegmenterConfig.TOPIC_PROFILES), config.getString(SegmenterConfig.TOPIC_DLQ)));
        config.scoringModels().forEach(m -> out.add(config.segmentsTopic(m)));
        return out;
    }

    Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()));
    }

    /**
     * One training run on a snapshot of customer-profiles; publishes the model when it passes the gates. With
     * an attributes file, a second run fits the attributes model on the same snapshot's attributes.
     */
    public TrainingRun.Run train() {
        phases.begin();
        TrainingRun.Run run = trainingJob().runOnce();
        lastRejections = run.result().rejections();
        String line = run.published() ? "model " + describe(run.result().model())
                : "not published: " + String.join("; ", run.result().rejections());
        if (settings.attributesCsv() != null) {
            attributesRun = trainingJob(null, attributesModelOptions(attributeColumns)).runOnce();
            line += attributesRun.published() ? "; model " + describe(attributesRun.result().model())
                    : "; " + ATTRIBUTES_MODEL + " not published: " + String.join("; ", attributesRun.result().rejections());
        }
        phases.end("train", line);
        return run;
    }

    private static String describe(SegmentModel m) {
        return String.format(Locale.ROOT, "%s v%d published: k = %d, silhouette %.3f, %,d customers",
                m.getName(), m.getVersion(), m.getQuality().getK(), m.getQuality().getSilhouette(), m.getSnapshotSize());
    }

    /** Waits until the app uses model {@code version} and every scorable customer's assignment comes from it. */
    public AppStores.Census awaitRescored(long version) throws InterruptedException, TimeoutException {
        phases.begin();
        AppStores.Census[] last = new AppStores.Census[1];
        Poll.until("the app to re-score every customer with model version " + version, RESCORE_TIMEOUT, () -> {
            if (stores.model(modelName()).map(SegmentModel::getVersion).orElse(-1L) != version) {
                return false;
            }
            last[0] = stores.census(version).orElse(null);
            return last[0] != null && last[0].scoredByModel() == last[0].scorable();
        });
        String line = String.format(Locale.ROOT, "%,d of %,d scorable customers assigned by model v%d",
                last[0].scoredByModel(), last[0].scorable(), version);
        if (attributesRun != null && attributesRun.published()) {
            SegmentModel m = attributesRun.result().model();
            long[] scored = new long[1];
            Poll.until("the app to score every customer with model " + m.getName(), RESCORE_TIMEOUT,
                    () -> (scored[0] = stores.scored(m.getName(), m.getVersion()).orElse(-1L)) == m.getSnapshotSize());
            line += String.format(Locale.ROOT, "; %,d by %s v%d", scored[0], m.getName(), m.getVersion());
        }
        phases.end("re-score", line);
        return last[0];
    }

    /** Reads the summary from the app: its model store, customer state store, counters and dead-letter topic. */
    public DemoSummary summarize() throws InterruptedException, TimeoutException {
        SegmentModel model = stores.model(modelName()).orElse(null);
        long version = model == null ? -1 : model.getVersion();
        AppStores.Census[] census = new AppStores.Census[1];
        Poll.until("the app's stores to be queryable", READ_TIMEOUT, () -> (census[0] = stores.census(version).orElse(null)) != null);
        Map<String, Long> dlq = DeadLetterCounts.read(broker.bootstrapServers(), config.getString(SegmenterConfig.TOPIC_DLQ), READ_TIMEOUT);
        app.refreshSegmentCounts(); // also measures drift against the model's training snapshot
        Map<String, Double> drift = model == null ? Map.of()
                : app.models().drift().latest(model.getName(), model.getVersion()).map(d -> d.psi()).orElse(Map.of());
        // the next model's expected movement: a refit on the profiles now, scored against the model in use, not published
        SegmentModel refit = model == null ? null : trainingJob(m -> { }).runOnce().result().model();
        io.segmenter.avro.ExpectedMovement next = refit == null ? null : refit.getExpectedMovement();
        SegmentModel attributesModel = stores.model(ATTRIBUTES_MODEL).orElse(null);
        Map<Integer, Long> attributesSizes = attributesModel == null ? Map.of() : stores.sizes(ATTRIBUTES_MODEL).orElse(Map.of());
        return new DemoSummary(settings.csv().getFileName().toString(), replay, outcomes(), model, census[0], dlq,
                settings.mapping().currency(), Endpoints.answering(app.http().port()), broker.bootstrapServers(),
                model == null ? lastRejections : List.of(), drift, next, attributesModel, attributesSizes);
    }

    /** Trains again every {@code period} (then waits for the re-score) until closed; prints one line per run. */
    public void retrainEvery(Duration period) {
        retraining.scheduleWithFixedDelay(() -> {
            if (closed) {
                return;
            }
            try {
                long began = System.nanoTime();
                TrainingRun.Run run = trainingJob().runOnce();
                if (!run.published()) {
                    out.println("retrain: not published: " + String.join("; ", run.result().rejections()));
                    return;
                }
                SegmentModel m = run.result().model();
                awaitQuietly(m.getVersion());
                if (closed) {
                    return;
                }
                out.printf(Locale.ROOT, "retrain: model %s v%d (k = %d, silhouette %.3f, %,d customers) published and applied in %.1f s%n",
                        m.getName(), m.getVersion(), m.getQuality().getK(), m.getQuality().getSilhouette(), m.getSnapshotSize(),
                        (System.nanoTime() - began) / 1e9);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException | TimeoutException e) {
                if (!closed) {
                    out.println("retrain: failed, trying again at the next period: " + e.getMessage());
                }
            }
        }, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void awaitQuietly(long version) throws InterruptedException, TimeoutException {
        Poll.until("re-score with model version " + version, RESCORE_TIMEOUT, () -> closed || stores.model(modelName())
                .map(SegmentModel::getVersion).orElse(-1L) == version
                && stores.census(version).map(c -> c.scoredByModel() == c.scorable()).orElse(false));
    }

    private TrainingRun trainingJob() {
        return trainingJob(null);
    }

    private TrainingRun trainingJob(java.util.function.Consumer<SegmentModel> publish) {
        return trainingJob(publish, TrainerOptions.rfmDefaults());
    }

    /** @param publish what to do with a model that passes the gates; null: publish it */
    private synchronized TrainingRun trainingJob(java.util.function.Consumer<SegmentModel> publish, TrainerOptions options) {
        Map<String, Object> client = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        if (publisher == null) {
            publisher = new ModelPublisher(client, config.getString(SegmenterConfig.TOPIC_MODELS));
        }
        ModelPublisher models = publisher;
        String profilesTopic = config.getString(SegmenterConfig.TOPIC_PROFILES);
        ProfileSnapshotReader reader = new ProfileSnapshotReader(client, READ_TIMEOUT);
        return new TrainingRun(
                () -> new ArrayList<CustomerProfile>(reader.read(profilesTopic, SnapshotProgress.NONE).profiles().values()),
                name -> models.latest(name).orElse(null), // segment ids are matched to the last published model's
                publish == null ? models::publish : publish, options,
                // the attributes model is published under its own name, not the one the profiles carry (the app's primary)
                options.modelName().equals(SegmenterConfig.DEFAULT_MODEL_NAME) ? SnapshotSettings.Fallback.NONE
                        : new SnapshotSettings.Fallback(null, null, options.modelName()),
                Clock.systemUTC(),
                new Trainer(Clock.systemUTC(), progress -> { }));
    }

    /** The app's input records by outcome, summed over reasons: its exactly-once counts, not the per-attempt counters. */
    public Map<String, Long> outcomes() {
        return app.outcomes().byOutcome();
    }

    public String bootstrapServers() {
        return broker.bootstrapServers();
    }

    public SegmenterApp app() {
        return app;
    }

    public SegmenterConfig config() {
        return config;
    }

    private String modelName() {
        return config.getString(SegmenterConfig.MODEL_NAME);
    }

    private List<String> topicNames() {
        return Stream.of(SegmenterConfig.TOPIC_TRANSACTIONS, SegmenterConfig.TOPIC_DLQ, SegmenterConfig.TOPIC_PROFILES,
                SegmenterConfig.TOPIC_SEGMENTS, SegmenterConfig.TOPIC_MODELS, SegmenterConfig.TOPIC_ERASURES, SegmenterConfig.TOPIC_ATTRIBUTES)
                .map(config::getString).toList();
    }

    private SegmenterConfig appConfig() {
        Map<String, String> p = new HashMap<>();
        p.put(SegmenterConfig.BOOTSTRAP_SERVERS, broker.bootstrapServers());
        p.put(SegmenterConfig.APPLICATION_ID, APPLICATION_ID);
        p.put(SegmenterConfig.CLOCK, SegmenterConfig.CLOCK_STREAM);
        p.put(SegmenterConfig.PROCESSING_GUARANTEE, StreamsConfig.EXACTLY_ONCE_V2);
        p.put(SegmenterConfig.STATE_DIR, workDir.resolve("state").toString());
        p.put(SegmenterConfig.HTTP_PORT, Integer.toString(settings.httpPort()));
        p.put(SegmenterConfig.TOPIC_CREATE, "false"); // the demo's topics phase created them
        if (settings.attributesCsv() != null) {
            p.put(SegmenterConfig.MODELS, SegmenterConfig.DEFAULT_MODEL_NAME + "," + ATTRIBUTES_MODEL);
        }
        // A re-score chunk runs on each tick: a short tick applies a new model within about a second.
        p.put(SegmenterConfig.TICK_INTERVAL_MS, "1000");
        p.put(SegmenterConfig.SEGMENT_COUNT_INTERVAL_MS, "5000");
        return SegmenterConfig.load(null, Map.of(), p);
    }

    /** Stops the replay, the retraining, the app and the broker, then deletes the temporary directory; safe to call twice. */
    @Override
    public void close() {
        synchronized (replayer) {
            if (closed) {
                return;
            }
            closed = true;
            if (replayer[0] != null) {
                replayer[0].stop();
            }
        }
        retraining.shutdown(); // let a running retrain finish its publish: interrupting a producer's close only makes noise
        try {
            if (!retraining.awaitTermination(1, TimeUnit.MINUTES)) {
                retraining.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            if (publisher != null) {
                publisher.close();
            }
        }
        if (app != null) {
            app.close();
        }
        if (broker != null) {
            broker.close();
        }
        deleteRecursively(workDir);
        LOG.info("Demo stopped; {} removed", workDir);
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not remove " + dir, e);
        }
    }

    /** The temporary directory holding the broker's log and the app's state (removed by {@link #close()}). */
    public Path workDir() {
        return workDir;
    }
}
