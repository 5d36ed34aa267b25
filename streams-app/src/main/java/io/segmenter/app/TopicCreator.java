package io.segmenter.app;

import io.segmenter.app.config.SegmenterConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the app's missing topics explicitly (partitions, replication, cleanup policy from config) and
 * checks that erasures are co-partitioned with transactions.
 */
public final class TopicCreator {

    private static final Logger LOG = LoggerFactory.getLogger(TopicCreator.class);
    private static final Duration METADATA_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration METADATA_POLL = Duration.ofMillis(50);

    private final Admin admin;
    private final SegmenterConfig config;

    public TopicCreator(Admin admin, SegmenterConfig config) {
        this.admin = admin;
        this.config = config;
    }

    /** A topic the app needs: name, partitions, cleanup policy. */
    public record Spec(String name, int partitions, String cleanupPolicy) {}

    public void ensureTopics() throws InterruptedException {
        int partitions = config.getInt(SegmenterConfig.TOPIC_PARTITIONS);
        String transactions = config.getString(SegmenterConfig.TOPIC_TRANSACTIONS);
        String erasures = config.getString(SegmenterConfig.TOPIC_ERASURES);
        create(List.of(new Spec(transactions, partitions, TopicConfig.CLEANUP_POLICY_DELETE)));
        int inputPartitions = partitionsOf(transactions).orElse(partitions);
        create(List.of(
                new Spec(config.getString(SegmenterConfig.TOPIC_DLQ), partitions, TopicConfig.CLEANUP_POLICY_DELETE),
                new Spec(config.getString(SegmenterConfig.TOPIC_PROFILES), partitions, TopicConfig.CLEANUP_POLICY_COMPACT),
                new Spec(config.getString(SegmenterConfig.TOPIC_MODELS), 1, TopicConfig.CLEANUP_POLICY_COMPACT),
                new Spec(erasures, inputPartitions, TopicConfig.CLEANUP_POLICY_DELETE),
                new Spec(config.getString(SegmenterConfig.TOPIC_ATTRIBUTES), inputPartitions, TopicConfig.CLEANUP_POLICY_COMPACT)));
        List<Spec> segments = new ArrayList<>();
        for (String model : config.scoringModels()) {
            segments.add(new Spec(config.segmentsTopic(model), partitions, TopicConfig.CLEANUP_POLICY_COMPACT));
        }
        create(segments);
        for (String input : List.of(erasures, config.getString(SegmenterConfig.TOPIC_ATTRIBUTES))) {
            int inputOf = partitionsOf(input).orElse(inputPartitions);
            if (inputOf != inputPartitions) {
                throw new IllegalStateException("topic " + input + " has " + inputOf + " partitions but " + transactions
                        + " has " + inputPartitions + "; they must match so its records reach the task holding the customer");
            }
        }
    }

    private void create(List<Spec> specs) throws InterruptedException {
        Set<String> existing;
        try {
            existing = admin.listTopics().names().get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot list topics: " + e.getCause(), e.getCause());
        }
        List<NewTopic> missing = new ArrayList<>();
        for (Spec s : specs) {
            if (!existing.contains(s.name())) {
                missing.add(new NewTopic(s.name(), Optional.of(s.partitions()), Optional.of(config.getShort(SegmenterConfig.TOPIC_REPLICATION)))
                        .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, s.cleanupPolicy())));
            }
        }
        if (missing.isEmpty()) {
            return;
        }
        for (var entry : admin.createTopics(missing).values().entrySet()) {
            try {
                entry.getValue().get();
                LOG.info("Created topic {}", entry.getKey());
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw new IllegalStateException("cannot create topic " + entry.getKey() + ": " + e.getCause(), e.getCause());
                }
            }
        }
        awaitLeaders(missing.stream().map(NewTopic::name).toList());
    }

    /**
     * Waits until every partition of the new topics has a leader in the brokers' metadata: the controller
     * acknowledges a creation before the brokers know the topic, and Kafka Streams refuses to start a
     * global store on a topic without partitions.
     */
    private void awaitLeaders(List<String> topics) throws InterruptedException {
        long deadline = System.nanoTime() + METADATA_TIMEOUT.toNanos();
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            try {
                Map<String, TopicDescription> described = admin.describeTopics(topics).allTopicNames().get();
                if (described.values().stream().allMatch(d -> !d.partitions().isEmpty()
                        && d.partitions().stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty()))) {
                    return;
                }
                last = "partitions without a leader";
            } catch (ExecutionException e) {
                last = String.valueOf(e.getCause());
            }
            Thread.sleep(METADATA_POLL.toMillis()); // metadata propagation has no event to wait on
        }
        throw new IllegalStateException("topics " + topics + " were created but have no leaders after " + METADATA_TIMEOUT + ": " + last);
    }

    /** {@code max.message.bytes} of each existing topic of {@code topics} (the broker's default when not set on the topic). */
    public Map<String, Integer> maxMessageBytes(List<String> topics) throws InterruptedException {
        Map<String, Integer> out = new java.util.HashMap<>();
        List<ConfigResource> resources = topics.stream().map(t -> new ConfigResource(ConfigResource.Type.TOPIC, t)).toList();
        try {
            admin.describeConfigs(resources).all().get().forEach((r, c) -> {
                var entry = c.get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG);
                if (entry != null && entry.value() != null) {
                    out.put(r.name(), Integer.parseInt(entry.value()));
                }
            });
        } catch (ExecutionException e) {
            LOG.warn("Cannot read max.message.bytes of {}: {}", topics, e.getCause().toString());
        }
        return out;
    }

    /** Partitions of the transactions topic (which input partition holds each customer), when it exists. */
    public Optional<Integer> inputPartitions() throws InterruptedException {
        return partitionsOf(config.getString(SegmenterConfig.TOPIC_TRANSACTIONS));
    }

    private Optional<Integer> partitionsOf(String topic) throws InterruptedException {
        try {
            TopicDescription d = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
            return Optional.ofNullable(d).map(t -> t.partitions().size());
        } catch (ExecutionException e) {
            return Optional.empty();
        }
    }
}
