package io.segmenter.broker.junit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A test's view of the shared broker: client configs, topics with names no other test uses, and
 * produce/consume helpers for assertions. Cheap to create; {@link #admin()} clients are the caller's to close.
 */
public final class KafkaTestCluster {

    private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private final String bootstrapServers;

    public KafkaTestCluster(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** A topic name unique in this JVM run and across runs on the same broker, e.g. {@code orders-3-1a2b3c4d}. */
    public String uniqueTopic(String prefix) {
        return prefix + "-" + SEQUENCE.incrementAndGet() + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Also usable as a consumer group or application id that no other test shares. */
    public String uniqueId(String prefix) {
        return uniqueTopic(prefix);
    }

    /** Creates {@code name} and waits until it exists. */
    public String createTopic(String name, int partitions, Map<String, String> configs) {
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1).configs(configs)))
                    .all().get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Cannot create topic " + name + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return name;
    }

    public String createTopic(String name, int partitions) {
        return createTopic(name, partitions, Map.of());
    }

    /** Creates a topic named {@code prefix-<unique>} and returns its name. */
    public String createUniqueTopic(String prefix, int partitions) {
        return createTopic(uniqueTopic(prefix), partitions, Map.of());
    }

    /** A new Admin client; close it. */
    public Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
    }

    public Set<String> topicNames() {
        try (Admin admin = admin()) {
            return admin.listTopics().names().get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Producer config (acks=all, idempotent); add serializers or use {@link #producer}. */
    public Properties producerProps() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        return p;
    }

    /** Consumer config reading committed records from the earliest offset with a unique group. */
    public Properties consumerProps() {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, uniqueId("test-consumer"));
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, IsolationLevel.READ_COMMITTED.toString().toLowerCase(java.util.Locale.ROOT));
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        return p;
    }

    public <K, V> KafkaProducer<K, V> producer(Serializer<K> keySerializer, Serializer<V> valueSerializer) {
        return new KafkaProducer<>(producerProps(), keySerializer, valueSerializer);
    }

    public <K, V> KafkaConsumer<K, V> consumer(Deserializer<K> keyDeserializer, Deserializer<V> valueDeserializer) {
        return new KafkaConsumer<>(consumerProps(), keyDeserializer, valueDeserializer);
    }

    /** Sends the records and waits until the broker acknowledged all of them. */
    public <K, V> void produce(String topic, Serializer<K> keySerializer, Serializer<V> valueSerializer,
                               List<Map.Entry<K, V>> records) {
        try (KafkaProducer<K, V> producer = producer(keySerializer, valueSerializer)) {
            List<java.util.concurrent.Future<?>> sent = new ArrayList<>();
            for (Map.Entry<K, V> r : records) {
                sent.add(producer.send(new ProducerRecord<>(topic, r.getKey(), r.getValue())));
            }
            for (java.util.concurrent.Future<?> f : sent) {
                f.get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Cannot produce to " + topic + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** String keys and values. */
    public void produce(String topic, List<Map.Entry<String, String>> records) {
        produce(topic, new StringSerializer(), new StringSerializer(), records);
    }

    /**
     * Reads committed records of {@code topic} from the beginning until {@code count} arrived or the
     * timeout passed; returns what arrived (assert on its size). Stops polling as soon as there are enough.
     */
    public <K, V> List<ConsumerRecord<K, V>> consume(String topic, Deserializer<K> keyDeserializer,
                                                     Deserializer<V> valueDeserializer, int count, Duration timeout) {
        List<ConsumerRecord<K, V>> received = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        try (KafkaConsumer<K, V> consumer = consumer(keyDeserializer, valueDeserializer)) {
            consumer.subscribe(List.of(topic));
            while (received.size() < count && System.nanoTime() < deadline) {
                long leftMs = Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
                consumer.poll(Duration.ofMillis(Math.min(leftMs, 200))).forEach(received::add);
            }
        }
        return received;
    }

    /** String keys and values. */
    public List<ConsumerRecord<String, String>> consume(String topic, int count, Duration timeout) {
        return consume(topic, new StringDeserializer(), new StringDeserializer(), count, timeout);
    }
}
