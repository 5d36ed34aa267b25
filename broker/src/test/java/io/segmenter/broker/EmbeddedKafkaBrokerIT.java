package io.segmenter.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.segmenter.broker.junit.KafkaTestCluster;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedKafkaBrokerIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @TempDir
    Path dataDir;

    @Test
    void shouldRoundTripRecordsAndCommitTransactions() {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dataDir)) {
            assertTrue(broker.bootstrapServers().startsWith("127.0.0.1:"), broker.bootstrapServers());
            KafkaTestCluster cluster = new KafkaTestCluster(broker.bootstrapServers());

            String plain = cluster.createUniqueTopic("plain", 2);
            cluster.produce(plain, List.of(Map.entry("k1", "v1"), Map.entry("k2", "v2")));
            assertEquals(List.of("v1", "v2"), values(cluster.consume(plain, 2, TIMEOUT)).stream().sorted().toList());

            String txTopic = cluster.createUniqueTopic("tx", 1);
            var props = cluster.producerProps();
            props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, cluster.uniqueId("tx-producer"));
            try (var producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
                producer.initTransactions();
                producer.beginTransaction();
                producer.send(new ProducerRecord<>(txTopic, "a", "aborted"));
                producer.abortTransaction();
                producer.beginTransaction();
                producer.send(new ProducerRecord<>(txTopic, "c", "committed"));
                producer.commitTransaction();
            }
            // read_committed sees only the committed record, and the aborted one never arrives.
            assertEquals(List.of("committed"), values(cluster.consume(txTopic, 2, Duration.ofSeconds(3))));
        }
    }

    @Test
    void shouldKeepTopicsAndRecordsWhenRestartedOnTheSameDirectory() {
        String topic;
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dataDir)) {
            KafkaTestCluster cluster = new KafkaTestCluster(broker.bootstrapServers());
            topic = cluster.createUniqueTopic("durable", 1);
            cluster.produce(topic, List.of(Map.entry("k", "before-restart")));
        }
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dataDir)) {
            KafkaTestCluster cluster = new KafkaTestCluster(broker.bootstrapServers());
            assertTrue(cluster.topicNames().contains(topic), "topic survives the restart");
            assertEquals(List.of("before-restart"), values(cluster.consume(topic, 1, TIMEOUT)));
        }
    }

    @Test
    void shouldRefuseAPortThatIsTaken() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            BrokerStartException e = assertThrows(BrokerStartException.class,
                    () -> EmbeddedKafkaBroker.start(taken.getLocalPort(), dataDir));
            assertTrue(e.getMessage().contains("already in use"), e.getMessage());
        }
    }

    @Test
    void shouldRefuseADataDirectoryInUseByAnotherBroker() {
        try (EmbeddedKafkaBroker running = EmbeddedKafkaBroker.start(dataDir)) {
            BrokerStartException e = assertThrows(BrokerStartException.class, () -> EmbeddedKafkaBroker.start(dataDir));
            assertTrue(e.getMessage().contains("in use by another running broker"), e.getMessage());
            KafkaTestCluster cluster = new KafkaTestCluster(running.bootstrapServers());
            String topic = cluster.createUniqueTopic("still-alive", 1);
            assertTrue(cluster.topicNames().contains(topic), "the first broker keeps working");
        }
    }

    private static List<String> values(List<ConsumerRecord<String, String>> records) {
        return records.stream().map(ConsumerRecord::value).toList();
    }
}
