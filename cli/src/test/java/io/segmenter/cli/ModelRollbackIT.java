package io.segmenter.cli;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.segmenter.app.SegmenterApp;
import io.segmenter.app.config.SegmenterConfig;
import io.segmenter.avro.SegmentAssignment;
import io.segmenter.avro.SegmentModel;
import io.segmenter.broker.junit.KafkaBrokerExtension;
import io.segmenter.broker.junit.KafkaTestCluster;
import io.segmenter.serde.AvroSerde;
import io.segmenter.trainer.kafka.ModelPublisher;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Versions, shadow and rollback against a running app: train v1, publish a different v2 (forced past the
 * stability gate), score v1 in shadow beside v2 (exact agreement, nothing emitted), roll back to v1. The app hot-swaps to the rollback (v3, v1's centroids) and every customer's
 * segment is again the one v1 gave them; the history lists all three versions.
 */
@ExtendWith(KafkaBrokerExtension.class)
class ModelRollbackIT {

    private static final Duration LONG = Duration.ofMinutes(3);
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void rollingBackToV1ScoresEveryCustomerAsV1DidAgain(KafkaTestCluster kafka, @TempDir Path dir) throws Exception {
        Map<String, Object> c = RetailCsv.appSettings(kafka, kafka.uniqueId("rollback-app"), dir.resolve("state"));
        // every re-score after a model swap emits, so the segments topic shows each customer under each version
        c.put(SegmenterConfig.EMIT, SegmenterConfig.EMIT_ALWAYS);
        SegmenterConfig config = new SegmenterConfig(c);
        String models = config.getString(SegmenterConfig.TOPIC_MODELS);
        String profiles = config.getString(SegmenterConfig.TOPIC_PROFILES);
        String segments = config.getString(SegmenterConfig.TOPIC_SEGMENTS);
        Path csv = dir.resolve("retail.csv");
        int customers = RetailCsv.write(csv);
        String[] kafkaArgs = {"--bootstrap-server", kafka.bootstrapServers(), "--models-topic", models};

        try (SegmenterApp segmenter = new SegmenterApp(config)) {
            segmenter.start();
            assertEquals(0, cli("replay", "--bootstrap-server", kafka.bootstrapServers(), "--csv", csv.toString(),
                    "--topic", config.getString(SegmenterConfig.TOPIC_TRANSACTIONS)));
            await().atMost(LONG).until(() -> cli("profiles", "--bootstrap-server", kafka.bootstrapServers(), "--topic", profiles,
                    "--csv", dir.resolve("p.csv").toString()) == 0
                    && java.nio.file.Files.readAllLines(dir.resolve("p.csv")).size() == customers + 1);

            assertEquals(0, cli(append(kafkaArgs, "train", "--once", "--profiles-topic", profiles, "--k", "4")));
            Map<String, Integer> v1 = awaitEveryoneAt(kafka, segments, 1, customers);
            // a different segmentation, past the stability gate
            assertEquals(0, cli(append(kafkaArgs, "train", "--once", "--profiles-topic", profiles, "--k", "2", "--force",
                    "--min-silhouette", "0", "--min-share", "0")));
            Map<String, Integer> v2 = awaitEveryoneAt(kafka, segments, 2, customers);
            assertNotEquals(v1, v2, "v2 must segment differently for the rollback to show");
            long v1Records = countAt(kafka, segments, 1);

            // v1 in shadow beside v2: the app reports, customer by customer, how v1 would segment them, and emits nothing for it
            assertEquals(0, cli(append(kafkaArgs, "model", "shadow", "rfm", "1")));
            URI shadowUri = URI.create("http://127.0.0.1:" + segmenter.http().port() + "/models/rfm/shadow");
            JsonNode shadow = awaitJson(shadowUri, j -> j.path("candidateVersion").asLong() == 1 && j.path("customers").asLong() == customers);
            assertEquals(2, shadow.path("liveVersion").asLong());
            Map<String, Long> expectedPairs = new java.util.TreeMap<>();
            v2.forEach((id, live) -> expectedPairs.merge(live + ">" + v1.get(id), 1L, Long::sum));
            Map<String, Long> pairs = new java.util.TreeMap<>();
            shadow.path("pairs").forEach(p -> pairs.put(p.path("liveSegmentId").asInt() + ">" + p.path("candidateSegmentId").asInt(),
                    p.path("customers").asLong()));
            assertEquals(expectedPairs, pairs, "every live -> candidate pair, as v1 and v2 segmented the customers");
            long agreeing = v2.entrySet().stream().filter(e -> e.getValue().equals(v1.get(e.getKey()))).count();
            assertEquals(agreeing, shadow.path("agreeing").asLong());
            assertEquals(v1Records, countAt(kafka, segments, 1), "shadow scoring emits nothing");
            assertEquals(1, segmenter.models().shadow("rfm").getVersion());
            assertEquals(0, cli(append(kafkaArgs, "model", "shadow", "rfm", "--stop")));
            await().atMost(LONG).until(() -> segmenter.models().shadow("rfm") == null);
            assertEquals(404, HTTP.send(HttpRequest.newBuilder(shadowUri).build(), HttpResponse.BodyHandlers.ofString()).statusCode());

            assertEquals(0, cli(append(kafkaArgs, "model", "rollback", "rfm", "--to", "1")));
            Map<String, Integer> v3 = awaitEveryoneAt(kafka, segments, 3, customers);
            assertEquals(v1, v3, "after the rollback every customer is in the segment v1 gave them");
            await().atMost(LONG).until(() -> segmenter.models().scoring() != null && segmenter.models().scoring().getVersion() == 3);
        }

        Map<String, Object> client = Map.of("bootstrap.servers", kafka.bootstrapServers());
        try (ModelPublisher publisher = new ModelPublisher(client, models)) {
            List<SegmentModel> history = publisher.versions("rfm");
            assertEquals(List.of(1L, 2L, 3L), history.stream().map(SegmentModel::getVersion).toList());
            assertEquals(history.get(0).getCentroids(), history.get(2).getCentroids());
            assertEquals(2L, history.get(2).getPreviousVersion());
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream stdout = System.out;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            assertEquals(0, cli(append(kafkaArgs, "model", "versions", "rfm")));
        } finally {
            System.setOut(stdout);
        }
        String listing = out.toString(StandardCharsets.UTF_8);
        assertTrue(listing.lines().anyMatch(l -> l.trim().startsWith("3 ") && l.endsWith("in use")), listing);
    }

    private static long countAt(KafkaTestCluster kafka, String segments, long version) {
        try (AvroSerde<SegmentAssignment> serde = AvroSerde.of(SegmentAssignment.class, Map.of())) {
            return kafka.consume(segments, new StringDeserializer(), serde, Integer.MAX_VALUE, Duration.ofSeconds(2)).stream()
                    .filter(r -> r.value().getModelVersion() == version).count();
        }
    }

    private static JsonNode awaitJson(URI uri, java.util.function.Predicate<JsonNode> done) {
        JsonNode[] last = {null};
        await().atMost(LONG).pollInterval(Duration.ofMillis(500)).until(() -> {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
            last[0] = r.statusCode() == 200 ? JSON.readTree(r.body()) : null;
            return last[0] != null && done.test(last[0]);
        });
        return last[0];
    }

    /** Each customer's latest segment once every customer's latest assignment is from {@code version}. */
    private static Map<String, Integer> awaitEveryoneAt(KafkaTestCluster kafka, String segments, long version, int customers) {
        Map<String, Integer> out = new HashMap<>();
        try (AvroSerde<SegmentAssignment> serde = AvroSerde.of(SegmentAssignment.class, Map.of())) {
            await().atMost(LONG).pollInterval(Duration.ofSeconds(1)).until(() -> {
                Map<String, SegmentAssignment> latest = new HashMap<>();
                for (ConsumerRecord<String, SegmentAssignment> r : kafka.consume(segments, new StringDeserializer(), serde,
                        Integer.MAX_VALUE, Duration.ofSeconds(2))) {
                    latest.put(r.key(), r.value());
                }
                if (latest.size() != customers || !latest.values().stream().allMatch(a -> a.getModelVersion() == version)) {
                    return false;
                }
                out.clear();
                latest.forEach((id, a) -> out.put(id, a.getSegmentId()));
                return true;
            });
        }
        return out;
    }

    private static int cli(String... args) {
        return SegmenterCli.commandLine().execute(args);
    }

    /** The Kafka flags go after the subcommand: {@code append(kafka, "train", ...)} is {@code train ... kafka}. */
    private static String[] append(String[] kafkaArgs, String... command) {
        String[] all = new String[command.length + kafkaArgs.length];
        System.arraycopy(command, 0, all, 0, command.length);
        System.arraycopy(kafkaArgs, 0, all, command.length, kafkaArgs.length);
        return all;
    }
}
