package io.segmenter.cli;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.segmenter.app.SegmenterApp;
import io.segmenter.app.config.SegmenterConfig;
import io.segmenter.broker.junit.KafkaBrokerExtension;
import io.segmenter.broker.junit.KafkaTestCluster;
import io.segmenter.cli.observability.PrometheusServer;
import io.segmenter.cli.observability.RepositoryFiles;
import io.segmenter.model.RfmFeatures;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Drift end to end: replay a file, train, then replay a second file that refunds 90 % of every invoice.
 * Refunds are no purchases and carry the invoices' own times, so recency and frequency stay exactly as the
 * model saw them and only monetary shifts: the app's PSI of monetary passes the alert threshold (0.25) and
 * the others stay near 0, and a real Prometheus evaluating the project's alert rule fires
 * SegmenterFeatureDrift for monetary alone (its 30-minute {@code for} shortened, the expression unchanged;
 * promtool tests the timing).
 */
@ExtendWith(KafkaBrokerExtension.class)
class DriftReplayIT {

    private static final Duration LONG = Duration.ofMinutes(3);
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final double THRESHOLD = 0.25;

    @Test
    void aSecondHalfThatShiftsMonetaryRaisesItsPsiAloneAndFiresTheAlert(KafkaTestCluster kafka, @TempDir Path dir) throws Exception {
        Path prometheusBinary = Path.of(System.getProperty("prometheus.binary", "/usr/bin/prometheus"));
        if (!Files.isExecutable(prometheusBinary)) {
            String why = prometheusBinary + " not found: install Debian's prometheus package (.ci/run does)";
            if (System.getenv("CI") != null) {
                fail(why);
            }
            Assumptions.abort(why);
        }
        Map<String, Object> c = RetailCsv.appSettings(kafka, kafka.uniqueId("drift-app"), dir.resolve("state"));
        c.put(SegmenterConfig.SEGMENT_COUNT_INTERVAL_MS, "200");
        SegmenterConfig config = new SegmenterConfig(c);
        Path purchases = dir.resolve("purchases.csv");
        int customers = RetailCsv.write(purchases);
        Path refunds = dir.resolve("refunds.csv");
        Files.write(refunds, refundsOf(Files.readAllLines(purchases), 0.9));
        Path rules = dir.resolve("alerts.yml");
        String alerts = Files.readString(RepositoryFiles.root().resolve("grafana/prometheus/alerts.yml"));
        String drift = alerts.substring(alerts.indexOf("- alert: SegmenterFeatureDrift"));
        String shortened = drift.replaceFirst("for: 30m", "for: 0s");
        assertTrue(!shortened.equals(drift), "the drift alert waits 30 minutes in alerts.yml");
        Files.writeString(rules, alerts.replace(drift, shortened));

        try (SegmenterApp app = new SegmenterApp(config)) {
            app.start();
            URI model = URI.create("http://127.0.0.1:" + app.http().port() + "/model");
            List<PrometheusServer.ScrapeJob> jobs = List.of(new PrometheusServer.ScrapeJob("segmenter", "/metrics",
                    List.of("127.0.0.1:" + app.http().port())));
            try (PrometheusServer prometheus = PrometheusServer.start(prometheusBinary, dir, Duration.ofSeconds(1), jobs, List.of(rules))) {
                assertEquals(0, replay(kafka, config, purchases));
                String[] kafkaArgs = {"--bootstrap-server", kafka.bootstrapServers(), "--models-topic", config.getString(SegmenterConfig.TOPIC_MODELS)};
                await().atMost(LONG).until(() -> cli("profiles", "--bootstrap-server", kafka.bootstrapServers(), "--topic",
                        config.getString(SegmenterConfig.TOPIC_PROFILES), "--csv", dir.resolve("p.csv").toString()) == 0
                        && Files.readAllLines(dir.resolve("p.csv")).size() == customers + 1);
                assertEquals(0, cli(append(kafkaArgs, "train", "--once", "--profiles-topic", config.getString(SegmenterConfig.TOPIC_PROFILES),
                        "--k", "4")));

                // the customers the model was trained on: no feature drifts
                JsonNode before = awaitDrift(model, d -> d.path("customers").asLong() == customers);
                for (String f : RfmFeatures.NAMES) {
                    assertTrue(before.path("psi").path(f).asDouble() < 0.01, f + " before the refunds: " + before);
                }

                assertEquals(0, replay(kafka, config, refunds));
                JsonNode after = awaitDrift(model, d -> d.path("customers").asLong() == customers
                        && d.path("psi").path(RfmFeatures.MONETARY).asDouble() > THRESHOLD);
                assertTrue(after.path("psi").path(RfmFeatures.RECENCY).asDouble() < 0.01, after.toString());
                assertTrue(after.path("psi").path(RfmFeatures.FREQUENCY).asDouble() < 0.01, after.toString());

                await("SegmenterFeatureDrift firing for monetary").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
                        .until(() -> prometheus.query("ALERTS{alertname=\"SegmenterFeatureDrift\",alertstate=\"firing\",feature=\"monetary\"}")
                                .series() == 1);
                assertEquals(0, prometheus.query("ALERTS{alertname=\"SegmenterFeatureDrift\",feature!=\"monetary\"}").series(),
                        "no alert for the features that did not drift");
                assertEquals(Map.of(), prometheus.ruleProblems());
            }
        }
    }

    /** One cancellation per invoice line (Online Retail style: invoice "C...", negative quantity), at the line's own time. */
    static List<String> refundsOf(List<String> lines, double share) {
        List<String> out = new java.util.ArrayList<>(List.of(lines.getFirst()));
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",");
            double price = Double.parseDouble(f[5]) * share;
            out.add(String.join(",", "C" + f[0], f[1], f[2], "-" + f[3], f[4], String.format(java.util.Locale.ROOT, "%.2f", price), f[6], f[7]));
        }
        return out;
    }

    /** GET /model's drift once it satisfies {@code done} (the walk runs every 200 ms). */
    private static JsonNode awaitDrift(URI model, java.util.function.Predicate<JsonNode> done) {
        JsonNode[] last = {null};
        await().atMost(LONG).pollInterval(Duration.ofMillis(300)).until(() -> {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(model).build(), HttpResponse.BodyHandlers.ofString());
            last[0] = r.statusCode() == 200 ? JSON.readTree(r.body()).path("drift") : null;
            return last[0] != null && !last[0].isNull() && done.test(last[0]);
        });
        return last[0];
    }

    private static int replay(KafkaTestCluster kafka, SegmenterConfig config, Path csv) {
        return cli("replay", "--bootstrap-server", kafka.bootstrapServers(), "--csv", csv.toString(),
                "--topic", config.getString(SegmenterConfig.TOPIC_TRANSACTIONS));
    }

    private static int cli(String... args) {
        return SegmenterCli.commandLine().execute(args);
    }

    private static String[] append(String[] kafkaArgs, String... command) {
        String[] all = new String[command.length + kafkaArgs.length];
        System.arraycopy(command, 0, all, 0, command.length);
        System.arraycopy(kafkaArgs, 0, all, command.length, kafkaArgs.length);
        return all;
    }
}
