package io.segmenter.config;

import io.segmenter.serde.AvroSerdeConfig;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigException;

/**
 * Where every service and command takes its Kafka client and registry settings from, in one order: a
 * properties file (as the Kafka tools' {@code --command-config}), then {@code SEGMENTER_*} environment
 * variables, then {@code -D key=value}. A secured cluster (SASL, TLS) and a registry with basic auth are
 * one file or a few variables, the same for {@code run}, {@code train}, {@code replay}, {@code profiles}
 * and {@code report --publish}.
 */
public final class ClientSettings {

    public static final String ENV_PREFIX = "SEGMENTER_";

    private ClientSettings() {}

    /** The environment variable of {@code key}: {@code a.b-c} is {@code SEGMENTER_A_B_C}. */
    public static String envName(String key) {
        return ENV_PREFIX + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /** Every setting of Kafka's producer, consumer and admin client (SASL, TLS, timeouts...) and of the registry serdes. */
    public static Set<String> clientKeys() {
        Set<String> keys = new TreeSet<>(ProducerConfig.configNames());
        keys.addAll(ConsumerConfig.configNames());
        keys.addAll(AdminClientConfig.configNames());
        keys.addAll(AvroSerdeConfig.keys());
        return keys;
    }

    /** The admin client's share of {@code settings} (so it does not warn about producer or registry keys). */
    public static Map<String, Object> adminConfig(Map<String, ?> settings) {
        return only(settings, AdminClientConfig.configNames());
    }

    /** The entries of {@code settings} whose key is one of {@code keys}, e.g. a producer's share of the app's settings. */
    public static Map<String, Object> only(Map<String, ?> settings, Set<String> keys) {
        Map<String, Object> out = new java.util.HashMap<>();
        settings.forEach((k, v) -> {
            if (keys.contains(k)) {
                out.put(k, v);
            }
        });
        return out;
    }

    /** The values the environment gives for {@code keys} (each as {@link #envName}). */
    public static Map<String, String> fromEnvironment(Map<String, String> env, Collection<String> keys) {
        Map<String, String> found = new LinkedHashMap<>();
        for (String key : keys) {
            String value = env.get(envName(key));
            if (value != null) {
                found.put(key, value);
            }
        }
        return found;
    }

    /** A properties file's settings. @throws ConfigException naming the file when it cannot be read */
    public static Map<String, String> readFile(Path file) {
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            p.load(in);
        } catch (NoSuchFileException e) {
            throw new ConfigException("config file " + file + " does not exist");
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigException("cannot read config file " + file + ": " + e.getMessage());
        }
        Map<String, String> settings = new LinkedHashMap<>();
        p.stringPropertyNames().forEach(k -> settings.put(k.trim(), p.getProperty(k).trim()));
        return settings;
    }

    /**
     * {@code settings} when they name a cluster. @throws ConfigException saying how to name one (the flag, the
     * key and the variable)
     */
    public static <M extends Map<?, ?>> M requireBootstrap(M settings) {
        Object servers = settings.get(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG);
        if (servers == null || servers.toString().isBlank()) {
            throw new ConfigException("no Kafka cluster given: set --bootstrap-server HOST:PORT (or bootstrap.servers in --command-config, -D or "
                    + envName(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG) + ")");
        }
        return settings;
    }

    /**
     * File (may be null), then the environment's values of {@code keys}, then {@code overrides}: the later
     * wins.
     */
    public static Map<String, String> load(Path file, Map<String, String> env, Collection<String> keys,
            Map<String, String> overrides) {
        Map<String, String> settings = new LinkedHashMap<>();
        if (file != null) {
            settings.putAll(readFile(file));
        }
        settings.putAll(fromEnvironment(env, keys));
        settings.putAll(overrides);
        return settings;
    }
}
