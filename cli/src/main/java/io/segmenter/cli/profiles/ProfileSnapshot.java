package io.segmenter.cli.profiles;

import io.segmenter.avro.CustomerProfile;
import io.segmenter.serde.AvroSerde;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads a consistent snapshot of the compacted customer-profiles topic: every partition from the
 * beginning to the end offset seen at start (read_committed, so the last stable offset), keeping the last
 * value per key; a tombstone removes the key. No consumer group, no offsets committed.
 */
public final class ProfileSnapshot {

    private ProfileSnapshot() {}

    /**
     * @param consumerConfig needs {@code bootstrap.servers}; may carry {@code schema.registry.url} for the serde
     * @param timeout how long to wait for the end offsets to be reached
     * @return profiles by customer id, sorted by customer id (as text)
     */
    public static SortedMap<String, CustomerProfile> read(Map<String, ?> consumerConfig, String topic, Duration timeout) {
        Map<String, Object> config = new HashMap<>(consumerConfig);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "segmenter-profiles-export");
        AvroSerde<CustomerProfile> serde = AvroSerde.of(CustomerProfile.class, consumerConfig);
        config.remove("schema.registry.url"); // the serde's setting, not the consumer's
        SortedMap<String, CustomerProfile> profiles = new TreeMap<>();
        try (KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, timeout).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition()))
                    .toList();
            if (partitions.isEmpty()) {
                throw new IllegalStateException("topic " + topic + " does not exist or has no partitions");
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!reached(consumer, end)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("did not reach the end offsets " + end + " of " + topic + " within " + timeout);
                }
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.offset() >= end.get(new TopicPartition(r.topic(), r.partition()))) {
                        continue; // written after the snapshot started
                    }
                    if (r.value() == null) {
                        profiles.remove(r.key());
                    } else {
                        profiles.put(r.key(), serde.deserialize(r.topic(), r.value()));
                    }
                }
            }
        }
        return profiles;
    }

    private static boolean reached(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (consumer.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }
}
