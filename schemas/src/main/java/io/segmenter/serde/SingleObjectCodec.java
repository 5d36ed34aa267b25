package io.segmenter.serde;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.message.BadHeaderException;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.message.MissingSchemaException;
import org.apache.avro.message.SchemaStore;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/**
 * Avro single-object encoding ({@code C3 01} + 8-byte CRC-64-AVRO fingerprint + binary body) with
 * Avro's own message encoder and decoder. Older released writer schemas resolve by fingerprint.
 */
final class SingleObjectCodec<T extends SpecificRecord> {

    static final byte MAGIC_0 = (byte) 0xC3;
    static final byte MAGIC_1 = (byte) 0x01;
    static final int HEADER_LENGTH = 10;

    private final Class<T> type;
    private final BinaryMessageEncoder<T> encoder;
    private final BinaryMessageDecoder<T> decoder;
    private final HandWrittenEncoders.BodyEncoder<T> body;
    private final byte[] header;

    SingleObjectCodec(Class<T> type) {
        TrustedClasses.ensure();
        this.type = type;
        Schema schema = SpecificData.get().getSchema(type);
        SpecificData model = SpecificData.getForClass(type);
        SchemaStore.Cache store = new SchemaStore.Cache();
        for (Schema released : ReleasedSchemas.of(type.getSimpleName())) {
            store.addSchema(released);
        }
        this.encoder = new BinaryMessageEncoder<>(model, schema);
        this.decoder = new BinaryMessageDecoder<>(model, schema, store);
        this.body = HandWrittenEncoders.forType(type);
        this.header = ByteBuffer.allocate(HEADER_LENGTH).order(ByteOrder.LITTLE_ENDIAN)
                .put(MAGIC_0).put(MAGIC_1).putLong(SchemaNormalization.parsingFingerprint64(schema)).array();
    }

    /** Lets this codec read data written with {@code writerSchema} (beyond the released versions). */
    void addWriterSchema(Schema writerSchema) {
        decoder.addSchema(writerSchema);
    }

    byte[] encode(T record) {
        try {
            if (body != null) {
                AvroBinaryWriter out = AvroBinaryWriter.scratch();
                out.raw(header);
                body.write(record, out);
                return out.toByteArray();
            }
            ByteBuffer buffer = encoder.encode(record);
            byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            return bytes;
        } catch (IOException | RuntimeException e) {
            throw new SerdeException("cannot encode " + record.getSchema().getName() + ": " + e.getMessage(), e);
        }
    }

    T decode(byte[] bytes) {
        if (bytes.length < HEADER_LENGTH) {
            throw new SerdeException("truncated single-object header: " + bytes.length
                    + " bytes, expected C3 01 and an 8-byte schema fingerprint");
        }
        try {
            ByteArrayInputStream in = new ByteArrayInputStream(bytes);
            T record = decoder.decode(in, null); // Avro's raw decoder reads the stream unbuffered: what is left is past the record
            if (in.available() > 0) {
                throw new SerdeException("corrupt Avro body (" + type.getSimpleName() + "): " + in.available()
                        + " trailing bytes after the record");
            }
            return record;
        } catch (SerdeException e) {
            throw e;
        } catch (MissingSchemaException e) {
            throw new SerdeException(String.format(
                    "unknown writer schema fingerprint %016x for %s (not a released schema of this record)",
                    ByteBuffer.wrap(bytes, 2, 8).order(ByteOrder.LITTLE_ENDIAN).getLong(), type.getSimpleName()), e);
        } catch (BadHeaderException e) {
            throw new SerdeException("not Avro single-object encoding: " + e.getMessage(), e);
        } catch (IOException | RuntimeException e) {
            throw new SerdeException("corrupt Avro body (" + type.getSimpleName() + "): " + e, e);
        }
    }
}
