package io.segmenter.serde;

import java.util.Map;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.avro.specific.SpecificRecord;

/**
 * Kafka serde for a generated Avro record class. Writes Avro single-object encoding by default (the
 * registry framing is added when {@code schema.registry.url} is configured); reads either framing.
 */
public final class AvroSerde<T extends SpecificRecord> implements Serde<T>, Serializer<T>, Deserializer<T> {

    private final SingleObjectCodec<T> singleObject;

    public AvroSerde(Class<T> type) {
        this.singleObject = new SingleObjectCodec<>(type);
    }

    /** A serde for {@code type}, configured from {@code configs} (for values). */
    public static <T extends SpecificRecord> AvroSerde<T> of(Class<T> type, Map<String, ?> configs) {
        AvroSerde<T> serde = new AvroSerde<>(type);
        serde.configure(configs, false);
        return serde;
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        // single-object encoding needs no configuration
    }

    @Override
    public byte[] serialize(String topic, T data) {
        return data == null ? null : singleObject.encode(data);
    }

    @Override
    public T deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        if (data.length == 0) {
            throw new SerdeException("empty value: expected an Avro record");
        }
        return singleObject.decode(data);
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
    public void close() {}
}
