package io.segmenter.broker;

import java.util.Map;

/**
 * The one user of a local broker's SASL/PLAIN listener, for trying a secured cluster locally (PLAIN sends
 * the password in the clear: use it on loopback only, as this broker binds).
 */
public record SaslUser(String name, String password) {

    public SaslUser {
        if (name == null || name.isBlank() || password == null || password.isEmpty()) {
            throw new IllegalArgumentException("a SASL user needs a name and a password");
        }
        if (name.contains("\"") || password.contains("\"") || name.contains("=") || name.contains(" ")) {
            throw new IllegalArgumentException("SASL user names must not contain quotes, '=' or spaces, passwords no quotes");
        }
    }

    /** The listener's JAAS line: the broker's own login (inter-broker) and the accepted user. */
    String brokerJaas() {
        return "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"" + name + "\" password=\""
                + password + "\" user_" + name + "=\"" + password + "\";";
    }

    /** What a client sets to connect as this user (the Kafka client keys, as in a --command-config file). */
    public Map<String, String> clientConfig() {
        return Map.of(
                "security.protocol", "SASL_PLAINTEXT",
                "sasl.mechanism", "PLAIN",
                "sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"" + name
                        + "\" password=\"" + password + "\";");
    }
}
