package io.segmenter.serde;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.config.ConfigException;

/**
 * Configuration keys read by {@link AvroSerde} (the names Confluent's serdes use, so the same client
 * properties work against Confluent Schema Registry, Redpanda, Apicurio ccompat or Karapace).
 */
public final class AvroSerdeConfig {

    /** Base URL of the schema registry; when set, values are written in the Confluent wire format. */
    public static final String SCHEMA_REGISTRY_URL = "schema.registry.url";

    /** Connect and request timeout of registry calls, in milliseconds. */
    public static final String SCHEMA_REGISTRY_TIMEOUT_MS = "schema.registry.timeout.ms";

    public static final long SCHEMA_REGISTRY_TIMEOUT_MS_DEFAULT = 10_000;

    /** Optional {@code user:password} for HTTP basic authentication against the registry. */
    public static final String SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO = "schema.registry.basic.auth.user.info";

    private AvroSerdeConfig() {}

    /** The registry settings in {@code configs}, or empty when no registry URL is configured. */
    static Optional<RegistrySettings> registry(Map<String, ?> configs) {
        String url = text(configs, SCHEMA_REGISTRY_URL);
        if (url == null) {
            return Optional.empty();
        }
        // Confluent allows a comma-separated list; this client talks to the first one.
        url = url.split(",")[0].trim();
        if (!url.startsWith("http://") && !url.startsWith("https://")) {
            throw new ConfigException(SCHEMA_REGISTRY_URL, url, "must be an http:// or https:// URL");
        }
        String timeoutText = text(configs, SCHEMA_REGISTRY_TIMEOUT_MS);
        long timeoutMs = SCHEMA_REGISTRY_TIMEOUT_MS_DEFAULT;
        if (timeoutText != null) {
            try {
                timeoutMs = Long.parseLong(timeoutText);
            } catch (NumberFormatException e) {
                throw new ConfigException(SCHEMA_REGISTRY_TIMEOUT_MS, timeoutText, "must be a number of milliseconds");
            }
            if (timeoutMs <= 0) {
                throw new ConfigException(SCHEMA_REGISTRY_TIMEOUT_MS, timeoutText, "must be positive");
            }
        }
        String userInfo = text(configs, SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO);
        if (userInfo != null && !userInfo.contains(":")) {
            throw new ConfigException(SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO, "(hidden)", "must be user:password");
        }
        return Optional.of(new RegistrySettings(url, Duration.ofMillis(timeoutMs), Optional.ofNullable(userInfo)));
    }

    private static String text(Map<String, ?> configs, String key) {
        Object value = configs == null ? null : configs.get(key);
        if (value == null) {
            return null;
        }
        String text = value.toString().trim();
        return text.isEmpty() ? null : text;
    }

    /** Where the registry is and how to talk to it. */
    record RegistrySettings(String url, Duration timeout, Optional<String> basicAuthUserInfo) {

        RegistrySettings {
            url = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        }

        @Override
        public String toString() {
            return "RegistrySettings[url=" + url + ", timeout=" + timeout + ", basicAuth="
                    + basicAuthUserInfo.isPresent() + "]";
        }
    }
}
