package io.segmenter.cli.observability;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.segmenter.app.SegmenterApp;
import io.segmenter.app.config.SegmenterConfig;
import io.segmenter.broker.junit.KafkaBrokerExtension;
import io.segmenter.broker.junit.KafkaTestCluster;
import io.segmenter.cli.observability.PrometheusServer.QueryResult;
import io.segmenter.cli.observability.PrometheusServer.ScrapeJob;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.yaml.snakeyaml.Yaml;

/**
 * Proves the dashboards and alerts against a real Prometheus: the app runs on the embedded broker with
 * data flowing, the trainer's metrics server has a recorded run, Prometheus (Debian's {@code prometheus}
 * binary) scrapes both every second under the job names of {@code grafana/prometheus/prometheus.yml} and
 * evaluates {@code alerts.yml}; then every dashboard panel query and every rule (alerts cut by the rule
 * of {@link AlertExpressions}) must answer without error and with at least one series. The refused model
 * must also fire SegmenterModelRefused, the one alert the healthy run triggers on purpose.
 */
@ExtendWith(KafkaBrokerExtension.class)
class DashboardQueriesIT {

    private static final Logger LOG = LoggerFactory.getLogger(DashboardQueriesIT.class);

    /**
     * Grafana's $__rate_interval is at least four scrape intervals of the data source (1m for the stack's
     * 15 s); at the test's 1 s scrape a minute holds about 60 samples.
     */
    private static final String RATE_WINDOW = "1m";
    private static final Duration SCRAPE_INTERVAL = Duration.ofSeconds(1);
    /**
     * Micrometer's Kafka binder looks for new Kafka metrics (per-partition consumer lag, new tasks) once a
     * minute, so a fresh instance shows them only after its first refresh.
     */
    private static final Duration ALL_SERIES_WITHIN = Duration.ofSeconds(100);
    /** Series count per query and the scrapes, written after a passing run. */
    private static final Path EVIDENCE = Path.of("target", "dashboard-proof");

    @Test
    void shouldAnswerEveryDashboardQueryAndAlertExpressionWithSeries(KafkaTestCluster kafka, @TempDir Path dir)
            throws Exception {
        Path prometheusBinary = prometheusBinary();
        Path root = RepositoryFiles.root();
        List<PromQuery> queries = new ArrayList<>(DashboardQueries.read(root.resolve("grafana/dashboards"), RATE_WINDOW));
        Path alerts = root.resolve("grafana/prometheus/alerts.yml");
        queries.addAll(AlertExpressions.read(alerts));
        long started = System.nanoTime();

        Map<String, String> config = appConfig(kafka, dir.resolve("state"));
        try (SegmenterApp app = new SegmenterApp(SegmenterConfig.load(null, Map.of(), config));
                TrainerEndpoint trainer = TrainerEndpoint.startWithRecordedRuns()) {
            app.start();
            List<ScrapeJob> jobs = scrapeJobs(root.resolve("grafana/prometheus/prometheus.yml"),
                    "127.0.0.1:" + app.http().port(), "127.0.0.1:" + trainer.port());
            // Prometheus scrapes from the start, so it sees the counters before and after the data flows.
            try (PrometheusServer prometheus = PrometheusServer.start(prometheusBinary, dir, SCRAPE_INTERVAL, jobs, List.of(alerts))) {
                await("Prometheus ready").atMost(Duration.ofSeconds(30)).until(prometheus::ready);
                int targets = jobs.stream().mapToInt(j -> j.targets().size()).sum();
                await("every target up").atMost(Duration.ofSeconds(30)).until(() -> {
                    Map<String, String> health = prometheus.targetHealth();
                    return health.size() == targets && health.values().stream().allMatch("up"::equals);
                });
                await("a few scrapes of every target").atMost(Duration.ofSeconds(30))
                        .until(() -> prometheus.query("min(count_over_time(up[1m])) >= 3").series() == 1);

                feed(kafka, app, config);
                await("SegmenterModelRefused firing for the refused model").atMost(Duration.ofSeconds(30))
                        .until(() -> "firing".equals(prometheus.alertStates().get("SegmenterModelRefused")));

                Map<PromQuery, String> failures = new LinkedHashMap<>();
                try {
                    await("every query answering with series").atMost(ALL_SERIES_WITHIN).pollInterval(Duration.ofSeconds(2))
                            .until(() -> {
                                failures.clear();
                                failures.putAll(failures(prometheus, queries));
                                return failures.isEmpty();
                            });
                    writeEvidence(prometheus, queries, app, trainer);
                } catch (ConditionTimeoutException e) {
                    fail(report(failures, queries.size()) + "\ntargets: " + prometheus.targetHealth()
                            + "\napp scrape: " + scrapeProblem(app));
                }
                assertEquals(Map.of(), prometheus.ruleProblems(), "rules Prometheus could not evaluate");
                LOG.info("{} dashboard and alert queries answered with series, {} s after the app started",
                        queries.size(), Duration.ofNanos(System.nanoTime() - started).toSeconds());
            }
        }
    }

    /** The binary from {@code -Dprometheus.binary}, default Debian's; missing fails under CI, skips elsewhere. */
    private static Path prometheusBinary() {
        Path binary = Path.of(System.getProperty("prometheus.binary", "/usr/bin/prometheus"));
        if (!Files.isExecutable(binary)) {
            String why = binary + " not found: install Debian's prometheus package (.ci/run does)"
                    + " or point -Dprometheus.binary at a Prometheus 2.x/3.x binary";
            if (System.getenv("CI") != null) {
                fail(why);
            }
            Assumptions.abort(why);
        }
        return binary;
    }

    private static Map<String, String> appConfig(KafkaTestCluster kafka, Path stateDir) {
        Map<String, String> config = new HashMap<>();
        config.put(SegmenterConfig.BOOTSTRAP_SERVERS, kafka.bootstrapServers());
        config.put(SegmenterConfig.APPLICATION_ID, kafka.uniqueId("segmenter-metrics"));
        config.put(SegmenterConfig.TOPIC_TRANSACTIONS, kafka.uniqueTopic("transactions"));
        config.put(SegmenterConfig.TOPIC_DLQ, kafka.uniqueTopic("transactions-dlq"));
        config.put(SegmenterConfig.TOPIC_PROFILES, kafka.uniqueTopic("customer-profiles"));
        config.put(SegmenterConfig.TOPIC_SEGMENTS, kafka.uniqueTopic("customer-segments"));
        config.put(SegmenterConfig.TOPIC_MODELS, kafka.uniqueTopic("segment-models"));
        config.put(SegmenterConfig.TOPIC_ERASURES, kafka.uniqueTopic("customer-erasures"));
        config.put(SegmenterConfig.TOPIC_ATTRIBUTES, kafka.uniqueTopic("customer-attributes"));
        config.put(SegmenterConfig.TOPIC_PARTITIONS, "2");
        config.put(SegmenterConfig.STATE_DIR, stateDir.toString());
        config.put(SegmenterConfig.HTTP_HOST, "127.0.0.1");
        config.put(SegmenterConfig.HTTP_PORT, "0");
        config.put(SegmenterConfig.CLOCK, SegmenterConfig.CLOCK_STREAM);
        config.put(SegmenterConfig.TICK_INTERVAL_MS, "200");
        config.put(SegmenterConfig.SEGMENT_COUNT_INTERVAL_MS, "200");
        // The "State store writes" panel needs DEBUG recording (its description says so).
        config.put("metrics.recording.level", "DEBUG");
        return config;
    }

    /**
     * Model v1, then the transactions; once assignments flow, model v2 (every customer re-scored and moved),
     * then an invalid v3 (refused). Waits on the app's own meters after each step.
     */
    private static void feed(KafkaTestCluster kafka, SegmenterApp app, Map<String, String> config) {
        await("streams RUNNING").atMost(Duration.ofSeconds(60)).until(() -> app.streams().state() == KafkaStreams.State.RUNNING);
        ObservedTraffic traffic = new ObservedTraffic(Instant.now());
        String models = config.get(SegmenterConfig.TOPIC_MODELS);
        ByteArraySerializer bytes = new ByteArraySerializer();
        kafka.produce(models, bytes, bytes, List.of(ObservedTraffic.modelRecord(traffic.model(1))));
        await("model v1 loaded").atMost(Duration.ofSeconds(30)).until(app::isReady);

        List<Map.Entry<byte[], byte[]>> input = traffic.transactions(60);
        kafka.produce(config.get(SegmenterConfig.TOPIC_TRANSACTIONS), bytes, bytes, input);
        await("every transaction counted").atMost(Duration.ofSeconds(60)).until(() -> countOf(app, "segmenter.transactions") >= input.size());
        await("assignments emitted").atMost(Duration.ofSeconds(30)).until(() -> countOf(app, "segmenter.assignments") > 0);

        kafka.produce(models, bytes, bytes, List.of(ObservedTraffic.modelRecord(traffic.swapped(2))));
        await("customers re-scored against v2").atMost(Duration.ofSeconds(30)).until(() -> app.metrics().rescoredCount() > 0);
        kafka.produce(models, bytes, bytes, List.of(ObservedTraffic.modelRecord(traffic.invalid(3))));
        await("invalid v3 refused").atMost(Duration.ofSeconds(30)).until(() -> app.metrics().modelRefusals("non_finite") > 0);
    }

    private static double countOf(SegmenterApp app, String meter) {
        return app.registry().find(meter).counters().stream().mapToDouble(Counter::count).sum();
    }

    /**
     * Scrape jobs of the stack's prometheus.yml (names and paths as the dashboards filter on them), with
     * the compose targets replaced: the job scraping streams-app instances gets {@code appTarget}, the
     * trainer's job {@code trainerTarget}.
     */
    static List<ScrapeJob> scrapeJobs(Path prometheusYml, String appTarget, String trainerTarget) {
        Map<String, Object> doc;
        try (Reader in = Files.newBufferedReader(prometheusYml)) {
            doc = new Yaml().load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<ScrapeJob> jobs = new ArrayList<>();
        for (Object o : (List<?>) doc.get("scrape_configs")) {
            Map<?, ?> job = (Map<?, ?>) o;
            String targets = String.valueOf(job.get("static_configs"));
            String local = targets.contains("streams-app") ? appTarget : targets.contains("trainer") ? trainerTarget : null;
            if (local == null) {
                throw new IllegalStateException("scrape job " + job.get("job_name") + " scrapes neither streams-app nor the trainer: " + targets);
            }
            Object path = job.get("metrics_path");
            jobs.add(new ScrapeJob(String.valueOf(job.get("job_name")), path == null ? "/metrics" : path.toString(), List.of(local)));
        }
        return jobs;
    }

    /** "ok" when the app's registry scrapes; else the exception and any counter with a negative value. */
    private static String scrapeProblem(SegmenterApp app) {
        try {
            app.registry().scrape();
            return "ok";
        } catch (RuntimeException e) {
            LOG.error("The app's registry cannot be scraped", e);
            return e + "; negative counters: " + app.registry().getMeters().stream()
                    .filter(m -> m instanceof FunctionCounter c && c.count() < 0).map(m -> m.getId().getName()).distinct().toList();
        }
    }

    /** What the proof saw, for people: each query with its series count, and both scrapes. */
    private static void writeEvidence(PrometheusServer prometheus, List<PromQuery> queries, SegmenterApp app,
            TrainerEndpoint trainer) throws IOException {
        Files.createDirectories(EVIDENCE);
        StringBuilder table = new StringBuilder();
        for (PromQuery q : queries) {
            table.append(prometheus.query(q.expr()).series()).append('\t').append(q.source()).append('\t').append(q.expr()).append('\n');
        }
        Files.writeString(EVIDENCE.resolve("queries.tsv"), table);
        Files.writeString(EVIDENCE.resolve("app-metrics.txt"), app.registry().scrape());
        Files.writeString(EVIDENCE.resolve("trainer-metrics.txt"), trainer.scrape());
    }

    private static Map<PromQuery, String> failures(PrometheusServer prometheus, List<PromQuery> queries) throws IOException {
        Map<PromQuery, String> failures = new LinkedHashMap<>();
        for (PromQuery q : queries) {
            QueryResult result = prometheus.query(q.expr());
            if (result.error() != null) {
                failures.put(q, "error " + result.error());
            } else if (result.series() == 0) {
                failures.put(q, "no series");
            }
        }
        return failures;
    }

    private static String report(Map<PromQuery, String> failures, int total) {
        StringBuilder sb = new StringBuilder().append(failures.size()).append(" of ").append(total)
                .append(" queries failed against the scraped app and trainer:");
        failures.forEach((q, why) -> sb.append("\n  ").append(q.source()).append(": ").append(why).append("\n      ").append(q.expr()));
        return sb.toString();
    }
}
