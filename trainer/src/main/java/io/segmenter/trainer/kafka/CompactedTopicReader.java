package io.segmenter.trainer.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads a consistent snapshot of a compacted topic: all partitions assigned (no consumer group, nothing
 * committed), the end offsets taken once at the start, every partition read from its beginning up to that
 * offset and no further. With {@code read_committed} the end offset is the last stable offset, so aborted
 * and still-open transactions are not part of the snapshot.
 */
final class CompactedTopicReader {

    /** Receives each record of the snapshot in offset order per partition: key and raw value (null = tombstone). */
    interface RecordSink {
        void accept(ConsumerRecord<String, byte[]> record);
    }

    private final Map<String, Object> consumerConfig;
    private final Duration stallTimeout;

    CompactedTopicReader(Map<String, ?> clientConfig, Duration stallTimeout) {
        Map<String, Object> config = new HashMap<>(clientConfig);
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "segmenter-trainer-snapshot");
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        this.consumerConfig = config;
        this.stallTimeout = stallTimeout;
    }

    /**
     * Reads {@code topic} up to the end offsets seen at the start; {@code progress} gets (offsets read,
     * offsets in the snapshot) after every poll. Returns the number of records handed to {@code sink}.
     */
    long read(String topic, RecordSink sink, SnapshotProgress progress) {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(consumerConfig)) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(30));
            if (infos == null || infos.isEmpty()) {
                throw new IllegalStateException("topic " + topic + " does not exist");
            }
            List<TopicPartition> partitions = new ArrayList<>();
            for (PartitionInfo info : infos) {
                partitions.add(new TopicPartition(topic, info.partition()));
            }
            consumer.assign(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            Map<TopicPartition, Long> begin = consumer.beginningOffsets(partitions, Duration.ofSeconds(30));
            consumer.seekToBeginning(partitions);

            long total = 0;
            Set<TopicPartition> remaining = new HashSet<>();
            for (TopicPartition tp : partitions) {
                long span = end.get(tp) - begin.get(tp);
                total += span;
                if (span > 0) {
                    remaining.add(tp);
                }
            }
            consumer.pause(difference(partitions, remaining));
            progress.update(0, total);

            long records = 0;
            long lastAdvance = System.nanoTime();
            long lastOffsets = 0;
            while (!remaining.isEmpty()) {
                ConsumerRecords<String, byte[]> batch = consumer.poll(Duration.ofMillis(500));
                for (ConsumerRecord<String, byte[]> record : batch) {
                    TopicPartition tp = new TopicPartition(record.topic(), record.partition());
                    if (record.offset() < end.get(tp)) {
                        sink.accept(record);
                        records++;
                    }
                }
                long offsets = 0;
                List<TopicPartition> done = new ArrayList<>();
                for (TopicPartition tp : partitions) {
                    long position = remaining.contains(tp) ? consumer.position(tp) : end.get(tp);
                    offsets += Math.min(position, end.get(tp)) - begin.get(tp);
                    if (remaining.contains(tp) && position >= end.get(tp)) {
                        done.add(tp);
                    }
                }
                if (!done.isEmpty()) {
                    done.forEach(remaining::remove);
                    consumer.pause(done);
                }
                progress.update(offsets, total);
                if (offsets > lastOffsets) {
                    lastOffsets = offsets;
                    lastAdvance = System.nanoTime();
                } else if (System.nanoTime() - lastAdvance > stallTimeout.toNanos()) {
                    throw new IllegalStateException("snapshot of " + topic + " made no progress for " + stallTimeout
                            + " at " + offsets + " of " + total + " offsets");
                }
            }
            return records;
        }
    }

    private static List<TopicPartition> difference(List<TopicPartition> all, Set<TopicPartition> minus) {
        List<TopicPartition> out = new ArrayList<>();
        for (TopicPartition tp : all) {
            if (!minus.contains(tp)) {
                out.add(tp);
            }
        }
        return out;
    }
}
