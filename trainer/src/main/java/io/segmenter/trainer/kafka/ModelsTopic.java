package io.segmenter.trainer.kafka;

import io.segmenter.config.ClientSettings;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Creates the models topic and its history topic explicitly (compacted, one partition, the broker's default
 * replication) when they are missing. The history keeps every published version under its own key
 * ({@code name@version}), so compaction keeps them all.
 */
public final class ModelsTopic {

    private ModelsTopic() {}

    /** The history topic of {@code modelsTopic}: {@code segment-models-history} for {@code segment-models}. */
    public static String history(String modelsTopic) {
        return modelsTopic + "-history";
    }

    public static void ensure(Map<String, Object> clientConfig, String topic) {
        try (Admin admin = Admin.create(ClientSettings.adminConfig(clientConfig))) {
            java.util.Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = java.util.stream.Stream.of(topic, history(topic))
                    .filter(t -> !existing.contains(t))
                    .map(t -> new NewTopic(t, Optional.of(1), Optional.empty())
                            .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)))
                    .toList();
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
            }
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new KafkaException("could not create topic " + topic + ": " + e.getCause().getMessage(), e.getCause());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaException("interrupted while creating " + topic, e);
        } catch (TimeoutException e) {
            throw new KafkaException("timed out creating topic " + topic, e);
        }
    }
}
