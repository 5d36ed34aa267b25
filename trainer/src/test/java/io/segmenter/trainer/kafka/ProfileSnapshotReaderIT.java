package io.segmenter.trainer.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.segmenter.avro.CustomerProfile;
import io.segmenter.broker.junit.KafkaBrokerExtension;
import io.segmenter.broker.junit.KafkaTestCluster;
import io.segmenter.serde.AvroSerde;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(KafkaBrokerExtension.class)
class ProfileSnapshotReaderIT {

    private static final AvroSerde<CustomerProfile> SERDE = new AvroSerde<>(CustomerProfile.class);

    @Test
    void shouldKeepTheLastValuePerCustomerAndDropErasedCustomers(KafkaTestCluster kafka) {
        String topic = kafka.createTopic(kafka.uniqueTopic("customer-profiles"), 3, Map.of("cleanup.policy", "compact"));
        List<Map.Entry<String, CustomerProfile>> records = new ArrayList<>();
        records.add(Map.entry("c1", profile("c1", 1, "2026-01-01T00:00:00Z", "2025-12-31T00:00:00Z")));
        records.add(Map.entry("c2", profile("c2", 1, "2026-01-02T00:00:00Z", "2026-01-02T00:00:00Z")));
        records.add(Map.entry("c3", profile("c3", 2, "2026-01-03T00:00:00Z", "2026-01-01T00:00:00Z")));
        records.add(Map.entry("c1", profile("c1", 5, "2026-01-04T00:00:00Z", "2026-01-03T00:00:00Z")));
        records.add(new java.util.AbstractMap.SimpleEntry<>("c2", null));
        kafka.produce(topic, new StringSerializer(), SERDE, records);

        List<long[]> progress = new ArrayList<>();
        ProfileSnapshot snapshot = new ProfileSnapshotReader(config(kafka))
                .read(topic, (read, total) -> progress.add(new long[] {read, total}));

        assertEquals(java.util.Set.of("c1", "c3"), snapshot.profiles().keySet());
        assertEquals(5, snapshot.profiles().get("c1").getLifetimePurchaseCount());
        assertEquals(Instant.parse("2026-01-04T00:00:00Z"), snapshot.maxUpdatedAt());
        assertEquals(Instant.parse("2026-01-03T00:00:00Z"), snapshot.maxLastEventTime());
        assertEquals(5, snapshot.recordsRead());
        assertEquals(0, snapshot.undecodable());
        long[] last = progress.getLast();
        assertEquals(5, last[1]);
        assertEquals(last[1], last[0]);
    }

    @Test
    void shouldLeaveOutRecordsProducedAfterTheSnapshotStarted(KafkaTestCluster kafka) {
        String topic = kafka.createTopic(kafka.uniqueTopic("customer-profiles"), 2, Map.of("cleanup.policy", "compact"));
        kafka.produce(topic, new StringSerializer(), SERDE, List.of(
                Map.entry("c1", profile("c1", 1, "2026-01-01T00:00:00Z", "2026-01-01T00:00:00Z")),
                Map.entry("c2", profile("c2", 1, "2026-01-01T00:00:00Z", "2026-01-01T00:00:00Z"))));

        boolean[] producedLate = {false};
        ProfileSnapshot snapshot = new ProfileSnapshotReader(config(kafka)).read(topic, (read, total) -> {
            // The first call comes after the end offsets were taken: anything produced now is too late.
            if (!producedLate[0]) {
                producedLate[0] = true;
                kafka.produce(topic, new StringSerializer(), SERDE, List.of(
                        Map.entry("c1", profile("c1", 9, "2026-02-01T00:00:00Z", "2026-02-01T00:00:00Z")),
                        Map.entry("c9", profile("c9", 1, "2026-02-01T00:00:00Z", "2026-02-01T00:00:00Z"))));
            }
        });

        assertTrue(producedLate[0]);
        assertEquals(java.util.Set.of("c1", "c2"), snapshot.profiles().keySet());
        assertEquals(1, snapshot.profiles().get("c1").getLifetimePurchaseCount());
        assertEquals(Instant.parse("2026-01-01T00:00:00Z"), snapshot.maxUpdatedAt());
    }

    @Test
    void shouldReadOnlyCommittedTransactionsAndNotWaitForAnOpenOne(KafkaTestCluster kafka) {
        String topic = kafka.createTopic(kafka.uniqueTopic("customer-profiles"), 1, Map.of("cleanup.policy", "compact"));
        try (KafkaProducer<String, CustomerProfile> committed = transactional(kafka);
                KafkaProducer<String, CustomerProfile> aborted = transactional(kafka);
                KafkaProducer<String, CustomerProfile> open = transactional(kafka)) {
            committed.beginTransaction();
            committed.send(new ProducerRecord<>(topic, "c1", profile("c1", 1, "2026-01-01T00:00:00Z", null)));
            committed.commitTransaction();
            aborted.beginTransaction();
            aborted.send(new ProducerRecord<>(topic, "c2", profile("c2", 1, "2026-01-01T00:00:00Z", null)));
            aborted.flush();
            aborted.abortTransaction();
            open.beginTransaction();
            open.send(new ProducerRecord<>(topic, "c3", profile("c3", 1, "2026-01-01T00:00:00Z", null)));
            open.flush();

            ProfileSnapshot snapshot = new ProfileSnapshotReader(config(kafka)).read(topic, SnapshotProgress.NONE);

            assertEquals(java.util.Set.of("c1"), snapshot.profiles().keySet());
            assertFalse(snapshot.profiles().containsKey("c3"));
            assertEquals(null, snapshot.maxLastEventTime());
            open.abortTransaction();
        }
    }

    private static KafkaProducer<String, CustomerProfile> transactional(KafkaTestCluster kafka) {
        Properties props = kafka.producerProps();
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, kafka.uniqueId("profiles-tx"));
        KafkaProducer<String, CustomerProfile> producer = new KafkaProducer<>(props, new StringSerializer(), SERDE);
        producer.initTransactions();
        return producer;
    }

    private static Map<String, Object> config(KafkaTestCluster kafka) {
        return Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    }

    static CustomerProfile profile(String id, long purchases, String updatedAt, String lastEvent) {
        return CustomerProfile.newBuilder()
                .setCustomerId(id)
                .setCurrency("GBP")
                .setFirstPurchaseTime(null)
                .setLastPurchaseTime(lastEvent == null ? null : Instant.parse(lastEvent))
                .setLifetimePurchaseCount(purchases)
                .setLifetimeNetMonetaryMinor(purchases * 1000)
                .setLifetimeRefundMinor(0)
                .setHorizonDays(365)
                .setHorizonPurchaseCount(purchases)
                .setHorizonNetMonetaryMinor(purchases * 1000)
                .setBuckets(List.of())
                .setLastEventTime(lastEvent == null ? null : Instant.parse(lastEvent))
                .setUpdatedAt(Instant.parse(updatedAt))
                .build();
    }
}
