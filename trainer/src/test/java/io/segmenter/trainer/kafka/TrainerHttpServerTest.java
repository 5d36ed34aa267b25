package io.segmenter.trainer.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import io.segmenter.trainer.model.QualityGates;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.awaitility.Awaitility;

class TrainerHttpServerTest {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final CountDownLatch release = new CountDownLatch(1);
    private final AtomicInteger runs = new AtomicInteger();
    private final HttpClient client = HttpClient.newHttpClient();
    private TrainingJob job;
    private TrainerHttpServer server;

    @BeforeEach
    void start() throws Exception {
        job = new TrainingJob(() -> {
            runs.incrementAndGet();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        server = TrainerHttpServer.start(new InetSocketAddress("127.0.0.1", 0), registry, job);
    }

    @AfterEach
    void stop() {
        release.countDown();
        server.close();
        client.close();
    }

    @Test
    void shouldAcceptATrainRequestAndRefuseASecondWhileItRuns() throws Exception {
        assertEquals(202, send("POST", "/train").statusCode());
        HttpResponse<String> second = send("POST", "/train");
        assertEquals(409, second.statusCode());
        assertTrue(second.body().contains("\"error\""), second.body());

        release.countDown();
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !job.isRunning());
        assertEquals(1, runs.get());
    }

    @Test
    void shouldServePrometheusMetricsWithTheDocumentedNames() throws Exception {
        TrainerMetrics metrics = new TrainerMetrics(registry);
        metrics.published(Duration.ofMillis(1500), 4339, 4, 0.6, 7);
        metrics.gateFailed(Duration.ofSeconds(2), 4339, 9, 0.1, List.of(QualityGates.GATE_SILHOUETTE));

        HttpResponse<String> response = send("GET", "/metrics");

        assertEquals(200, response.statusCode());
        assertTrue(response.headers().firstValue("Content-Type").orElseThrow().startsWith("text/plain"));
        String body = response.body();
        for (String line : List.of(
                "segmenter_trainer_runs_total{result=\"published\"} 1.0",
                "segmenter_trainer_runs_total{result=\"gate_failed\"} 1.0",
                "segmenter_trainer_runs_total{result=\"error\"} 0.0",
                "segmenter_trainer_gate_failures_total{gate=\"silhouette\"} 1.0",
                "segmenter_trainer_gate_failures_total{gate=\"min_share\"} 0.0",
                "segmenter_trainer_last_run_duration_seconds 2.0",
                "segmenter_trainer_customers 4339.0",
                "segmenter_trainer_k 9.0",
                "segmenter_trainer_silhouette 0.1",
                "segmenter_trainer_published_version 7.0")) {
            assertTrue(body.contains(line), () -> "missing '" + line + "' in\n" + body);
        }
        assertTrue(body.contains("segmenter_trainer_last_run_timestamp_seconds "), body);
    }

    @Test
    void shouldAnswerLivenessAndRefuseWrongMethodsAndPaths() throws Exception {
        assertEquals(200, send("GET", "/health/live").statusCode());
        assertEquals(405, send("GET", "/train").statusCode());
        assertEquals(405, send("POST", "/metrics").statusCode());
        assertEquals(404, send("GET", "/nothing").statusCode());
        assertEquals(404, send("GET", "/metrics/extra").statusCode());
        assertEquals(0, runs.get());
    }

    private HttpResponse<String> send(String method, String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .method(method, HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(10)).build();
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
