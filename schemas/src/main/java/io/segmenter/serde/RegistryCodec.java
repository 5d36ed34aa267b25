package io.segmenter.serde;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;

/**
 * The Confluent wire format: {@code 00} + 4-byte big-endian schema id + Avro binary body. The writer
 * schema is registered under the TopicNameStrategy subject ({@code <topic>-value} or {@code <topic>-key});
 * a reader fetches the writer schema by id and resolves it to the generated class's schema.
 */
final class RegistryCodec<T extends SpecificRecord> {

    static final byte MAGIC = 0x00;
    static final int HEADER_LENGTH = 5;

    private final Class<T> type;
    private final Schema schema;
    private final SpecificData model;
    private final SpecificDatumWriter<T> writer;
    private final HandWrittenEncoders.BodyEncoder<T> body;
    private final SchemaRegistryClient registry;
    private final Map<Integer, SpecificDatumReader<T>> readersById = new ConcurrentHashMap<>();

    RegistryCodec(Class<T> type, SchemaRegistryClient registry) {
        TrustedClasses.ensure();
        this.type = type;
        this.schema = SpecificData.get().getSchema(type);
        this.model = SpecificData.getForClass(type);
        this.writer = new SpecificDatumWriter<>(schema, model);
        this.body = HandWrittenEncoders.forType(type);
        this.registry = registry;
    }

    static String subject(String topic, boolean isKey) {
        return topic + (isKey ? "-key" : "-value");
    }

    byte[] encode(String topic, boolean isKey, T record) {
        if (topic == null || topic.isEmpty()) {
            throw new SerdeException("the schema registry framing needs a topic name to choose the subject");
        }
        int id = registry.register(subject(topic, isKey), schema);
        if (body != null) {
            try {
                AvroBinaryWriter w = AvroBinaryWriter.scratch();
                w.raw(ByteBuffer.allocate(HEADER_LENGTH).put(MAGIC).putInt(id).array());
                body.write(record, w);
                return w.toByteArray();
            } catch (RuntimeException e) {
                throw new SerdeException("cannot encode " + schema.getName() + ": " + e.getMessage(), e);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(128);
        out.write(MAGIC);
        out.writeBytes(ByteBuffer.allocate(4).putInt(id).array());
        BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
        try {
            writer.write(record, encoder);
            encoder.flush();
        } catch (IOException | RuntimeException e) {
            throw new SerdeException("cannot encode " + schema.getName() + ": " + e.getMessage(), e);
        }
        return out.toByteArray();
    }

    T decode(byte[] bytes) {
        if (bytes.length < HEADER_LENGTH) {
            throw new SerdeException("truncated schema registry header: " + bytes.length
                    + " bytes, expected 0x00 and a 4-byte schema id");
        }
        int id = ByteBuffer.wrap(bytes, 1, 4).getInt();
        SpecificDatumReader<T> reader = readersById.computeIfAbsent(id, this::readerFor);
        BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(bytes, HEADER_LENGTH, bytes.length - HEADER_LENGTH, null);
        T record;
        try {
            record = reader.read(null, decoder);
        } catch (IOException | RuntimeException e) {
            throw new SerdeException("corrupt Avro body (schema id " + id + ", " + type.getSimpleName() + "): " + e, e);
        }
        try {
            if (!decoder.isEnd()) {
                throw new SerdeException("corrupt Avro body (schema id " + id + ", " + type.getSimpleName()
                        + "): trailing bytes after the record");
            }
        } catch (IOException e) {
            throw new SerdeException("corrupt Avro body (schema id " + id + "): " + e, e);
        }
        return record;
    }

    private SpecificDatumReader<T> readerFor(int id) {
        Schema writerSchema;
        try {
            writerSchema = registry.schemaById(id);
        } catch (SerdeException e) {
            throw new SerdeException("unknown writer schema id " + id + ": " + e.getMessage(), e);
        }
        return new SpecificDatumReader<>(writerSchema, schema, model);
    }
}
