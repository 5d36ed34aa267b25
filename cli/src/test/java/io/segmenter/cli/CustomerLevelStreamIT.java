package io.segmenter.cli;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.segmenter.app.SegmenterApp;
import io.segmenter.app.config.SegmenterConfig;
import io.segmenter.avro.SegmentAssignment;
import io.segmenter.broker.junit.KafkaBrokerExtension;
import io.segmenter.broker.junit.KafkaTestCluster;
import io.segmenter.cli.observability.RepositoryFiles;
import io.segmenter.serde.AvroSerde;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Customer-level data end to end on a real broker, for the bundled demographic file (categorical and
 * ordinal columns, missing values, ids that appear twice) and CC GENERAL (17 numeric columns): the file is
 * replayed as customer attributes, a report over the same file fits and publishes the model and writes every
 * customer's assignment, the app scores the model beside rfm, and every customer the stream assigns is in
 * the segment the batch report gave them.
 */
@ExtendWith(KafkaBrokerExtension.class)
class CustomerLevelStreamIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    static Stream<Arguments> files() {
        return Stream.of(
                Arguments.of("customer_demographics.csv", "ID", "demographic", 8_363,
                        List.of("--ordinal", "Spending_Score=Low<Average<High", "--min-silhouette", "0")),
                Arguments.of("cc_general.csv", "CUST_ID", "ccgeneral", 8_950, List.of("--k", "4", "--min-silhouette", "0")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("files")
    void everyCustomerTheStreamAssignsIsInTheReportsSegment(String file, String idColumn, String model, int customers, List<String> flags,
            KafkaTestCluster kafka, @TempDir Path dir) throws Exception {
        Path csv = RepositoryFiles.root().resolve("datasets").resolve(file);
        Map<String, Object> c = RetailCsv.appSettings(kafka, kafka.uniqueId(model + "-app"), dir.resolve("state"));
        c.put(SegmenterConfig.MODELS, "rfm," + model);
        c.put(SegmenterConfig.RESCORE_CHUNK_SIZE, "5000");
        c.put(SegmenterConfig.TICK_INTERVAL_MS, "200");
        SegmenterConfig config = new SegmenterConfig(c);
        String[] kafkaArgs = {"--bootstrap-server", kafka.bootstrapServers()};
        try (SegmenterApp app = new SegmenterApp(config)) {
            app.start();
            assertEquals(0, cli(kafkaArgs, "replay", "--attributes", "--csv", csv.toString(), "--id-column", idColumn,
                    "--topic", config.getString(SegmenterConfig.TOPIC_ATTRIBUTES)));
            Path assignments = dir.resolve("assignments.csv");
            List<String> report = new ArrayList<>(List.of("report", "--csv", csv.toString(), "--customer-level", "--id-column", idColumn,
                    "--model-name", model, "--assignments", assignments.toString(), "--publish",
                    "--models-topic", config.getString(SegmenterConfig.TOPIC_MODELS)));
            report.addAll(flags);
            assertEquals(0, cli(kafkaArgs, report.toArray(String[]::new)));
            Map<String, Integer> batch = new HashMap<>();
            for (String line : Files.readAllLines(assignments).subList(1, customers + 1)) {
                String[] f = line.split(",", 3);
                batch.put(f[0], Integer.parseInt(f[1]));
            }
            assertEquals(customers, batch.size());

            String topic = config.segmentsTopic(model);
            Map<String, SegmentAssignment> stream = new HashMap<>();
            AvroSerde<SegmentAssignment> serde = new AvroSerde<>(SegmentAssignment.class);
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(2)).until(() -> {
                for (ConsumerRecord<String, SegmentAssignment> r : kafka.consume(topic, new StringDeserializer(), serde, Integer.MAX_VALUE,
                        Duration.ofSeconds(2))) {
                    stream.put(r.key(), r.value());
                }
                return stream.size() >= customers;
            });
            assertEquals(batch.keySet(), stream.keySet(), "the stream assigns exactly the report's customers");
            List<String> differ = new ArrayList<>();
            stream.forEach((id, a) -> {
                if (a.getSegmentId() != batch.get(id)) {
                    differ.add(id + ": stream " + a.getSegmentId() + ", report " + batch.get(id));
                }
            });
            assertEquals(List.of(), differ.subList(0, Math.min(10, differ.size())), differ.size() + " customers differ");

            // the lookup shows the model's segment beside the customer's attributes
            String someone = batch.keySet().iterator().next();
            JsonNode view = JSON.readTree(HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + app.http().port() + "/customers/" + someone)).GET().build(),
                    HttpResponse.BodyHandlers.ofString()).body());
            List<String> models = new ArrayList<>();
            view.path("models").forEach(m -> models.add(m.path("model").asText()));
            assertEquals(List.of(model), models, view.toString());
            assertEquals(batch.get(someone).intValue(), view.path("models").get(0).path("segment").path("id").asInt());
            assertTrue(view.path("profile").path("attributes").size() > 5, view.toString());
        }
    }

    private static int cli(String[] kafkaArgs, String... command) {
        String[] all = new String[command.length + kafkaArgs.length];
        System.arraycopy(command, 0, all, 0, command.length);
        System.arraycopy(kafkaArgs, 0, all, command.length, kafkaArgs.length);
        return SegmenterCli.commandLine().execute(all);
    }
}
