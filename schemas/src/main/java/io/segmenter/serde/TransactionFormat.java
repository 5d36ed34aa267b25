package io.segmenter.serde;

import io.segmenter.avro.Transaction;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/** How transactions arrive on the input topic: Avro (either framing, the default) or JSON objects. */
public enum TransactionFormat {
    AVRO,
    JSON;

    /** Config key choosing the input format: {@code avro} (default) or {@code json}. */
    public static final String INPUT_FORMAT = "input.format";

    public static final String INPUT_FORMAT_DEFAULT = "avro";

    /** The format named by {@value #INPUT_FORMAT} in {@code configs} ({@code avro} when absent). */
    public static TransactionFormat of(Map<String, ?> configs) {
        Object value = configs == null ? null : configs.get(INPUT_FORMAT);
        String name = value == null ? INPUT_FORMAT_DEFAULT : value.toString().trim();
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "avro", "" -> AVRO;
            case "json" -> JSON;
            default -> throw new ConfigException(INPUT_FORMAT, name, "must be avro or json");
        };
    }

    /** The deserializer for transactions in the format configured in {@code configs}. */
    public static Deserializer<Transaction> deserializer(Map<String, ?> configs) {
        return of(configs).newDeserializer(configs);
    }

    /**
     * A serde reading transactions in the configured format; it always writes Avro (the framing chosen by
     * {@value AvroSerdeConfig#SCHEMA_REGISTRY_URL}).
     */
    public static Serde<Transaction> serde(Map<String, ?> configs) {
        return Serdes.serdeFrom(AvroSerde.of(Transaction.class, configs), deserializer(configs));
    }

    public Deserializer<Transaction> newDeserializer(Map<String, ?> configs) {
        return switch (this) {
            case AVRO -> AvroSerde.of(Transaction.class, configs);
            case JSON -> new TransactionJsonDeserializer();
        };
    }
}
