package io.segmenter.serde;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.segmenter.avro.Transaction;
import io.segmenter.broker.junit.KafkaBrokerExtension;
import io.segmenter.broker.junit.KafkaTestCluster;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The serdes through a real KRaft broker: both framings, and a topic that moves from one to the other. */
@ExtendWith(KafkaBrokerExtension.class)
class AvroFramingIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private FakeSchemaRegistry registry;

    @BeforeEach
    void startRegistry() throws IOException {
        registry = new FakeSchemaRegistry();
    }

    @AfterEach
    void stopRegistry() {
        registry.close();
    }

    private Map<String, Object> registryConfig() {
        return Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, registry.url());
    }

    @Test
    void shouldProduceAndConsumeEveryRecordInSingleObjectEncoding(KafkaTestCluster kafka) {
        roundTrip(kafka, SampleRecords.transaction(), Map.of(), (byte) 0xC3);
        roundTrip(kafka, SampleRecords.profile(), Map.of(), (byte) 0xC3);
        roundTrip(kafka, SampleRecords.assignment(), Map.of(), (byte) 0xC3);
        roundTrip(kafka, SampleRecords.model(), Map.of(), (byte) 0xC3);
        assertTrue(registry.requests().isEmpty(), "no registry configured, no registry call: " + registry.requests());
    }

    @Test
    void shouldProduceAndConsumeEveryRecordInRegistryFraming(KafkaTestCluster kafka) {
        String topic = roundTrip(kafka, SampleRecords.transaction(), registryConfig(), (byte) 0x00);
        roundTrip(kafka, SampleRecords.profile(), registryConfig(), (byte) 0x00);
        roundTrip(kafka, SampleRecords.assignment(), registryConfig(), (byte) 0x00);
        roundTrip(kafka, SampleRecords.model(), registryConfig(), (byte) 0x00);
        assertEquals(1, registry.versions(topic + "-value").size(), "registered under the TopicNameStrategy subject");
    }

    @Test
    void shouldReadATopicThatMovesFromSingleObjectToRegistryFraming(KafkaTestCluster kafka) {
        String topic = kafka.createUniqueTopic("transactions", 1);
        Transaction before = SampleRecords.transaction();
        Transaction after = Transaction.newBuilder(before).setTransactionId("INV-2").setLineCount(null).build();
        kafka.produce(topic, new StringSerializer(), AvroSerde.of(Transaction.class, Map.of()), List.of(Map.entry("C-17850", before)));
        kafka.produce(topic, new StringSerializer(), AvroSerde.of(Transaction.class, registryConfig()), List.of(Map.entry("C-17850", after)));

        List<ConsumerRecord<String, Transaction>> read = kafka.consume(topic, new StringDeserializer(),
                AvroSerde.of(Transaction.class, registryConfig()), 2, TIMEOUT);
        assertEquals(List.of(before, after), read.stream().map(ConsumerRecord::value).toList());
    }

    /** Produces {@code record} with a serde configured by {@code configs}, checks the framing byte, reads it back. */
    @SuppressWarnings("unchecked")
    private <T extends SpecificRecord> String roundTrip(KafkaTestCluster kafka, T record, Map<String, Object> configs, byte magic) {
        Class<T> type = (Class<T>) record.getClass();
        String topic = kafka.createUniqueTopic(type.getSimpleName().toLowerCase(java.util.Locale.ROOT), 1);
        kafka.produce(topic, new StringSerializer(), AvroSerde.of(type, configs), List.of(Map.entry("key", record)));

        List<ConsumerRecord<String, byte[]>> raw = kafka.consume(topic, new StringDeserializer(), new ByteArrayDeserializer(), 1, TIMEOUT);
        assertEquals(1, raw.size(), "record arrived on " + topic);
        assertEquals(magic, raw.get(0).value()[0], "framing of " + type.getSimpleName());

        List<ConsumerRecord<String, T>> read = kafka.consume(topic, new StringDeserializer(), AvroSerde.of(type, configs), 1, TIMEOUT);
        assertEquals(1, read.size());
        assertEquals(record, read.get(0).value());
        return topic;
    }
}
