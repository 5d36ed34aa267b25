package io.segmenter.serde;

import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Kafka serde for a generated Avro record class.
 *
 * <p>Writes Avro single-object encoding ({@code C3 01} + fingerprint + body) by default, or the Confluent
 * wire format ({@code 00} + schema id + body) when {@value AvroSerdeConfig#SCHEMA_REGISTRY_URL} is
 * configured. Reads either framing, chosen by the first byte, so a deployment can move from one to the
 * other without a flag day. The writer schema is always resolved to the generated class's schema.
 */
public final class AvroSerde<T extends SpecificRecord> implements Serde<T>, Serializer<T>, Deserializer<T> {

    private final Class<T> type;
    private final SingleObjectCodec<T> singleObject;
    private volatile RegistryCodec<T> registry;
    private volatile boolean isKey;

    public AvroSerde(Class<T> type) {
        this.type = type;
        this.singleObject = new SingleObjectCodec<>(type);
    }

    /** A serde for {@code type}, configured from {@code configs} (for values). */
    public static <T extends SpecificRecord> AvroSerde<T> of(Class<T> type, Map<String, ?> configs) {
        AvroSerde<T> serde = new AvroSerde<>(type);
        serde.configure(configs, false);
        return serde;
    }

    /** A serde for {@code type}, configured from {@code configs} for record keys (subject {@code <topic>-key}). */
    public static <T extends SpecificRecord> AvroSerde<T> forKeys(Class<T> type, Map<String, ?> configs) {
        AvroSerde<T> serde = new AvroSerde<>(type);
        serde.configure(configs, true);
        return serde;
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        this.isKey = isKey;
        this.registry = AvroSerdeConfig.registry(configs)
                .map(settings -> new RegistryCodec<>(type, new SchemaRegistryClient(settings)))
                .orElse(null);
    }

    /** True when this serde writes the schema registry framing. */
    public boolean usesRegistry() {
        return registry != null;
    }

    /** Lets the single-object decoder resolve data written with {@code writerSchema} (beyond the released ones). */
    void addWriterSchema(Schema writerSchema) {
        singleObject.addWriterSchema(writerSchema);
    }

    @Override
    public byte[] serialize(String topic, T data) {
        if (data == null) {
            return null;
        }
        RegistryCodec<T> codec = registry;
        return codec == null ? singleObject.encode(data) : codec.encode(topic, isKey, data);
    }

    @Override
    public T deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        if (data.length == 0) {
            throw new SerdeException("empty value: expected an Avro " + type.getSimpleName() + " record");
        }
        if (data[0] == RegistryCodec.MAGIC) {
            RegistryCodec<T> codec = registry;
            if (codec == null) {
                throw new SerdeException("schema registry framing (magic byte 0x00) but "
                        + AvroSerdeConfig.SCHEMA_REGISTRY_URL + " is not configured");
            }
            return codec.decode(data);
        }
        if (data[0] == SingleObjectCodec.MAGIC_0) {
            if (data.length < 2 || data[1] != SingleObjectCodec.MAGIC_1) {
                throw new SerdeException(String.format(
                        "bad Avro single-object magic: C3 followed by %s, expected C3 01",
                        data.length < 2 ? "nothing" : String.format("%02X", data[1])));
            }
            return singleObject.decode(data);
        }
        throw new SerdeException(String.format(
                "unknown magic byte 0x%02X: expected 0x00 (schema registry) or 0xC3 0x01 (Avro single-object encoding)",
                data[0]));
    }

    @Override
    public Serializer<T> serializer() {
        return this;
    }

    @Override
    public Deserializer<T> deserializer() {
        return this;
    }

    @Override
    public void close() {
        // Nothing to release: Kafka may close a shared serde more than once, and the registry client's
        // HttpClient frees its thread once unreachable.
    }
}
