package io.segmenter.trainer.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.segmenter.avro.Centroid;
import io.segmenter.avro.FeatureKind;
import io.segmenter.avro.FeatureSpec;
import io.segmenter.avro.FeatureTransform;
import io.segmenter.avro.ModelQuality;
import io.segmenter.avro.SegmentModel;
import io.segmenter.broker.junit.KafkaBrokerExtension;
import io.segmenter.broker.junit.KafkaTestCluster;
import io.segmenter.serde.AvroSerde;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(KafkaBrokerExtension.class)
class ModelPublisherIT {

    @Test
    void shouldPublishKeyedByNameAndReadBackTheLatestVersion(KafkaTestCluster kafka) {
        String topic = kafka.createTopic(kafka.uniqueTopic("segment-models"), 1, Map.of("cleanup.policy", "compact"));
        Map<String, Object> config = Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        try (ModelPublisher publisher = new ModelPublisher(config, topic)) {
            assertEquals(Optional.empty(), publisher.latest("rfm"));
            assertEquals(1, ModelPublisher.nextVersion(publisher.latest("rfm")));

            publisher.publish(model("rfm", 1, null));
            publisher.publish(model("cc", 1, null));
            Optional<SegmentModel> previous = publisher.latest("rfm");
            assertEquals(1, previous.orElseThrow().getVersion());
            publisher.publish(model("rfm", ModelPublisher.nextVersion(previous), previous.get().getVersion()));

            SegmentModel latest = publisher.latest("rfm").orElseThrow();
            assertEquals(2, latest.getVersion());
            assertEquals(1L, latest.getPreviousVersion());
            assertEquals(1, publisher.latest("cc").orElseThrow().getVersion());
        }

        List<ConsumerRecord<String, SegmentModel>> records = kafka.consume(topic, new StringDeserializer(),
                new AvroSerde<>(SegmentModel.class), 3, Duration.ofSeconds(30));
        assertEquals(List.of("rfm", "cc", "rfm"), records.stream().map(ConsumerRecord::key).toList());
        assertTrue(records.stream().allMatch(r -> r.key().equals(r.value().getName())));
    }

    private static SegmentModel model(String name, long version, Long previousVersion) {
        return SegmentModel.newBuilder()
                .setName(name)
                .setVersion(version)
                .setTrainedAt(Instant.parse("2026-01-01T00:00:00Z"))
                .setSnapshotTime(Instant.parse("2026-01-01T00:00:00Z"))
                .setSnapshotSize(2)
                .setFeatures(List.of(new FeatureSpec("frequency", FeatureTransform.LOG1P, 1.0, 0.5, FeatureKind.NUMERIC, null, null, null, null)))
                .setCentroids(List.of(
                        new Centroid(0, "Low", List.of(-1.0), List.of(1.0), 1L),
                        new Centroid(1, "High", List.of(1.0), List.of(5.0), 1L)))
                .setRfmCuts(null)
                .setQuality(new ModelQuality(2, 0.0, 1.0, List.of(1L, 1L), List.of()))
                .setPreviousVersion(previousVersion)
                .build();
    }
}
