package io.segmenter.app.query;

import io.segmenter.avro.SegmentModel;
import io.segmenter.config.ClientSettings;
import io.segmenter.serde.AvroSerde;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * {@code GET /models/{name}/versions}: every published version of a model, from the history topic the
 * trainer writes ({@code <models topic>-history}, key {@code name@version}). Read on request from the
 * beginning to the end offsets (the history holds one record per version), and kept until the topic grows.
 */
public final class ModelVersions {

    private final Map<String, Object> consumerConfig;
    private final String topic;
    private final AvroSerde<SegmentModel> serde;
    private final Duration timeout;
    private long cachedEnd = -1;
    private List<SegmentModel> cached = List.of();

    /** @param clientConfig bootstrap servers, security and registry settings of the app's clients */
    public ModelVersions(Map<String, Object> clientConfig, String modelsTopic, AvroSerde<SegmentModel> serde, Duration timeout) {
        this.consumerConfig = ClientSettings.only(clientConfig, ConsumerConfig.configNames());
        consumerConfig.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        consumerConfig.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        consumerConfig.put(ConsumerConfig.CLIENT_ID_CONFIG, "segmenter-model-versions");
        consumerConfig.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        this.topic = modelsTopic + "-history";
        this.serde = serde;
        this.timeout = timeout;
    }

    /** The versions of {@code name}, oldest first; 404 when there are none. */
    public List<Views.ModelVersion> versions(String name, SegmentModel inUse) {
        List<Views.ModelVersion> out = new ArrayList<>();
        for (SegmentModel m : all()) {
            if (m.getName().equals(name)) {
                out.add(Views.ModelVersion.of(m, inUse != null && inUse.getVersion() == m.getVersion()));
            }
        }
        if (out.isEmpty()) {
            throw QueryException.notFound("no published version of model '" + name + "' in " + topic);
        }
        return out;
    }

    private synchronized List<SegmentModel> all() {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(consumerConfig, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<PartitionInfo> partitions = consumer.partitionsFor(topic, timeout);
            if (partitions == null || partitions.isEmpty()) {
                return List.of(); // the trainer creates the history with its first publication
            }
            List<TopicPartition> tps = partitions.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
            Map<TopicPartition, Long> ends = consumer.endOffsets(tps, timeout);
            long end = ends.values().stream().mapToLong(Long::longValue).sum();
            if (end == cachedEnd) {
                return cached;
            }
            consumer.assign(tps);
            consumer.seekToBeginning(tps);
            Map<String, SegmentModel> latest = new TreeMap<>();
            long deadline = System.nanoTime() + timeout.toNanos();
            while (tps.stream().anyMatch(tp -> consumer.position(tp) < ends.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw QueryException.unavailable("reading the model history " + topic + " took longer than " + timeout);
                }
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.key() != null && r.value() != null) {
                        latest.put(r.key(), serde.deserialize(topic, r.value()));
                    }
                }
            }
            cached = latest.values().stream().sorted(java.util.Comparator.comparing(SegmentModel::getName)
                    .thenComparingLong(SegmentModel::getVersion)).toList();
            cachedEnd = end;
            return cached;
        } catch (KafkaException e) {
            throw QueryException.unavailable("cannot read the model history " + topic + ": " + e.getMessage());
        }
    }
}
