package io.segmenter.cli;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.segmenter.app.SegmenterApp;
import io.segmenter.app.config.SegmenterConfig;
import io.segmenter.avro.CustomerProfile;
import io.segmenter.avro.SegmentAssignment;
import io.segmenter.broker.junit.KafkaBrokerExtension;
import io.segmenter.broker.junit.KafkaTestCluster;
import io.segmenter.broker.junit.SchemaRegistryExtension;
import io.segmenter.broker.registry.SchemaRegistryServer;
import io.segmenter.serde.AvroSerde;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Registry mode end to end against a real schema registry (Apicurio, Confluent-compatible API) and a real
 * broker: replay a CSV through the registry, the app folds it, the trainer publishes a model through the
 * registry, the app loads it and assigns every customer; a plain consumer with the registry decodes the
 * Confluent-framed assignments, and the subjects are the TopicNameStrategy ones.
 */
@ExtendWith({KafkaBrokerExtension.class, SchemaRegistryExtension.class})
class RegistryEndToEndIT {

    private static final Duration LONG = Duration.ofMinutes(3);

    @Test
    void replayAppTrainerAndAppAgainThroughARealRegistry(KafkaTestCluster kafka, SchemaRegistryServer registry, @TempDir Path dir)
            throws Exception {
        Map<String, Object> c = RetailCsv.appSettings(kafka, kafka.uniqueId("registry-app"), dir.resolve("state"));
        c.put(SegmenterConfig.TICK_INTERVAL_MS, "500");
        c.put("schema.registry.url", registry.url());
        SegmenterConfig config = new SegmenterConfig(c);
        String transactions = config.getString(SegmenterConfig.TOPIC_TRANSACTIONS);
        String profiles = config.getString(SegmenterConfig.TOPIC_PROFILES);
        String segments = config.getString(SegmenterConfig.TOPIC_SEGMENTS);
        String models = config.getString(SegmenterConfig.TOPIC_MODELS);
        Map<String, Object> serdeConfig = Map.of("schema.registry.url", registry.url());

        Path csv = dir.resolve("retail.csv");
        int customers = RetailCsv.write(csv);
        try (SegmenterApp segmenter = new SegmenterApp(config)) {
            segmenter.start();
            assertEquals(0, new CommandLine(new ReplayCommand()).execute("--bootstrap-server", kafka.bootstrapServers(),
                    "--csv", csv.toString(), "--topic", transactions, "--schema-registry-url", registry.url()));
            await().atMost(LONG).until(() -> kafka.consume(profiles, new StringDeserializer(),
                    AvroSerde.of(CustomerProfile.class, serdeConfig), Integer.MAX_VALUE, Duration.ofSeconds(2))
                    .stream().map(ConsumerRecord::key).distinct().count() == customers);

            assertEquals(0, new CommandLine(new TrainCommand()).setCaseInsensitiveEnumValuesAllowed(true).execute("--once",
                    "--bootstrap-server", kafka.bootstrapServers(), "--profiles-topic", profiles, "--models-topic", models,
                    "--snapshot-timeout", "60s", "--schema-registry-url", registry.url())); // clock, buckets: from the profiles
            await().atMost(LONG).until(() -> segmenter.models().scoring() != null);

            // a plain consumer: the raw bytes are Confluent-framed, and the registry-aware serde decodes them
            try (AvroSerde<SegmentAssignment> assignments = AvroSerde.of(SegmentAssignment.class, serdeConfig)) {
                await().atMost(LONG).untilAsserted(() -> {
                    List<ConsumerRecord<String, byte[]>> raw = kafka.consume(segments, new StringDeserializer(), new ByteArrayDeserializer(),
                            Integer.MAX_VALUE, Duration.ofSeconds(2));
                    Map<String, SegmentAssignment> latest = new HashMap<>();
                    for (ConsumerRecord<String, byte[]> r : raw) {
                        assertEquals(0, r.value()[0], "Confluent magic byte");
                        latest.put(r.key(), assignments.deserialize(segments, r.value()));
                    }
                    assertEquals(customers, latest.size());
                    assertTrue(latest.values().stream().allMatch(a -> a.getModelVersion() >= 1));
                });
            }
        }

        String subjects = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(registry.url() + "/subjects")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        for (String topic : List.of(transactions, profiles, segments, models)) {
            assertTrue(subjects.contains("\"" + topic + "-value\""), topic + "-value missing from " + subjects);
        }
    }
}
