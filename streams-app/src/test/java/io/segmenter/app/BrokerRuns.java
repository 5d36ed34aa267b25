package io.segmenter.app;

import io.segmenter.app.config.SegmenterConfig;
import io.segmenter.avro.CustomerProfile;
import io.segmenter.avro.SegmentAssignment;
import io.segmenter.avro.SegmentModel;
import io.segmenter.broker.junit.KafkaTestCluster;
import io.segmenter.serde.AvroSerde;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Helpers for the broker tests: per-run topic names and configs, child-JVM instances, reading outputs. */
final class BrokerRuns {

    private BrokerRuns() {}

    /** Config of one app (application id + output topics), sharing {@code input} and {@code models}. */
    static Map<String, Object> config(KafkaTestCluster kafka, String appId, String input, String models, Path stateDir, int partitions) {
        Map<String, Object> c = new HashMap<>();
        c.put(SegmenterConfig.BOOTSTRAP_SERVERS, kafka.bootstrapServers());
        c.put(SegmenterConfig.APPLICATION_ID, appId);
        c.put(SegmenterConfig.TOPIC_TRANSACTIONS, input);
        c.put(SegmenterConfig.TOPIC_MODELS, models);
        c.put(SegmenterConfig.TOPIC_DLQ, appId + "-dlq");
        c.put(SegmenterConfig.TOPIC_PROFILES, appId + "-profiles");
        c.put(SegmenterConfig.TOPIC_SEGMENTS, appId + "-segments");
        c.put(SegmenterConfig.TOPIC_ERASURES, appId + "-erasures");
        c.put(SegmenterConfig.TOPIC_ATTRIBUTES, appId + "-attributes");
        c.put(SegmenterConfig.TOPIC_PARTITIONS, Integer.toString(partitions));
        c.put(SegmenterConfig.STATE_DIR, stateDir.toString());
        c.put(SegmenterConfig.CLOCK, SegmenterConfig.CLOCK_STREAM);
        c.put(SegmenterConfig.TICK_INTERVAL_MS, "500");
        c.put(SegmenterConfig.HTTP_PORT, "0");
        c.put(SegmenterConfig.EVENT_TIME_MAX_FUTURE_MS, Long.toString(Duration.ofDays(3650).toMillis()));
        c.put("session.timeout.ms", "6000");
        c.put("heartbeat.interval.ms", "1000");
        return c;
    }

    static void publishModel(KafkaTestCluster kafka, String topic, SegmentModel model) {
        kafka.produce(topic, new StringSerializer(), new ByteArraySerializer(),
                List.of(Map.entry(model.getName(), new AvroSerde<>(SegmentModel.class).serialize(topic, model))));
    }

    /** Starts an instance in a child JVM (so it can be killed with SIGKILL); its log goes to {@code log}. */
    static Process startChild(Map<String, Object> config, Path dir, String name) throws IOException {
        Properties p = new Properties();
        config.forEach((k, v) -> p.setProperty(k, v.toString()));
        Path file = dir.resolve(name + ".properties");
        try (OutputStream out = Files.newOutputStream(file)) {
            p.store(out, null);
        }
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        return new ProcessBuilder(java.toString(), "-Xmx384m", "--enable-native-access=ALL-UNNAMED", "-cp", classpath,
                InstanceMain.class.getName(), file.toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve(name + ".log").toFile())
                .start();
    }

    /** The latest value per key of a compacted output topic (read_committed), reading until {@code atLeast} records arrived or the timeout. */
    static <V> Map<String, V> latest(List<ConsumerRecord<String, V>> records) {
        Map<String, V> latest = new HashMap<>();
        for (ConsumerRecord<String, V> r : records) {
            if (r.value() == null) {
                latest.remove(r.key());
            } else {
                latest.put(r.key(), r.value());
            }
        }
        return latest;
    }

    static List<ConsumerRecord<String, CustomerProfile>> profiles(KafkaTestCluster kafka, String topic, int atMost, Duration timeout) {
        return kafka.consume(topic, new StringDeserializer(), new AvroSerde<>(CustomerProfile.class), atMost, timeout);
    }

    static List<ConsumerRecord<String, SegmentAssignment>> segments(KafkaTestCluster kafka, String topic, int atMost, Duration timeout) {
        return kafka.consume(topic, new StringDeserializer(), new AvroSerde<>(SegmentAssignment.class), atMost, timeout);
    }

    static int count(KafkaTestCluster kafka, String topic, int atMost, Duration timeout) {
        return kafka.consume(topic, new ByteArrayDeserializer(), new ByteArrayDeserializer(), atMost, timeout).size();
    }

    /** The profile without its clock-dependent update time, for comparing runs. */
    static CustomerProfile comparable(CustomerProfile p) {
        return CustomerProfile.newBuilder(p).setUpdatedAt(Instant.EPOCH).build();
    }
}
