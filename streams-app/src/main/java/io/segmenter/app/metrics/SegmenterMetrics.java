package io.segmenter.app.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.segmenter.app.health.Readiness;
import io.segmenter.app.validate.RejectReason;
import io.segmenter.avro.EmitReason;
import io.segmenter.avro.SegmentModel;
import io.segmenter.model.ModelValidator;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.kafka.streams.KafkaStreams;

/** The app's own metrics, named as docs/metrics.md fixes them; thread-safe (stream, global and HTTP threads). */
public final class SegmenterMetrics {

    public static final String OUTCOME_APPLIED = "applied";
    public static final String OUTCOME_DUPLICATE = "duplicate";
    public static final String OUTCOME_REJECTED = "rejected";
    public static final String REASON_NONE = "none";
    /** Cause of a re-route: keyed by the customer id, but on another partition than the default partitioner's. */
    public static final String REROUTE_WRONG_PARTITION = "wrong_partition";

    private final MeterRegistry registry;
    private final Clock clock;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final Map<String, Progress> rescore = new ConcurrentHashMap<>();
    private final AtomicReference<KafkaStreams.State> state = new AtomicReference<>(KafkaStreams.State.CREATED);
    /** The model in use by name, for its version, age and loaded gauges. */
    private final Map<String, AtomicReference<SegmentModel>> inUse = new ConcurrentHashMap<>();
    private final MultiGauge segmentCustomers;
    private final MultiGauge featurePsi;
    private final MultiGauge segmentLiveShare;
    private final MultiGauge segmentTrainingShare;
    private final MultiGauge shadowCustomers;
    private final Timer latency;
    // Per-record counters, looked up once (the map key is a string built per call); filled lazily so a
    // series appears on first use exactly as before.
    private volatile Counter applied;
    private volatile Counter duplicate;
    private final Counter[] assignments = new Counter[EmitReason.values().length];
    private volatile Supplier<List<Readiness.Reason>> notReady;

    private record Progress(long done, long total) {}

    /**
     * RocksDB's number-open-files (recorded at metrics.recording.level=DEBUG) is a cumulative sum that goes
     * negative; Micrometer binds it as a counter and the Prometheus registry then fails the whole scrape.
     */
    static final String NEGATIVE_KAFKA_COUNTER = "kafka.stream.state.number.open.files";

    /** Refusal cause of a model whose bytes cannot be decoded (the other causes come from ModelValidator). */
    public static final String REFUSAL_DECODE = "decode";

    /**
     * The refusal causes of docs/metrics.md, counted from 0 at start: increase() needs a sample before the
     * first refusal, or the SegmenterModelRefused alert misses it.
     */
    public static final List<String> REFUSAL_CAUSES = List.of(ModelValidator.FEATURES, ModelValidator.NON_FINITE,
            ModelValidator.EMPTY, ModelValidator.DIMENSIONS, ModelValidator.OUT_OF_RANGE, REFUSAL_DECODE, ModelValidator.OTHER);

    public SegmenterMetrics(MeterRegistry registry) {
        this(registry, Clock.systemUTC());
    }

    public SegmenterMetrics(MeterRegistry registry, Clock clock) {
        this.registry = registry;
        this.clock = clock;
        registry.config().meterFilter(MeterFilter.deny(id -> id.getName().equals(NEGATIVE_KAFKA_COUNTER)));
        REFUSAL_CAUSES.forEach(this::refusals);
        // Every outcome and DLQ reason from 0 too, so rate() and increase() see the first rejection of each.
        for (RejectReason reason : RejectReason.values()) {
            transactions(OUTCOME_REJECTED, reason.label());
        }
        reroutes(REROUTE_WRONG_PARTITION);
        replacements();
        for (KafkaStreams.State s : KafkaStreams.State.values()) {
            Gauge.builder("segmenter.app.state", state, r -> r.get() == s ? 1 : 0)
                    .description("1 for the current Kafka Streams state, 0 for the others")
                    .tag("state", s.name())
                    .register(registry);
        }
        Gauge.builder("segmenter.app.ready", this, m -> m.ready() ? 1 : 0)
                .description("1 when /health/ready answers 200").register(registry);
        Gauge.builder("segmenter.rescore.progress.ratio", this, SegmenterMetrics::rescoreRatio)
                .description("progress of the background re-score after a new model (1 when idle)").register(registry);
        segmentCustomers = MultiGauge.builder("segmenter.segment.customers")
                .description("customers currently in each segment on this instance").register(registry);
        featurePsi = MultiGauge.builder("segmenter.feature.psi")
                .description("population stability index of each feature of the scoring model: this instance's customers against the training snapshot")
                .register(registry);
        segmentLiveShare = MultiGauge.builder("segmenter.segment.live.share")
                .description("share of this instance's customers scored by the model in use in each segment").register(registry);
        segmentTrainingShare = MultiGauge.builder("segmenter.segment.training.share")
                .description("share of the model's training snapshot in each segment").register(registry);
        shadowCustomers = MultiGauge.builder("segmenter.shadow.customers")
                .description("customers of this instance the shadow candidate puts in the same segment as the live model (outcome=agree) or another")
                .register(registry);
        latency = Timer.builder("segmenter.end.to.end.latency")
                .description("event (or produce) time to assignment emit")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofMinutes(10))
                .register(registry);
    }

    /** Metrics into a throwaway registry (tests). */
    public static SegmenterMetrics inMemory() {
        return new SegmenterMetrics(new SimpleMeterRegistry());
    }

    public MeterRegistry registry() {
        return registry;
    }

    public void applied() {
        Counter c = applied;
        if (c == null) {
            c = transactions(OUTCOME_APPLIED, REASON_NONE);
            applied = c;
        }
        c.increment();
    }

    public void duplicate() {
        Counter c = duplicate;
        if (c == null) {
            c = transactions(OUTCOME_DUPLICATE, REASON_NONE);
            duplicate = c;
        }
        c.increment();
    }

    public void rejected(String reason) {
        transactions(OUTCOME_REJECTED, reason).increment();
    }

    public static final String ATTRIBUTES_APPLIED = "applied";
    public static final String ATTRIBUTES_CLEARED = "cleared";
    /** Older than the customer's latest applied attributes record: not applied (a replayed or reordered snapshot). */
    public static final String ATTRIBUTES_STALE = "stale";
    public static final String ATTRIBUTES_REJECTED = "rejected";

    /** A customer-attributes record with its outcome (and the dead-letter reason when rejected, else none). */
    public void attributes(String outcome, String reason) {
        counters.computeIfAbsent("at|" + outcome + "|" + reason, k -> Counter.builder("segmenter.attributes")
                .description("customer-attributes records by outcome: applied, cleared (tombstone), stale (older than the applied one), rejected (DLQ)")
                .tag("outcome", outcome).tag("reason", reason).register(registry)).increment();
    }

    /** A record re-routed through the repartition topic for {@code cause} (transactions and erasures). */
    public void rerouted(String cause) {
        reroutes(cause).increment();
    }

    private Counter reroutes(String cause) {
        return counters.computeIfAbsent("x|" + cause, k -> Counter.builder("segmenter.rerouted")
                .description("records keyed by customer id but on the wrong partition, re-routed through the repartition topic")
                .tag("cause", cause).register(registry));
    }

    public double reroutedCount(String cause) {
        Counter c = counters.get("x|" + cause);
        return c == null ? 0 : c.count();
    }

    /**
     * Registers the exactly-once outcome gauges, one per {@code outcome/reason} key, reading {@code totals}
     * (this instance's sums over its tasks' outcome stores).
     */
    public void exactOutcomes(List<String> keys, Function<String, Long> totals) {
        for (String key : keys) {
            int slash = key.indexOf('/');
            Gauge.builder("segmenter.transactions.exact", totals, t -> t.apply(key))
                    .description("input records by outcome, kept in exactly-once state (exact across crashes and replays)")
                    .tags("outcome", key.substring(0, slash), "reason", key.substring(slash + 1))
                    .strongReference(true) // a gauge holds its state weakly: a lambda nobody else keeps reads NaN after a GC
                    .register(registry);
        }
    }

    public double transactionCount(String outcome, String reason) {
        return transactions(outcome, reason).count();
    }

    private Counter transactions(String outcome, String reason) {
        return counters.computeIfAbsent("t|" + outcome + "|" + reason, k -> Counter.builder("segmenter.transactions")
                .description("input records by outcome").tags("outcome", outcome, "reason", reason).register(registry));
    }

    public void assignmentEmitted(EmitReason reason, String fromLabel, String toLabel, boolean segmentChanged) {
        assignmentCounter(reason).increment();
        if (segmentChanged) {
            String from = fromLabel == null ? "none" : fromLabel;
            counters.computeIfAbsent("s|" + from + "|" + toLabel, k -> Counter.builder("segmenter.segment.transitions")
                    .description("cluster segment changes").tags("from", from, "to", toLabel).register(registry)).increment();
        }
    }

    private Counter assignmentCounter(EmitReason reason) {
        Counter c = assignments[reason.ordinal()];
        if (c == null) {
            String r = reason.name().toLowerCase(Locale.ROOT);
            c = counters.computeIfAbsent("a|" + r, k -> Counter.builder("segmenter.assignments")
                    .description("SegmentAssignment records emitted").tag("reason", r).register(registry));
            assignments[reason.ordinal()] = c; // a benign race: every thread stores the same Counter
        }
        return c;
    }

    public void latency(long fromMillis) {
        long ms = clock.millis() - fromMillis;
        if (ms >= 0) {
            latency.record(Duration.ofMillis(ms));
        }
    }

    public void modelRefused(String cause) {
        refusals(cause).increment();
    }

    private Counter refusals(String cause) {
        return counters.computeIfAbsent("r|" + cause, k -> Counter.builder("segmenter.model.refusals")
                .description("models refused; the previous one stays").tag("cause", cause).register(registry));
    }

    public double modelRefusals(String cause) {
        Counter c = counters.get("r|" + cause);
        return c == null ? 0 : c.count();
    }

    /**
     * Registers the version, age and loaded gauges of every model the app scores, so a model that never
     * arrives shows as {@code segmenter_model_loaded 0} (and NaN version and age) rather than as nothing.
     */
    public void modelsExpected(List<String> names) {
        names.forEach(this::inUse);
    }

    /** Records the model now in use under its name. */
    public void modelLoaded(SegmentModel m) {
        inUse(m.getName()).set(m);
    }

    private AtomicReference<SegmentModel> inUse(String name) {
        return inUse.computeIfAbsent(name, n -> {
            AtomicReference<SegmentModel> ref = new AtomicReference<>();
            Tags tags = Tags.of("model", n);
            Gauge.builder("segmenter.model.version", ref, r -> r.get() == null ? Double.NaN : r.get().getVersion())
                    .description("version of the model in use").tags(tags).register(registry);
            Gauge.builder("segmenter.model.age", ref,
                            r -> r.get() == null ? Double.NaN : (clock.millis() - r.get().getTrainedAt().toEpochMilli()) / 1000.0)
                    .description("wall time since the model in use was trained").baseUnit("seconds").tags(tags).register(registry);
            Gauge.builder("segmenter.model.loaded", ref, r -> r.get() == null ? 0 : 1)
                    .description("1 once a model of this name is in use, 0 while the app waits for one").tags(tags).register(registry);
            return ref;
        });
    }

    /** The model in use under {@code name}, or null. */
    public SegmentModel model(String name) {
        AtomicReference<SegmentModel> ref = inUse.get(name);
        return ref == null ? null : ref.get();
    }

    public void rescored(long customers) {
        counters.computeIfAbsent("rescored", k -> Counter.builder("segmenter.rescored.customers")
                .description("customers re-scored against a new model").register(registry)).increment(customers);
    }

    public double rescoredCount() {
        Counter c = counters.get("rescored");
        return c == null ? 0 : c.count();
    }

    /** Progress of one task's re-score; {@code total <= done} marks it finished. */
    public void rescoreProgress(String task, long done, long total) {
        if (done >= total) {
            rescore.remove(task);
        } else {
            rescore.put(task, new Progress(done, total));
        }
    }

    public double rescoreRatio() {
        long done = 0;
        long total = 0;
        for (Progress p : rescore.values()) {
            done += p.done();
            total += p.total();
        }
        return total == 0 ? 1.0 : Math.min(1.0, (double) done / total);
    }

    public void state(KafkaStreams.State s) {
        state.set(s);
    }

    /** Ready: the streams client is RUNNING and a model is loaded. */
    public boolean isReady() {
        return state.get() == KafkaStreams.State.RUNNING && inUse.values().stream().anyMatch(r -> r.get() != null);
    }

    private boolean ready() {
        Supplier<List<Readiness.Reason>> reasons = notReady;
        return reasons == null ? isReady() : reasons.get().isEmpty();
    }

    /**
     * Makes {@code reasons} the source of readiness: {@code segmenter_app_ready} and one
     * {@code segmenter_app_not_ready{cause}} gauge per cause (1 while that cause holds).
     */
    public void readiness(Supplier<List<Readiness.Reason>> reasons) {
        notReady = reasons;
        for (Readiness.Cause cause : Readiness.Cause.values()) {
            Gauge.builder("segmenter.app.not.ready", reasons, r -> r.get().stream().anyMatch(x -> x.cause() == cause) ? 1 : 0)
                    .description("1 while this cause keeps the instance from being ready").tag("cause", cause.label())
                    .strongReference(true).register(registry);
        }
    }

    /** A stream thread died and is replaced. */
    public void threadReplaced() {
        replacements().increment();
    }

    public double threadReplacements() {
        return replacements().count();
    }

    private Counter replacements() {
        return counters.computeIfAbsent("replacements", k -> Counter.builder("segmenter.stream.thread.replacements")
                .description("stream threads that died and were replaced").register(registry));
    }

    public void segmentCustomers(Map<String, Long> counts) {
        List<MultiGauge.Row<?>> rows = counts.entrySet().stream()
                .<MultiGauge.Row<?>>map(e -> MultiGauge.Row.of(Tags.of("segment", e.getKey()), e.getValue()))
                .toList();
        segmentCustomers.register(rows, true);
    }

    /** The latest drift measure of the scoring model (PSI per feature; live and training shares per segment). */
    public void drift(io.segmenter.app.model.DriftWatch.Snapshot d) {
        featurePsi.register(d.psi().entrySet().stream().filter(e -> Double.isFinite(e.getValue()))
                .<MultiGauge.Row<?>>map(e -> MultiGauge.Row.of(Tags.of("model", d.model(), "feature", e.getKey()), e.getValue())).toList(), true);
        segmentLiveShare.register(d.liveShares().entrySet().stream()
                .<MultiGauge.Row<?>>map(e -> MultiGauge.Row.of(Tags.of("model", d.model(), "segment", e.getKey()), e.getValue())).toList(), true);
        segmentTrainingShare.register(d.trainingShares().entrySet().stream()
                .<MultiGauge.Row<?>>map(e -> MultiGauge.Row.of(Tags.of("model", d.model(), "segment", e.getKey()), e.getValue())).toList(), true);
    }

    /** The latest shadow comparison of the scoring model, or null when no candidate is scored (the rows are removed). */
    public void shadow(io.segmenter.app.model.ShadowAgreement.Result r) {
        if (r == null) {
            shadowCustomers.register(List.of(), true);
            return;
        }
        Tags tags = Tags.of("model", r.model(), "candidate_version", Long.toString(r.candidateVersion()));
        shadowCustomers.register(List.of(MultiGauge.Row.of(tags.and("outcome", "agree"), r.agreeing()),
                MultiGauge.Row.of(tags.and("outcome", "disagree"), r.customers() - r.agreeing())), true);
    }
}
