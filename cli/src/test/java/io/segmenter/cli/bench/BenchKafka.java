package io.segmenter.cli.bench;

import io.segmenter.app.config.SegmenterConfig;
import io.segmenter.avro.SegmentModel;
import io.segmenter.broker.EmbeddedKafkaBroker;
import io.segmenter.serde.AvroSerde;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** The embedded broker of one benchmark run, with the admin and producer plumbing the benchmarks share. */
final class BenchKafka implements AutoCloseable {

    private final EmbeddedKafkaBroker broker;
    private final Admin admin;
    private final Path dir;
    private final AtomicInteger ids = new AtomicInteger();

    /** {@code brokerSettings}: replace the embedded broker's defaults ({@code broker.KEY=VALUE} options). */
    BenchKafka(Path dir, Map<String, String> brokerSettings) {
        this.dir = dir;
        this.broker = EmbeddedKafkaBroker.start(0, dir.resolve("broker"), brokerSettings);
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()));
    }

    String bootstrapServers() {
        return broker.bootstrapServers();
    }

    Admin admin() {
        return admin;
    }

    /** A fresh name (topic or application id) for this run. */
    String unique(String prefix) {
        return prefix + "-" + ids.incrementAndGet();
    }

    /** A fresh, empty state directory. */
    Path stateDir(String name) throws java.io.IOException {
        return Files.createDirectories(dir.resolve("state").resolve(name));
    }

    void createTopic(String name, int partitions) throws InterruptedException, ExecutionException {
        admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all().get();
    }

    KafkaProducer<byte[], byte[]> producer() {
        Map<String, Object> p = new HashMap<>();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** A bulk-loading producer (bigger batches) for backlogs produced before a measurement. */
    KafkaProducer<byte[], byte[]> bulkProducer() {
        Map<String, Object> p = new HashMap<>();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "none");
        return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }

    void publishModel(String topic, SegmentModel model) throws InterruptedException, ExecutionException {
        try (KafkaProducer<String, byte[]> p = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()),
                new StringSerializer(), new ByteArraySerializer())) {
            p.send(new ProducerRecord<>(topic, model.getName(), new AvroSerde<>(SegmentModel.class).serialize(topic, model))).get();
        }
    }

    /**
     * True when the consumer group has committed, on every partition of {@code topics}, the end offset.
     * Group offsets are read before end offsets: records produced in the transaction that committed the
     * last input offset (e.g. into a repartition topic) are then already counted in the end offsets.
     */
    boolean caughtUp(String groupId, Set<String> topics) throws InterruptedException, ExecutionException {
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata().get();
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends;
        try {
            ends = admin.listOffsets(latestOf(topics)).all().get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return false; // an internal topic the app has not created yet
            }
            throw e;
        }
        for (var e : ends.entrySet()) {
            OffsetAndMetadata c = committed.get(e.getKey());
            long at = c == null ? 0 : c.offset();
            if (at < e.getValue().offset()) {
                return false;
            }
        }
        return true;
    }

    /** Sum of end offsets of {@code topics} (records plus transaction markers). */
    long endOffsets(Set<String> topics) throws InterruptedException, ExecutionException {
        return admin.listOffsets(latestOf(topics)).all().get().values().stream().mapToLong(ListOffsetsResult.ListOffsetsResultInfo::offset).sum();
    }

    private Map<TopicPartition, OffsetSpec> latestOf(Set<String> topics) throws InterruptedException, ExecutionException {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        admin.describeTopics(topics).allTopicNames().get().forEach((name, d) ->
                d.partitions().forEach(p -> latest.put(new TopicPartition(name, p.partition()), OffsetSpec.latest())));
        return latest;
    }

    /** Bytes the broker holds on disk for the topics whose names {@code topic} accepts (every log dir, every partition). */
    long logBytes(Predicate<String> topic) throws InterruptedException, ExecutionException {
        List<Integer> brokers = admin().describeCluster().nodes().get().stream().map(Node::id).toList();
        long bytes = 0;
        for (var dirs : admin().describeLogDirs(brokers).allDescriptions().get().values()) {
            for (var dir : dirs.values()) {
                for (var replica : dir.replicaInfos().entrySet()) {
                    if (topic.test(replica.getKey().topic())) {
                        bytes += replica.getValue().size();
                    }
                }
            }
        }
        return bytes;
    }

    /** Bytes of every file under {@code dir} (a state directory after its stores closed). */
    static long treeBytes(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
        }
    }

    /** Polls {@code condition} every {@code every} until true; fails after {@code timeout}. */
    static void await(String what, Duration timeout, Duration every, Check condition) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.holds()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out after " + timeout + " waiting for " + what);
            }
            Thread.sleep(every);
        }
    }

    /** A condition that may throw. */
    interface Check {
        boolean holds() throws Exception;
    }

    /** Base config of one segmenter instance on this broker (its own output topics, the shared input and models). */
    Map<String, Object> segmenterConfig(String appId, String input, String models, Path stateDir, int partitions) {
        Map<String, Object> c = new HashMap<>();
        c.put(SegmenterConfig.BOOTSTRAP_SERVERS, bootstrapServers());
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
        c.put(SegmenterConfig.CLOCK, SegmenterConfig.CLOCK_WALL);
        c.put(SegmenterConfig.HTTP_PORT, "0");
        c.put(SegmenterConfig.MODEL_NAME, BenchModel.NAME);
        return c;
    }

    @Override
    public void close() {
        admin.close();
        broker.close();
    }
}
