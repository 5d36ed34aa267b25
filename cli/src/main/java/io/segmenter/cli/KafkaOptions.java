package io.segmenter.cli;

import io.segmenter.config.ClientSettings;
import io.segmenter.serde.AvroSerdeConfig;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;
import picocli.CommandLine.Option;

/**
 * The Kafka and registry options of every command that talks to Kafka, as the Kafka tools take them:
 * {@code --bootstrap-server}, {@code --command-config FILE}, {@code -D key=value}, and {@code SEGMENTER_*}
 * variables for any client or registry setting. Later wins: file, environment, {@code -D}, then the two
 * dedicated flags.
 */
public final class KafkaOptions {

    @Option(names = "--bootstrap-server", paramLabel = "HOST:PORT",
            description = "Kafka bootstrap servers (or bootstrap.servers in --command-config, -D or SEGMENTER_BOOTSTRAP_SERVERS).")
    String bootstrapServer;

    @Option(names = "--command-config", paramLabel = "FILE",
            description = "Kafka client properties (SASL, TLS, timeouts) and schema.registry.* settings, as the Kafka tools take them.")
    Path commandConfig;

    @Option(names = "-D", paramLabel = "KEY=VALUE", description = "Sets one client or registry property (repeatable; wins over the file).")
    Map<String, String> properties = new HashMap<>();

    @Option(names = "--schema-registry-url", paramLabel = "URL",
            description = "Confluent-compatible schema registry (default: Avro single-object encoding, no registry).")
    String schemaRegistryUrl;

    /** Client and registry settings from the file, the environment, {@code -D} and the flags, in that order. */
    public Map<String, Object> clientConfig() {
        return clientConfig(System.getenv());
    }

    Map<String, Object> clientConfig(Map<String, String> env) {
        return new HashMap<>(ClientSettings.requireBootstrap(
                ClientSettings.load(commandConfig, env, ClientSettings.clientKeys(), overrides(Map.of()))));
    }

    /** {@code -D}, then a command's own flags (as config keys), then {@code --bootstrap-server} and {@code --schema-registry-url}. */
    public Map<String, String> overrides(Map<String, String> commandFlags) {
        Map<String, String> overrides = new LinkedHashMap<>(properties);
        overrides.putAll(commandFlags);
        if (bootstrapServer != null) {
            overrides.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServer);
        }
        if (schemaRegistryUrl != null) {
            overrides.put(AvroSerdeConfig.SCHEMA_REGISTRY_URL, schemaRegistryUrl);
        }
        return overrides;
    }

    /** The serdes' share of {@code clientConfig}: only the registry settings. */
    public static Map<String, Object> serdeConfig(Map<String, Object> clientConfig) {
        Map<String, Object> serde = new HashMap<>();
        AvroSerdeConfig.keys().forEach(k -> {
            if (clientConfig.containsKey(k)) {
                serde.put(k, clientConfig.get(k));
            }
        });
        return serde;
    }
}
