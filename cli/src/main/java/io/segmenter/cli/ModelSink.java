package io.segmenter.cli;

import io.segmenter.avro.SegmentModel;
import io.segmenter.serde.AvroSerde;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Where {@code report --publish} sends a model and finds the previous one (for stable ids). A small
 * stand-in until the trainer's {@code ModelPublisher} is wired here: it reads the models topic from the
 * beginning to the end offsets seen at start and keeps the last model of the name.
 */
public interface ModelSink {

    SegmentModel previous(String modelName);

    void publish(SegmentModel model);

    static ModelSink kafka(String bootstrapServers, String topic) {
        return new ModelSink() {
            @Override
            public SegmentModel previous(String modelName) {
                Properties p = new Properties();
                p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
                p.put(ConsumerConfig.GROUP_ID_CONFIG, "segmenter-report-" + UUID.randomUUID());
                p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
                try (AvroSerde<SegmentModel> serde = new AvroSerde<>(SegmentModel.class);
                        KafkaConsumer<String, SegmentModel> consumer =
                                new KafkaConsumer<>(p, new StringDeserializer(), serde.deserializer())) {
                    List<TopicPartition> parts = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                            .map(i -> new TopicPartition(topic, i.partition())).toList();
                    consumer.assign(parts);
                    consumer.seekToBeginning(parts);
                    Map<TopicPartition, Long> end = consumer.endOffsets(parts);
                    SegmentModel last = null;
                    while (parts.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                        for (ConsumerRecord<String, SegmentModel> r : consumer.poll(Duration.ofMillis(500))) {
                            if (modelName.equals(r.key()) && r.value() != null
                                    && (last == null || r.value().getVersion() > last.getVersion())) {
                                last = r.value();
                            }
                        }
                    }
                    return last;
                }
            }

            @Override
            public void publish(SegmentModel model) {
                Properties p = new Properties();
                p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
                p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
                p.put(ProducerConfig.ACKS_CONFIG, "all");
                try (AvroSerde<SegmentModel> serde = new AvroSerde<>(SegmentModel.class);
                        KafkaProducer<String, SegmentModel> producer =
                                new KafkaProducer<>(p, new StringSerializer(), serde.serializer())) {
                    producer.send(new ProducerRecord<>(topic, model.getName(), model)).get();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while publishing", e);
                } catch (java.util.concurrent.ExecutionException e) {
                    throw new IllegalStateException("could not publish the model: " + e.getCause().getMessage(), e.getCause());
                }
            }
        };
    }
}
