package io.segmenter.trainer.kafka;

import io.segmenter.avro.SegmentModel;
import io.segmenter.model.ModelKeys;
import io.segmenter.serde.AvroSerde;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads and writes the compacted {@code segment-models} topic, keyed by model name: {@link #latest} gives
 * the model currently in force (whose centroids the next one is matched against for stable ids, and whose
 * version it follows), {@link #publish} writes a new one with an idempotent {@code acks=all} producer and
 * waits for the acknowledgement. Every published version is first written to the history topic
 * ({@link ModelsTopic#history}, key {@code name@version}), where {@link #versions} finds it again, e.g. for a
 * rollback.
 */
public final class ModelPublisher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ModelPublisher.class);
    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(60);

    private final String topic;
    private final String history;
    private final CompactedTopicReader reader;
    private final AvroSerde<SegmentModel> serde;
    private final KafkaProducer<String, SegmentModel> producer;

    /**
     * {@code clientConfig}: Kafka client settings (bootstrap.servers, security...) and serde settings. Creates
     * the models topic and its history when they are missing.
     */
    public ModelPublisher(Map<String, ?> clientConfig, String topic) {
        ModelsTopic.ensure(new HashMap<>(clientConfig), topic);
        this.topic = topic;
        this.history = ModelsTopic.history(topic);
        this.reader = new CompactedTopicReader(clientConfig, Duration.ofMinutes(1));
        this.serde = AvroSerde.of(SegmentModel.class, clientConfig);
        Map<String, Object> producerConfig = new HashMap<>(clientConfig);
        producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");
        producerConfig.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        producerConfig.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "segmenter-trainer-publisher");
        this.producer = new KafkaProducer<>(producerConfig, new StringSerializer(),
                AvroSerde.of(SegmentModel.class, clientConfig));
    }

    /** The last model published under {@code name} (a snapshot of the topic), empty if there is none. */
    public Optional<SegmentModel> latest(String name) {
        SegmentModel[] last = {null};
        reader.read(topic, record -> {
            if (name.equals(record.key())) {
                last[0] = record.value() == null ? null : serde.deserialize(record.topic(), record.value());
            }
        }, SnapshotProgress.NONE);
        return Optional.ofNullable(last[0]);
    }

    /** Every version of {@code name} in the history topic, oldest first. */
    public List<SegmentModel> versions(String name) {
        Map<Long, SegmentModel> byVersion = new TreeMap<>();
        String prefix = ModelKeys.historyPrefix(name);
        reader.read(history, record -> {
            if (record.key() != null && record.key().startsWith(prefix) && record.value() != null) {
                SegmentModel m = serde.deserialize(record.topic(), record.value());
                byVersion.put(m.getVersion(), m);
            }
        }, SnapshotProgress.NONE);
        return List.copyOf(byVersion.values());
    }

    /** The version a model following {@code previous} gets: one more, or 1 for the first. */
    public static long nextVersion(Optional<SegmentModel> previous) {
        return previous.map(m -> m.getVersion() + 1).orElse(1L);
    }

    /** Publishes {@code model} keyed by its name and waits until the broker acknowledged it on all replicas. */
    public RecordMetadata publish(SegmentModel model) {
        try {
            // history first: a version the app may use is always one that can be found again
            producer.send(new ProducerRecord<>(history, ModelKeys.history(model.getName(), model.getVersion()), model))
                    .get(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            RecordMetadata metadata = producer.send(new ProducerRecord<>(topic, model.getName(), model))
                    .get(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            LOG.info("Published model {} version {} to {}-{}@{}", model.getName(), model.getVersion(), metadata.topic(),
                    metadata.partition(), metadata.offset());
            return metadata;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaException("interrupted while publishing model " + model.getName(), e);
        } catch (ExecutionException e) {
            throw new KafkaException("could not publish model " + model.getName() + " to " + topic, e.getCause());
        } catch (TimeoutException e) {
            throw new KafkaException("no acknowledgement for model " + model.getName() + " within " + SEND_TIMEOUT, e);
        }
    }

    /** The shadow candidate of {@code name} the app scores beside the live model, empty if there is none. */
    public Optional<SegmentModel> shadow(String name) {
        return latest(ModelKeys.shadow(name));
    }

    /**
     * Makes the app score {@code candidate} beside the live model of its name without emitting
     * ({@link ModelKeys#shadow}); null ends the shadow of {@code name} (a tombstone).
     */
    public void shadow(String name, SegmentModel candidate) {
        String key = ModelKeys.shadow(name);
        try {
            producer.send(new ProducerRecord<>(topic, key, candidate)).get(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            if (candidate == null) {
                LOG.info("Ended the shadow of model {}", name);
            } else {
                LOG.info("Model {} version {} set as shadow candidate", name, candidate.getVersion());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaException("interrupted while writing the shadow of model " + name, e);
        } catch (ExecutionException e) {
            throw new KafkaException("could not write the shadow of model " + name + " to " + topic, e.getCause());
        } catch (TimeoutException e) {
            throw new KafkaException("no acknowledgement for the shadow of model " + name + " within " + SEND_TIMEOUT, e);
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(10));
    }
}
