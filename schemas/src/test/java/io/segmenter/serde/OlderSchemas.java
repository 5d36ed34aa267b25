package io.segmenter.serde;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.segmenter.avro.Transaction;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;

/** Schemas derived from the current ones in the test (older or changed versions), and bytes written with them. */
final class OlderSchemas {

    private static final ObjectMapper JSON = new ObjectMapper();

    private OlderSchemas() {}

    /** The current Transaction schema without the optional {@code lineCount} and {@code channel} fields. */
    static Schema transactionWithoutOptionalFields() {
        return edit(Transaction.getClassSchema(), root -> {
            ArrayNode fields = (ArrayNode) root.get("fields");
            for (int i = fields.size() - 1; i >= 0; i--) {
                if (Set.of("lineCount", "channel").contains(fields.get(i).get("name").asText())) {
                    fields.remove(i);
                }
            }
        });
    }

    /** {@code schema} with its JSON changed by {@code change}. */
    static Schema edit(Schema schema, Consumer<ObjectNode> change) {
        try {
            ObjectNode root = (ObjectNode) JSON.readTree(schema.toString());
            change.accept(root);
            return new Schema.Parser().parse(JSON.writeValueAsString(root));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An old-style transaction (no lineCount, no channel) as a generic record of {@code oldSchema}. */
    static GenericRecord oldTransaction(Schema oldSchema) {
        GenericRecord record = new GenericData.Record(oldSchema);
        record.put("transactionId", "INV-1");
        record.put("customerId", "C-1");
        record.put("eventTime", SampleRecords.T0.toEpochMilli());
        record.put("amountMinor", 995L);
        record.put("currency", "GBP");
        record.put("kind", new GenericData.EnumSymbol(oldSchema.getField("kind").schema(), "REFUND"));
        return record;
    }

    static byte[] body(GenericRecord record) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
        try {
            new GenericDatumWriter<GenericRecord>(record.getSchema()).write(record, encoder);
            encoder.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Single-object framing written by hand: C3 01, little-endian CRC-64-AVRO fingerprint, body. */
    static byte[] singleObject(GenericRecord record) {
        byte[] body = body(record);
        return ByteBuffer.allocate(10 + body.length).order(ByteOrder.LITTLE_ENDIAN)
                .put((byte) 0xC3).put((byte) 0x01)
                .putLong(SchemaNormalization.parsingFingerprint64(record.getSchema()))
                .put(body).array();
    }

    /** Registry framing written by hand: 00, big-endian schema id, body. */
    static byte[] registryFramed(int id, GenericRecord record) {
        byte[] body = body(record);
        return ByteBuffer.allocate(5 + body.length).put((byte) 0).putInt(id).put(body).array();
    }
}
