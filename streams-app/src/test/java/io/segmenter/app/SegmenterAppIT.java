package io.segmenter.app;

import io.segmenter.app.config.SegmenterConfig;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.segmenter.avro.Transaction;
import io.segmenter.broker.junit.KafkaBrokerExtension;
import io.segmenter.broker.junit.KafkaTestCluster;
import io.segmenter.serde.AvroSerde;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The runner against a real broker: topics created as configured, health, readiness and the metric names of docs/metrics.md. */
@ExtendWith(KafkaBrokerExtension.class)
class SegmenterAppIT {

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void shouldCreateTopicsServeHealthAndMetricsAndBecomeReadyWithAModel(KafkaTestCluster kafka, @TempDir Path dir) throws Exception {
        String input = kafka.uniqueTopic("transactions");
        String models = kafka.uniqueTopic("models");
        Map<String, Object> c = BrokerRuns.config(kafka, kafka.uniqueId("app"), input, models, dir, 3);
        c.put(SegmenterConfig.CLOCK, SegmenterConfig.CLOCK_WALL);
        SegmenterConfig config = new SegmenterConfig(c);
        try (SegmenterApp app = new SegmenterApp(config)) {
            app.start();
            try (Admin admin = kafka.admin()) {
                assertEquals(3, admin.describeTopics(List.of(config.getString(SegmenterConfig.TOPIC_ERASURES))).allTopicNames().get()
                        .get(config.getString(SegmenterConfig.TOPIC_ERASURES)).partitions().size());
                assertEquals("compact", cleanupPolicy(admin, config.getString(SegmenterConfig.TOPIC_PROFILES)));
                assertEquals("compact", cleanupPolicy(admin, config.getString(SegmenterConfig.TOPIC_SEGMENTS)));
                assertEquals("compact", cleanupPolicy(admin, models));
                assertEquals("delete", cleanupPolicy(admin, config.getString(SegmenterConfig.TOPIC_DLQ)));
                assertEquals("delete", cleanupPolicy(admin, input));
            }
            String base = "http://127.0.0.1:" + app.http().port();
            assertEquals(200, get(base + "/health/live").statusCode());
            await().atMost(Duration.ofMinutes(1)).until(() -> app.streams().state() == KafkaStreams.State.RUNNING);
            assertEquals(503, get(base + "/health/ready").statusCode(), "not ready without a model");

            BrokerRuns.publishModel(kafka, models, Fixtures.model(1));
            await().atMost(Duration.ofMinutes(1)).until(() -> get(base + "/health/ready").statusCode() == 200);

            Transaction t = Fixtures.purchase("t1", "c1", Instant.now().minusSeconds(60), 10_000);
            kafka.produce(input, new StringSerializer(), new AvroSerde<>(Transaction.class), List.of(Map.entry("c1", t)));
            await().atMost(Duration.ofMinutes(1)).until(() -> get(base + "/metrics").body()
                    .contains("segmenter_transactions_total{outcome=\"applied\",reason=\"none\"} 1.0"));
            // the applied counter moves as the record is processed; the store the counts read, at the next commit
            await().atMost(Duration.ofMinutes(1)).until(() -> app.refreshSegmentCounts().equals(Map.of("Active", 1L)));

            String metrics = get(base + "/metrics").body();
            for (String expected : List.of(
                    "segmenter_assignments_total{reason=\"new_event\"} 1.0",
                    "segmenter_segment_transitions_total{from=\"none\",to=\"Active\"} 1.0",
                    "segmenter_segment_customers{segment=\"Active\"} 1.0",
                    "segmenter_model_version{model=\"rfm\"} 1.0",
                    "segmenter_model_age_seconds{model=\"rfm\"}",
                    "segmenter_rescore_progress_ratio 1.0",
                    "segmenter_app_state{state=\"RUNNING\"} 1.0",
                    "segmenter_app_ready 1.0",
                    "segmenter_end_to_end_latency_seconds_bucket",
                    "segmenter_end_to_end_latency_seconds_count 1",
                    "kafka_stream_")) {
                assertTrue(metrics.contains(expected), expected + " missing from\n" + metrics);
            }
        }
    }

    private HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String cleanupPolicy(Admin admin, String topic) throws Exception {
        ConfigResource r = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        Config config = admin.describeConfigs(List.of(r)).all().get().get(r);
        return config.get("cleanup.policy").value();
    }
}
