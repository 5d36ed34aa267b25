package io.segmenter.trainer.job;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.segmenter.avro.CustomerProfile;
import io.segmenter.trainer.config.TrainerConfig;
import io.segmenter.trainer.kafka.ModelPublisher;
import io.segmenter.trainer.kafka.ProfileSnapshot;
import io.segmenter.trainer.kafka.ProfileSnapshotReader;
import io.segmenter.trainer.kafka.TrainerHttpServer;
import io.segmenter.trainer.kafka.TrainerMetrics;
import io.segmenter.trainer.kafka.TrainingJob;
import io.segmenter.trainer.model.Trainer;
import io.segmenter.trainer.model.TrainingResult;
import io.segmenter.trainer.report.BatchReport;
import io.segmenter.trainer.report.TextReport;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.config.types.Password;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The trainer service: train once, or periodically with {@code GET /metrics}, {@code POST /train} and
 * {@code GET /health/live} served meanwhile. Reports go to {@code out}, progress to {@code progress}.
 */
public final class TrainerRunner {

    private static final Logger LOG = LoggerFactory.getLogger(TrainerRunner.class);

    private final TrainerConfig config;
    private final PrintStream out;
    private final PrintStream progress;
    private final CountDownLatch stop = new CountDownLatch(1);
    private volatile boolean lastPublished;
    /** Why the next run starts, when the data gave a reason (drift); read by the run itself. */
    private volatile String pendingReason;

    public TrainerRunner(TrainerConfig config, PrintStream out, PrintStream progress) {
        this.config = config;
        this.out = out;
        this.progress = progress;
    }

    /** Trains once, or until {@link #stop()} with {@code train.every}. Exit code: 0, or 1 when a single run published nothing. */
    public int run() throws IOException, InterruptedException {
        Map<String, Object> client = config.clientConfig();
        String modelsTopic = config.getString(TrainerConfig.TOPIC_MODELS);
        ProfileSnapshotReader reader = new ProfileSnapshotReader(client, config.snapshotTimeout());
        try (ModelPublisher models = new ModelPublisher(client, modelsTopic)) {
            Trainer trainer = new Trainer(Clock.systemUTC(), m -> progress.print("\r" + m + "   "));
            TrainingRun run = new TrainingRun(() -> snapshot(reader), name -> models.latest(name).orElse(null), models::publish,
                    config.options(), config.fallback(), Clock.systemUTC(), trainer);
            if (config.every().isEmpty()) {
                return print(run.runOnce()) ? 0 : 1;
            }
            periodic(run, config.every().get());
            return 0;
        }
    }

    /** Ends periodic training after the run in progress. */
    public void stop() {
        stop.countDown();
    }

    private List<CustomerProfile> snapshot(ProfileSnapshotReader reader) {
        String topic = config.getString(TrainerConfig.TOPIC_PROFILES);
        progress.println("Reading a snapshot of " + topic + " ...");
        long[] shown = {-1};
        ProfileSnapshot snapshot = reader.read(topic, (read, total) -> {
            long pct = total == 0 ? 100 : read * 100 / total;
            if (pct != shown[0]) {
                shown[0] = pct;
                progress.print("\r  " + read + " / " + total + " records (" + pct + " %)   ");
            }
        });
        progress.println("\r  " + snapshot.profiles().size() + " profiles from " + snapshot.recordsRead() + " records"
                + (snapshot.undecodable() > 0 ? ", " + snapshot.undecodable() + " undecodable skipped" : "") + "          ");
        return new ArrayList<>(snapshot.profiles().values());
    }

    private void periodic(TrainingRun run, Duration every) throws IOException, InterruptedException {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        TrainerMetrics metrics = new TrainerMetrics(registry);
        TrainingJob job = new TrainingJob(() -> measured(run, metrics));
        Password token = config.getPassword(TrainerConfig.HTTP_AUTH_TOKEN);
        InetSocketAddress address = new InetSocketAddress(config.getString(TrainerConfig.HTTP_HOST), config.getInt(TrainerConfig.HTTP_PORT));
        try (TrainerHttpServer server = TrainerHttpServer.start(address, token == null ? null : token.value(), registry, job)) {
            progress.println("Trainer HTTP on " + address.getHostString() + ":" + server.port()
                    + ": GET /metrics, POST /train" + (token == null ? "" : " (bearer token)") + ", GET /health/live");
            schedule(run, job, metrics, every);
        }
    }

    /**
     * Runs on the schedule (a run that published nothing is retried after {@code train.retry.after}, so a
     * new deployment gets its first model in minutes), and with {@code train.on.drift} also as soon as a
     * drift check finds a feature past the threshold, at most once per {@code train.drift.min.interval}.
     */
    private void schedule(TrainingRun run, TrainingJob job, TrainerMetrics metrics, Duration every) throws InterruptedException {
        Optional<Double> onDrift = config.onDrift();
        long nextRun = System.nanoTime();
        long lastRun = Long.MIN_VALUE;
        do {
            long now = System.nanoTime();
            if (now - nextRun >= 0) {
                start(job, metrics, "schedule", null);
                lastRun = System.nanoTime();
                Duration next = lastPublished ? every : config.retryAfter();
                nextRun = lastRun + next.toNanos();
                progress.println("Next run in " + next + (lastPublished ? "" : " (the last run published nothing)"));
            } else if (onDrift.isPresent() && (lastRun == Long.MIN_VALUE || now - lastRun >= config.driftMinInterval().toNanos())) {
                String reason = driftReason(run, metrics, onDrift.get());
                if (reason != null) {
                    LOG.info("Drift: {}; retraining now", reason);
                    start(job, metrics, "drift", reason);
                    lastRun = System.nanoTime();
                    if (lastPublished) {
                        nextRun = lastRun + every.toNanos();
                    }
                }
            }
            long untilRun = Math.max(0, nextRun - System.nanoTime());
            long wait = onDrift.isPresent() ? Math.min(untilRun, config.driftCheckEvery().toNanos()) : untilRun;
            if (stop.await(wait, TimeUnit.NANOSECONDS)) {
                return;
            }
        } while (true);
    }

    private void start(TrainingJob job, TrainerMetrics metrics, String trigger, String reason) {
        pendingReason = reason;
        if (job.runNow()) {
            metrics.triggered(trigger);
        } else {
            LOG.info("A run asked for over HTTP is still in progress; skipping this {} run", trigger);
        }
    }

    /** What in the profiles says to retrain now ("recency_days PSI 0.41 > 0.25"), or null. */
    private String driftReason(TrainingRun run, TrainerMetrics metrics, double threshold) {
        try {
            Map<String, Double> psi = run.drift();
            metrics.drift(psi);
            return psi.entrySet().stream().filter(e -> Double.isFinite(e.getValue()) && e.getValue() > threshold)
                    .max(Map.Entry.comparingByValue())
                    .map(e -> String.format(java.util.Locale.ROOT, "%s PSI %.3f > %.3f", e.getKey(), e.getValue(), threshold))
                    .orElse(null);
        } catch (KafkaException | IllegalStateException e) {
            LOG.warn("Drift check failed, next check in {}: {}", config.driftCheckEvery(), e.getMessage());
            return null;
        }
    }

    private void measured(TrainingRun run, TrainerMetrics metrics) {
        long start = System.nanoTime();
        try {
            String reason = pendingReason;
            pendingReason = null;
            TrainingRun.Run r = run.runOnce(reason);
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            TrainingResult t = r.result();
            double silhouette = t.model() == null ? Double.NaN : t.model().getQuality().getSilhouette();
            int k = t.model() == null ? 0 : t.model().getQuality().getK();
            lastPublished = r.published();
            metrics.movement(t.movement() == null ? Double.NaN : t.movement().share());
            if (r.published()) {
                metrics.published(took, t.prepared().size(), k, silhouette, t.model().getVersion());
            } else {
                metrics.gateFailed(took, t.prepared().size(), k, silhouette, t.failedGates());
            }
            print(r);
        } catch (KafkaException | IllegalStateException e) {
            lastPublished = false;
            metrics.error(Duration.ofNanos(System.nanoTime() - start));
            LOG.error("Training run failed, next try at the next period or POST /train: {}", e.getMessage());
        } catch (RuntimeException e) {
            lastPublished = false;
            metrics.error(Duration.ofNanos(System.nanoTime() - start));
            LOG.error("Training run failed, next try at the next period or POST /train", e);
        }
    }

    private boolean print(TrainingRun.Run r) {
        progress.print("\r" + " ".repeat(70) + "\r");
        Map<String, Object> report = new HashMap<>(BatchReport.of("train", r.result()));
        out.print(TextReport.render(config.getString(TrainerConfig.TOPIC_PROFILES), report, r.result()));
        out.println(r.published() ? "Published version " + r.result().model().getVersion() : "Not published.");
        return r.published();
    }
}
