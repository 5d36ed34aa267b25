package io.segmenter.app;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.segmenter.app.config.SegmenterConfig;
import io.segmenter.avro.CustomerAttributes;
import io.segmenter.avro.SegmentAssignment;
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
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** customer-attributes and two models on a real broker: the topics the app creates, both models' outputs, the lookup. */
@ExtendWith(KafkaBrokerExtension.class)
class AttributesModelsIT {

    @Test
    void attributesAndTransactionsAreScoredByBothModelsOnTheirOwnTopics(KafkaTestCluster kafka, @TempDir Path dir) throws Exception {
        String input = kafka.uniqueTopic("transactions");
        String models = kafka.uniqueTopic("models");
        Map<String, Object> c = BrokerRuns.config(kafka, kafka.uniqueId("app"), input, models, dir, 3);
        c.put(SegmenterConfig.MODELS, "rfm,demographic");
        SegmenterConfig config = new SegmenterConfig(c);
        String attributes = config.getString(SegmenterConfig.TOPIC_ATTRIBUTES);
        String demographicTopic = config.segmentsTopic("demographic");
        try (SegmenterApp app = new SegmenterApp(config)) {
            app.start();
            try (Admin admin = kafka.admin()) {
                Map<String, TopicDescription> topics = admin.describeTopics(List.of(attributes, demographicTopic)).allTopicNames().get();
                assertEquals(3, topics.get(attributes).partitions().size(), "co-partitioned with transactions");
                assertEquals("compact", cleanupPolicy(admin, attributes));
                assertEquals("compact", cleanupPolicy(admin, demographicTopic));
            }
            BrokerRuns.publishModel(kafka, models, Fixtures.model(1));
            BrokerRuns.publishModel(kafka, models, Fixtures.demographic(1));
            Instant t = Instant.parse("2024-06-01T00:00:00Z");
            kafka.produce(attributes, new StringSerializer(), new AvroSerde<>(CustomerAttributes.class), List.of(
                    Map.entry("c1", Fixtures.attributes("c1", t, Map.of("Age", 23.0), Map.of("Gender", "Male"))),
                    Map.entry("c2", Fixtures.attributes("c2", t, Map.of("Age", 64.0), Map.of("Gender", "Female")))));
            kafka.produce(input, new StringSerializer(), new AvroSerde<>(Transaction.class),
                    List.of(Map.entry("c1", Fixtures.purchase("t1", "c1", t, 10_000))));

            List<SegmentAssignment> demographic = BrokerRuns.segments(kafka, demographicTopic, 2, Duration.ofMinutes(1)).stream()
                    .map(r -> r.value()).toList();
            assertEquals(Map.of("c1", "Young men", "c2", "Older women"), Map.of(
                    demographic.get(0).getCustomerId(), demographic.get(0).getSegmentLabel(),
                    demographic.get(1).getCustomerId(), demographic.get(1).getSegmentLabel()));
            List<SegmentAssignment> rfm = BrokerRuns.segments(kafka, config.getString(SegmenterConfig.TOPIC_SEGMENTS), 1, Duration.ofMinutes(1))
                    .stream().map(r -> r.value()).toList();
            assertEquals("rfm", rfm.getFirst().getModelName());
            assertEquals("c1", rfm.getFirst().getCustomerId());

            HttpClient http = HttpClient.newHttpClient();
            String base = "http://127.0.0.1:" + app.http().port();
            await().atMost(Duration.ofMinutes(1)).until(() -> lookup(http, base, "c1").path("models").size() == 2);
            JsonNode c1 = lookup(http, base, "c1");
            assertEquals("rfm", c1.path("models").get(0).path("model").asText(), "the primary first");
            assertEquals("Young men", c1.path("models").get(1).path("segment").path("label").asText());
            assertEquals("Male", c1.path("profile").path("attributes").path("Gender").asText());
            assertTrue(c1.path("profile").path("attributes").path("Age").isNumber());
        }
    }

    private static JsonNode lookup(HttpClient http, String base, String id) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/customers/" + id)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        return r.statusCode() == 200 ? new ObjectMapper().readTree(r.body()) : new ObjectMapper().createObjectNode();
    }

    private static String cleanupPolicy(Admin admin, String topic) throws Exception {
        ConfigResource r = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        Config config = admin.describeConfigs(List.of(r)).all().get().get(r);
        return config.get("cleanup.policy").value();
    }
}
