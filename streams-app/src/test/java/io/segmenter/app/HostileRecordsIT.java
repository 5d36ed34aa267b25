package io.segmenter.app;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.segmenter.app.config.SegmenterConfig;
import io.segmenter.app.metrics.SegmenterMetrics;
import io.segmenter.app.process.CustomerPartitioning;
import io.segmenter.app.state.OutcomeCounts;
import io.segmenter.app.validate.DeadLetters;
import io.segmenter.avro.CustomerProfile;
import io.segmenter.avro.SegmentModel;
import io.segmenter.avro.Transaction;
import io.segmenter.broker.junit.KafkaBrokerExtension;
import io.segmenter.broker.junit.KafkaTestCluster;
import io.segmenter.model.ModelValidator;
import io.segmenter.serde.AvroSerde;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.ThreadMetadata;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The adversary's records against one app on a real broker (six partitions): each break found on the
 * first wave's main, reproduced, and shown to hold now.
 */
@ExtendWith(KafkaBrokerExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileRecordsIT {

    private static final int PARTITIONS = 6;
    private static final Duration LONG = Duration.ofMinutes(2);

    private final HttpClient http = HttpClient.newHttpClient();
    private KafkaTestCluster kafka;
    private SegmenterApp app;
    private String input;
    private String models;
    private String base;

    @BeforeAll
    void start(KafkaTestCluster kafka, @TempDir Path dir) throws Exception {
        this.kafka = kafka;
        input = kafka.uniqueTopic("transactions");
        models = kafka.uniqueTopic("models");
        Map<String, Object> c = BrokerRuns.config(kafka, kafka.uniqueId("hostile"), input, models, dir, PARTITIONS);
        c.put(SegmenterConfig.CLOCK, SegmenterConfig.CLOCK_WALL);
        c.put(SegmenterConfig.ID_MAX_CHARS, "2000");
        // an operator's small message limit on the outputs: a customer id of 1,500 characters makes records the broker refuses
        for (String topic : List.of(SegmenterConfig.TOPIC_SEGMENTS, SegmenterConfig.TOPIC_PROFILES)) {
            kafka.createTopic(c.get(topic).toString(), PARTITIONS, Map.of("cleanup.policy", "compact", "max.message.bytes", "1200"));
        }
        app = new SegmenterApp(new SegmenterConfig(c));
        app.start();
        base = "http://127.0.0.1:" + app.http().port();
        BrokerRuns.publishModel(kafka, models, Fixtures.model(1));
        await().atMost(LONG).until(() -> get("/health/ready").statusCode() == 200);
    }

    @AfterAll
    void stop() {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void aMillionCharacterCustomerIdGoesToTheDlqWhileOtherCustomersKeepFlowing() throws Exception {
        Set<String> threadsBefore = streamThreads();
        Instant at = Instant.now().minusSeconds(60);
        Transaction huge = Fixtures.purchase("huge-1", "x".repeat(1_000_000), at, 1_000);
        try (KafkaProducer<byte[], byte[]> producer = bigProducer()) {
            producer.send(new ProducerRecord<>(input, null, new AvroSerde<>(Transaction.class).serialize(input, huge))).get();
            for (int i = 0; i < 30; i++) {
                Transaction t = Fixtures.purchase("flow-" + i, "flow-" + i, at, 1_000);
                producer.send(new ProducerRecord<>(input, key(t), new AvroSerde<>(Transaction.class).serialize(input, t)));
            }
            producer.flush();
        }
        String profiles = app.config().getString(SegmenterConfig.TOPIC_PROFILES);
        await().atMost(LONG).until(() -> BrokerRuns.latest(BrokerRuns.profiles(kafka, profiles, Integer.MAX_VALUE, Duration.ofSeconds(2)))
                .keySet().stream().filter(k -> k.startsWith("flow-")).count() == 30);

        List<ConsumerRecord<byte[], byte[]>> dead = kafka.consume(app.config().getString(SegmenterConfig.TOPIC_DLQ),
                new ByteArrayDeserializer(), new ByteArrayDeserializer(), 10, Duration.ofSeconds(5));
        List<ConsumerRecord<byte[], byte[]>> oversized = dead.stream().filter(r -> "oversized".equals(header(r, DeadLetters.REASON))).toList();
        assertEquals(1, oversized.size(), "one dead letter for the huge record");
        assertTrue(oversized.getFirst().value().length <= app.config().getInt(SegmenterConfig.RECORD_MAX_BYTES),
                "the dead letter is cut to fit: " + oversized.getFirst().value().length);
        assertTrue(Long.parseLong(header(oversized.getFirst(), DeadLetters.ORIGINAL_BYTES)) > 1_000_000);
        assertEquals(200, get("/health/ready").statusCode());
        assertEquals(threadsBefore, streamThreads(), "no stream thread died and was replaced");
    }

    @Test
    void aCustomerWhoseOutputsTheBrokerRefusesGoesToTheDlqWhileOthersKeepFlowing() throws Exception {
        double replacementsBefore = app.metrics().threadReplacements();
        Instant at = Instant.now().minusSeconds(60);
        String longId = "L".repeat(1_500);
        try (KafkaProducer<byte[], byte[]> producer = bigProducer()) {
            Transaction t = Fixtures.purchase("long-1", longId, at, 1_000);
            producer.send(new ProducerRecord<>(input, key(t), new AvroSerde<>(Transaction.class).serialize(input, t))).get();
            for (int i = 0; i < 30; i++) {
                Transaction ok = Fixtures.purchase("after-" + i, "after-" + i, at, 1_000);
                producer.send(new ProducerRecord<>(input, key(ok), new AvroSerde<>(Transaction.class).serialize(input, ok)));
            }
            producer.flush();
        }
        String profiles = app.config().getString(SegmenterConfig.TOPIC_PROFILES);
        await().atMost(LONG).until(() -> BrokerRuns.latest(BrokerRuns.profiles(kafka, profiles, Integer.MAX_VALUE, Duration.ofSeconds(2)))
                .keySet().stream().filter(k -> k.startsWith("after-")).count() == 30);
        List<ConsumerRecord<byte[], byte[]>> dead = kafka.consume(app.config().getString(SegmenterConfig.TOPIC_DLQ),
                new ByteArrayDeserializer(), new ByteArrayDeserializer(), 20, Duration.ofSeconds(5));
        List<ConsumerRecord<byte[], byte[]>> unwritable = dead.stream().filter(r -> "unwritable".equals(header(r, DeadLetters.REASON))).toList();
        assertEquals(1, unwritable.size(), "one dead letter for the customer whose outputs cannot be written");
        assertEquals(longId, new String(unwritable.getFirst().key(), StandardCharsets.UTF_8));
        assertTrue(header(unwritable.getFirst(), DeadLetters.MESSAGE).contains("RecordTooLarge"), header(unwritable.getFirst(), DeadLetters.MESSAGE));
        // under exactly-once the refused send fails the commit once (the thread is replaced); the retry routes the customer to the DLQ
        assertTrue(app.metrics().threadReplacements() <= replacementsBefore + 1, "replaced " + app.metrics().threadReplacements());
        await().atMost(LONG).until(() -> get("/health/ready").statusCode() == 200);
        assertEquals(1L, app.outcomes().read().get(OutcomeCounts.key(OutcomeCounts.REJECTED, "unwritable")));
    }

    @Test
    void aCustomerKeyedRightButWrittenToTwoWrongPartitionsFoldsIntoOneProfile() throws Exception {
        String customer = "A-part";
        byte[] key = customer.getBytes(StandardCharsets.UTF_8);
        int home = new CustomerPartitioning(PARTITIONS).partitionOf(key);
        Instant at = Instant.now().minusSeconds(60);
        double reroutedBefore = app.metrics().reroutedCount(SegmenterMetrics.REROUTE_WRONG_PARTITION);
        try (KafkaProducer<byte[], byte[]> producer = bigProducer()) {
            int n = 0;
            for (int partition : List.of((home + 1) % PARTITIONS, (home + 2) % PARTITIONS)) {
                Transaction t = Fixtures.purchase("part-" + n++, customer, at, 2_500);
                producer.send(new ProducerRecord<>(input, partition, key, new AvroSerde<>(Transaction.class).serialize(input, t))).get();
            }
        }
        String profiles = app.config().getString(SegmenterConfig.TOPIC_PROFILES);
        await().atMost(LONG).untilAsserted(() -> {
            CustomerProfile p = BrokerRuns.latest(BrokerRuns.profiles(kafka, profiles, Integer.MAX_VALUE, Duration.ofSeconds(2))).get(customer);
            assertNotNull(p);
            assertEquals(2, p.getLifetimePurchaseCount());
            assertEquals(5_000, p.getLifetimeNetMonetaryMinor());
        });
        String body = get("/customers/" + customer).body();
        assertTrue(body.contains("\"lifetimePurchaseCount\":2"), body);
        assertEquals(reroutedBefore + 2, app.metrics().reroutedCount(SegmenterMetrics.REROUTE_WRONG_PARTITION));

        // an erasure written to a wrong partition of the erasures topic still reaches the task holding the customer
        try (KafkaProducer<byte[], byte[]> producer = bigProducer()) {
            producer.send(new ProducerRecord<>(app.config().getString(SegmenterConfig.TOPIC_ERASURES), (home + 3) % PARTITIONS, key,
                    new byte[0])).get();
        }
        await().atMost(LONG).until(() -> get("/customers/" + customer).statusCode() == 404);
        assertEquals(reroutedBefore + 3, app.metrics().reroutedCount(SegmenterMetrics.REROUTE_WRONG_PARTITION));
    }

    @Test
    void aModelWhoseDistancesOverflowIsRefusedAndTheOldOneStays() throws Exception {
        double refusedBefore = app.metrics().modelRefusals(ModelValidator.OUT_OF_RANGE);
        SegmentModel huge = Fixtures.model(2);
        huge.getCentroids().getFirst().setScaled(List.of(1e200, -1e200, 1e200));
        BrokerRuns.publishModel(kafka, models, huge);
        await().atMost(LONG).until(() -> app.metrics().modelRefusals(ModelValidator.OUT_OF_RANGE) > refusedBefore);
        assertEquals(1, app.models().scoring().getVersion(), "the previous model stays in use");
        assertEquals(200, get("/health/ready").statusCode());
        assertEquals(200, post("/predict", "{\"recency_days\":5,\"frequency\":3,\"monetary\":120}").statusCode());
    }

    @Test
    void predictWithOverflowingInputsIsA400NamingTheField() throws Exception {
        HttpResponse<String> r = post("/predict", "{\"recency_days\":1e300,\"frequency\":1e300,\"monetary\":1e300}");
        assertEquals(400, r.statusCode(), r.body());
        assertTrue(r.body().contains("recency_days"), r.body());
    }

    private KafkaProducer<byte[], byte[]> bigProducer() {
        var props = kafka.producerProps();
        props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 2 * 1024 * 1024);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, org.apache.kafka.common.serialization.ByteArraySerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, org.apache.kafka.common.serialization.ByteArraySerializer.class);
        return new KafkaProducer<>(props);
    }

    private static byte[] key(Transaction t) {
        return new StringSerializer().serialize(null, t.getCustomerId());
    }

    private static String header(ConsumerRecord<byte[], byte[]> r, String name) {
        var h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    private Set<String> streamThreads() {
        return app.streams().metadataForLocalThreads().stream().map(ThreadMetadata::threadName).collect(Collectors.toSet());
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String json) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
