package io.segmenter.broker.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(KafkaBrokerExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KafkaBrokerExtensionIT {

    private static final Set<String> TOPICS_SEEN = ConcurrentHashMap.newKeySet();
    private static final Set<String> BROKERS_SEEN = ConcurrentHashMap.newKeySet();

    @Test
    @Order(1)
    void shouldGiveTheFirstTestItsOwnTopic(KafkaTestCluster kafka) {
        assertOwnTopicWorks(kafka);
    }

    @Test
    @Order(2)
    void shouldGiveTheSecondTestADistinctTopicOnTheSameBroker(KafkaTestCluster kafka) {
        assertOwnTopicWorks(kafka);
        assertEquals(2, TOPICS_SEEN.size(), "each test got its own topic: " + TOPICS_SEEN);
        assertEquals(1, BROKERS_SEEN.size(), "both tests share one broker: " + BROKERS_SEEN);
    }

    private static void assertOwnTopicWorks(KafkaTestCluster kafka) {
        String topic = kafka.createTopic(kafka.uniqueTopic("events"), 3, Map.of("cleanup.policy", "compact"));
        assertTrue(TOPICS_SEEN.add(topic), "topic name reused: " + topic);
        BROKERS_SEEN.add(kafka.bootstrapServers());
        assertFalse(kafka.topicNames().isEmpty());
        kafka.produce(topic, List.of(Map.entry("k", topic)));
        var records = kafka.consume(topic, 1, Duration.ofSeconds(30));
        assertEquals(List.of(topic), records.stream().map(r -> r.value()).toList());
    }
}
