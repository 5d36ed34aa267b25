package io.segmenter.serde;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
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

    /** The same, under the name Confluent's own clients document (used when the prefixed key is not set). */
    public static final String BASIC_AUTH_USER_INFO = "basic.auth.user.info";

    /** Truststore of an https registry with a private CA (default: the JVM's trusted CAs). */
    public static final String SCHEMA_REGISTRY_SSL_TRUSTSTORE_LOCATION = "schema.registry.ssl.truststore.location";

    public static final String SCHEMA_REGISTRY_SSL_TRUSTSTORE_PASSWORD = "schema.registry.ssl.truststore.password";

    /** PKCS12 (default) or JKS. */
    public static final String SCHEMA_REGISTRY_SSL_TRUSTSTORE_TYPE = "schema.registry.ssl.truststore.type";

    private AvroSerdeConfig() {}

    /** Every key this class reads. */
    public static Set<String> keys() {
        return Set.of(SCHEMA_REGISTRY_URL, SCHEMA_REGISTRY_TIMEOUT_MS, SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO, BASIC_AUTH_USER_INFO,
                SCHEMA_REGISTRY_SSL_TRUSTSTORE_LOCATION, SCHEMA_REGISTRY_SSL_TRUSTSTORE_PASSWORD, SCHEMA_REGISTRY_SSL_TRUSTSTORE_TYPE);
    }

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
        if (userInfo == null) {
            userInfo = text(configs, BASIC_AUTH_USER_INFO);
        }
        if (userInfo != null && !userInfo.contains(":")) {
            throw new ConfigException(SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO, "(hidden)", "must be user:password");
        }
        Optional<TrustStore> trustStore = Optional.ofNullable(text(configs, SCHEMA_REGISTRY_SSL_TRUSTSTORE_LOCATION))
                .map(location -> new TrustStore(Path.of(location),
                        Optional.ofNullable(text(configs, SCHEMA_REGISTRY_SSL_TRUSTSTORE_PASSWORD)).orElse(""),
                        Optional.ofNullable(text(configs, SCHEMA_REGISTRY_SSL_TRUSTSTORE_TYPE)).orElse("PKCS12")));
        return Optional.of(new RegistrySettings(url, Duration.ofMillis(timeoutMs), Optional.ofNullable(userInfo), trustStore));
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
    record RegistrySettings(String url, Duration timeout, Optional<String> basicAuthUserInfo, Optional<TrustStore> trustStore) {

        RegistrySettings {
            url = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        }

        @Override
        public String toString() {
            return "RegistrySettings[url=" + url + ", timeout=" + timeout + ", basicAuth="
                    + basicAuthUserInfo.isPresent() + ", trustStore=" + trustStore.map(TrustStore::location).orElse(null) + "]";
        }
    }

    /** A truststore file for an https registry. */
    record TrustStore(Path location, String password, String type) {

        /** An SSL context trusting the store's certificates. @throws ConfigException naming the file */
        SSLContext sslContext() {
            try (InputStream in = Files.newInputStream(location)) {
                KeyStore store = KeyStore.getInstance(type);
                store.load(in, password.toCharArray());
                TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                trust.init(store);
                SSLContext context = SSLContext.getInstance("TLS");
                context.init(null, trust.getTrustManagers(), null);
                return context;
            } catch (IOException | GeneralSecurityException e) {
                throw new ConfigException(SCHEMA_REGISTRY_SSL_TRUSTSTORE_LOCATION, location.toString(),
                        "cannot load the truststore: " + e.getMessage());
            }
        }

        @Override
        public String toString() {
            return "TrustStore[" + location + ", " + type + "]";
        }
    }
}
