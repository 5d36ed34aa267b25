package io.segmenter.trainer.kafka;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.segmenter.trainer.model.QualityGates;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The trainer's metrics (docs/metrics.md, "trainer"): one call per finished run records its outcome.
 * Gauges read NaN until a run has set them.
 */
public final class TrainerMetrics {

    public static final String RESULT_PUBLISHED = "published";
    public static final String RESULT_GATE_FAILED = "gate_failed";
    public static final String RESULT_ERROR = "error";

    private final MeterRegistry registry;
    private final Clock clock;
    private final Counter published;
    private final Counter gateFailed;
    private final Counter error;
    private final Value lastRunTimestamp;
    private final Value lastRunDuration;
    private final Value customers;
    private final Value k;
    private final Value silhouette;
    private final Value publishedVersion;
    private final Value movementShare;
    private final io.micrometer.core.instrument.MultiGauge driftPsi;

    public TrainerMetrics(MeterRegistry registry) {
        this(registry, Clock.systemUTC());
    }

    TrainerMetrics(MeterRegistry registry, Clock clock) {
        this.registry = registry;
        this.clock = clock;
        this.published = runs(RESULT_PUBLISHED);
        this.gateFailed = runs(RESULT_GATE_FAILED);
        this.error = runs(RESULT_ERROR);
        this.lastRunTimestamp = gauge("segmenter.trainer.last.run.timestamp.seconds", "When the last run finished");
        this.lastRunDuration = gauge("segmenter.trainer.last.run.duration.seconds", "How long the last run took");
        this.customers = gauge("segmenter.trainer.customers", "Customers in the last snapshot");
        this.k = gauge("segmenter.trainer.k", "Chosen k");
        this.silhouette = gauge("segmenter.trainer.silhouette", "Silhouette of the last fit");
        this.publishedVersion = gauge("segmenter.trainer.published.version", "Last published model version");
        this.movementShare = gauge("segmenter.trainer.movement.share",
                "Share of the last snapshot's customers the last fitted model would move to another segment than the model in use");
        this.driftPsi = io.micrometer.core.instrument.MultiGauge.builder("segmenter.trainer.drift.psi")
                .description("PSI per feature of the profiles at the last drift check, against the model in use").register(registry);
        // From 0 at start, so increase() sees the first failure of each gate.
        QualityGates.GATES.forEach(this::gateFailures);
    }

    /** A model was fitted, passed the gates and was published as {@code version}. */
    public void published(Duration took, long snapshotCustomers, int chosenK, double fitSilhouette, long version) {
        published.increment();
        fit(took, snapshotCustomers, chosenK, fitSilhouette);
        publishedVersion.set(version);
    }

    /** A model was fitted but failed the quality gates named in {@code gates}; nothing was published. */
    public void gateFailed(Duration took, long snapshotCustomers, int chosenK, double fitSilhouette,
            Collection<String> gates) {
        gateFailed.increment();
        for (String gate : gates) {
            gateFailures(gate).increment();
        }
        fit(took, snapshotCustomers, chosenK, fitSilhouette);
    }

    /** A scheduled or drift-triggered run started ({@code schedule} or {@code drift}; runs asked for over HTTP are not counted here). */
    public void triggered(String trigger) {
        Counter.builder("segmenter.trainer.triggers").description("Training runs started, by what started them")
                .tags(Tags.of("trigger", trigger)).register(registry).increment();
    }

    /** The last drift check: PSI per feature of the current profiles against the model in use. */
    public void drift(java.util.Map<String, Double> psi) {
        driftPsi.register(psi.entrySet().stream().filter(e -> Double.isFinite(e.getValue()))
                .<io.micrometer.core.instrument.MultiGauge.Row<?>>map(e -> io.micrometer.core.instrument.MultiGauge.Row.of(
                        Tags.of("feature", e.getKey()), e.getValue()))
                .toList(), true);
    }

    /** The stability gate's measure of the last fit; NaN when there was no model in use to compare with. */
    public void movement(double share) {
        movementShare.set(share);
    }

    /** The run failed (snapshot, fit or publish). */
    public void error(Duration took) {
        error.increment();
        finished(took);
    }

    private void fit(Duration took, long snapshotCustomers, int chosenK, double fitSilhouette) {
        customers.set(snapshotCustomers);
        k.set(chosenK);
        silhouette.set(fitSilhouette);
        finished(took);
    }

    private void finished(Duration took) {
        lastRunTimestamp.set(clock.millis() / 1000.0);
        lastRunDuration.set(took.toNanos() / 1e9);
    }

    private Counter runs(String result) {
        return Counter.builder("segmenter.trainer.runs").description("Training runs by result")
                .tags(Tags.of("result", result)).register(registry);
    }

    private Value gauge(String name, String description) {
        Value value = new Value();
        Gauge.builder(name, value, Value::get).description(description)
                .strongReference(true).register(registry);
        return value;
    }

    /** A settable gauge value. */
    private static final class Value {
        private final AtomicReference<Double> value = new AtomicReference<>(Double.NaN);

        void set(double v) {
            value.set(v);
        }

        double get() {
            return value.get();
        }
    }

    private Counter gateFailures(String gate) {
        return Counter.builder("segmenter.trainer.gate.failures").description("Quality-gate failures by gate")
                .tag("gate", gate).register(registry);
    }
}
