package io.segmenter.app;

import io.segmenter.app.state.StoreNames;
import io.segmenter.app.config.SegmenterConfig;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.segmenter.app.health.Readiness;
import io.segmenter.app.http.HttpService;
import io.segmenter.app.metrics.SegmenterMetrics;
import io.segmenter.app.model.ModelsInUse;
import io.segmenter.app.process.CustomerPartitioning;
import io.segmenter.app.process.UnwritableCustomers;
import io.segmenter.app.query.OutcomeTotals;
import io.segmenter.app.state.CustomerState;
import io.segmenter.app.state.OutcomeCounts;
import io.segmenter.app.validate.TransactionDecoders;
import io.segmenter.avro.SegmentAssignment;
import io.segmenter.avro.SegmentModel;
import io.segmenter.app.model.DriftWatch;
import io.segmenter.app.model.ShadowAgreement;
import io.segmenter.config.ClientSettings;
import io.segmenter.serde.TrustedClasses;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.TaskMetadata;
import org.apache.kafka.streams.ThreadMetadata;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs streams-app: creates missing topics, builds the topology, starts Kafka Streams with a state
 * listener (readiness) and a replace-thread exception handler, serves metrics and health, and closes
 * everything cleanly.
 */
public final class SegmenterApp implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SegmenterApp.class);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);
    /** The producer's default {@code max.request.size}. */
    private static final int DEFAULT_MAX_REQUEST_SIZE = 1024 * 1024;

    private final SegmenterConfig config;
    private final PrometheusMeterRegistry registry;
    private final SegmenterMetrics metrics;
    private final ModelsInUse models;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("segmenter-metrics").daemon().factory());
    private KafkaStreams streams;
    private KafkaStreamsMetrics streamsMetrics;
    private HttpService http;
    private OutcomeTotals outcomes;
    private final UnwritableCustomers unwritable = new UnwritableCustomers();
    private final Readiness readiness;
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

    static {
        TrustedClasses.ensure(); // for applications that embed the app
    }

    public SegmenterApp(SegmenterConfig config) {
        this.config = config;
        this.registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        this.metrics = new SegmenterMetrics(registry);
        this.models = new ModelsInUse(config.scoringModels());
        metrics.modelsExpected(config.scoringModels());
        this.readiness = new Readiness(config.getInt(SegmenterConfig.READINESS_REPLACEMENTS_MAX),
                Duration.ofMillis(config.getLong(SegmenterConfig.READINESS_WINDOW_MS)),
                Duration.ofMillis(config.getLong(SegmenterConfig.READINESS_STUCK_MS)));
    }

    /** Creates topics, starts the streams client and the HTTP server; returns once started (not yet RUNNING). */
    public void start() throws IOException, InterruptedException {
        int partitions;
        try (Admin admin = Admin.create(adminConfig())) {
            TopicCreator topics = new TopicCreator(admin, config);
            if (config.getBoolean(SegmenterConfig.TOPIC_CREATE)) {
                topics.ensureTopics();
            }
            partitions = topics.inputPartitions().orElse(0);
            Object request = config.passThrough().get(ProducerConfig.MAX_REQUEST_SIZE_CONFIG);
            int maxRequest = request == null ? DEFAULT_MAX_REQUEST_SIZE : Integer.parseInt(request.toString());
            Map<String, Integer> limits = new HashMap<>();
            topics.maxMessageBytes(List.of(config.getString(SegmenterConfig.TOPIC_SEGMENTS), config.getString(SegmenterConfig.TOPIC_PROFILES),
                    config.getString(SegmenterConfig.TOPIC_DLQ))).forEach((t, b) -> limits.put(t, Math.min(b, maxRequest)));
            unwritable.limits(limits, maxRequest);
            if (partitions == 0) {
                LOG.warn("Topic {} not found: records on the wrong partition for their customer cannot be detected",
                        config.getString(SegmenterConfig.TOPIC_TRANSACTIONS));
            }
        }
        Topology topology = SegmenterTopology.build(config, metrics, TransactionDecoders.forConfig(config), models,
                new CustomerPartitioning(partitions), unwritable);
        LOG.info("Topology:\n{}", topology.describe());
        Properties props = StreamsSettings.from(config, metrics, unwritable);
        streams = new KafkaStreams(topology, props);
        streams.setStateListener((next, previous) -> {
            LOG.info("Kafka Streams state {} -> {}", previous, next);
            metrics.state(next);
            if (next == KafkaStreams.State.ERROR || next == KafkaStreams.State.NOT_RUNNING) {
                stopped.countDown();
            }
        });
        streams.setUncaughtExceptionHandler(e -> {
            LOG.error("Stream thread died; replacing it", e);
            readiness.threadDied(e, System.currentTimeMillis());
            metrics.threadReplaced();
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        outcomes = new OutcomeTotals(streams);
        metrics.exactOutcomes(OutcomeCounts.KEYS, key -> outcomes.read().getOrDefault(key, 0L));
        streamsMetrics = new KafkaStreamsMetrics(streams);
        streamsMetrics.bindTo(registry);
        metrics.readiness(this::notReady);
        http = HttpService.forApp(config, streams, models, registry::scrape,
                () -> notReady().stream().map(Readiness.Reason::message).toList());
        http.start();
        LOG.info("HTTP server on {}:{}", config.getString(SegmenterConfig.HTTP_HOST), http.port());
        streams.start();
        long every = config.getLong(SegmenterConfig.SEGMENT_COUNT_INTERVAL_MS);
        scheduler.scheduleWithFixedDelay(this::refreshSegmentCounts, every, every, TimeUnit.MILLISECONDS);
        long check = config.getLong(SegmenterConfig.READINESS_CHECK_INTERVAL_MS);
        scheduler.scheduleWithFixedDelay(this::sampleTasks, check, check, TimeUnit.MILLISECONDS);
    }

    private Map<String, Object> adminConfig() {
        Map<String, Object> admin = ClientSettings.adminConfig(config.passThrough());
        admin.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.getString(SegmenterConfig.BOOTSTRAP_SERVERS));
        return admin;
    }

    /** Ready when nothing in {@link #notReady()} holds. */
    public boolean isReady() {
        return notReady().isEmpty();
    }

    /** Why this instance is not ready (empty: ready): state, model, thread deaths, stuck tasks ({@link Readiness}). */
    public List<Readiness.Reason> notReady() {
        KafkaStreams.State state = streams == null ? KafkaStreams.State.CREATED : streams.state();
        return readiness.reasons(state == KafkaStreams.State.RUNNING, state.name(), models.scoring() != null, System.currentTimeMillis());
    }

    /** Samples the active tasks' committed and end offsets for the stuck-task and progress checks. */
    private void sampleTasks() {
        try {
            List<Readiness.TaskOffsets> tasks = new ArrayList<>();
            for (ThreadMetadata thread : streams.metadataForLocalThreads()) {
                for (TaskMetadata task : thread.activeTasks()) {
                    tasks.add(new Readiness.TaskOffsets(task.taskId().toString(), byPartition(task.committedOffsets()),
                            byPartition(task.endOffsets())));
                }
            }
            readiness.sample(tasks, System.currentTimeMillis());
        } catch (RuntimeException e) {
            LOG.debug("Sampling task offsets failed: {}", e.toString());
        }
    }

    private static Map<String, Long> byPartition(Map<TopicPartition, Long> offsets) {
        Map<String, Long> out = new HashMap<>();
        offsets.forEach((tp, o) -> out.put(tp.toString(), o));
        return out;
    }

    /** The models in use (what scoring, readiness and the API read). */
    public ModelsInUse models() {
        return models;
    }

    /**
     * Counts customers per segment label in this instance's customer states (for the segment gauge), and in
     * the same walk measures drift of the scoring model (PSI per feature, segment shares against training) and
     * how its shadow candidate, if any, would segment the same customers.
     */
    public Map<String, Long> refreshSegmentCounts() {
        Map<String, Long> counts = new TreeMap<>();
        SegmentModel scoring = models.scoring();
        DriftWatch.Measure drift = scoring == null ? null : DriftWatch.measure(scoring);
        SegmentModel candidate = scoring == null ? null : models.shadow(scoring.getName());
        ShadowAgreement shadow = candidate == null ? null : new ShadowAgreement(scoring, candidate);
        try {
            ReadOnlyKeyValueStore<String, CustomerState> store = streams.store(StoreQueryParameters.fromNameAndType(
                    StoreNames.CUSTOMER_STATE, QueryableStoreTypes.<String, CustomerState>keyValueStore()));
            try (KeyValueIterator<String, CustomerState> it = store.all()) {
                it.forEachRemaining(kv -> {
                    SegmentAssignment a = kv.value.assignment(models.scoringName());
                    if (a != null) {
                        counts.merge(a.getSegmentLabel(), 1L, Long::sum);
                        if (drift != null) {
                            drift.add(a);
                        }
                        if (shadow != null) {
                            shadow.add(a);
                        }
                    }
                });
            }
            metrics.segmentCustomers(counts);
            if (drift != null) {
                DriftWatch.Snapshot snapshot = drift.finish(java.time.Instant.now());
                models.drift().update(snapshot);
                metrics.drift(snapshot);
            }
            metrics.shadow(shadow == null ? null : shadow.finish());
        } catch (InvalidStateStoreException e) {
            LOG.debug("Customer state store not queryable yet: {}", e.getMessage());
        } catch (RuntimeException e) {
            LOG.warn("Counting customers per segment failed", e);
        }
        return counts;
    }

    /** Blocks until the client stops (error or close). */
    public void awaitStop() throws InterruptedException {
        stopped.await();
    }

    /** This instance's exactly-once outcome counts (summed over its active tasks). */
    public OutcomeTotals outcomes() {
        return outcomes;
    }

    public KafkaStreams streams() {
        return streams;
    }

    public HttpService http() {
        return http;
    }

    public SegmenterMetrics metrics() {
        return metrics;
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    public SegmenterConfig config() {
        return config;
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        scheduler.shutdownNow();
        if (streams != null) {
            LOG.info("Closing Kafka Streams");
            streams.close(CLOSE_TIMEOUT);
        }
        if (streamsMetrics != null) {
            streamsMetrics.close();
        }
        if (http != null) {
            http.close();
        }
        registry.close();
        stopped.countDown();
    }
}
