package io.segmenter.cli;

import io.segmenter.config.ClientSettings;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

/** Fails fast on a missing topic (a producer would wait a minute per record batch), or creates it on request. */
final class TopicCheck {

    private static final long TIMEOUT_SECONDS = 30;

    private TopicCheck() {}

    /** Null when the topic exists (or was created); otherwise what is wrong, for people. */
    static String ensure(Map<String, Object> clientConfig, String topic, Integer createPartitions) throws InterruptedException {
        Map<String, Object> config = ClientSettings.adminConfig(clientConfig);
        config.putIfAbsent(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TimeUnit.SECONDS.toMillis(TIMEOUT_SECONDS));
        Object bootstrapServers = config.get(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG);
        try (Admin admin = Admin.create(config)) {
            if (admin.listTopics().names().get(TIMEOUT_SECONDS, TimeUnit.SECONDS).contains(topic)) {
                return null;
            }
            if (createPartitions == null) {
                return "topic " + topic + " does not exist; start the app (which creates its topics) or pass --create-topic N";
            }
            admin.createTopics(List.of(new NewTopic(topic, Optional.of(createPartitions), Optional.empty())))
                    .all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            return null;
        } catch (ExecutionException e) {
            return "cannot check topic " + topic + " at " + bootstrapServers + ": " + e.getCause().getMessage();
        } catch (TimeoutException e) {
            return "cannot check topic " + topic + " at " + bootstrapServers + ": no answer in " + TIMEOUT_SECONDS + " s";
        }
    }
}
