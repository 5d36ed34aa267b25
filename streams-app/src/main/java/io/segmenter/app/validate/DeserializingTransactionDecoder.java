package io.segmenter.app.validate;

import io.segmenter.avro.Transaction;
import io.segmenter.serde.InvalidAmountException;
import org.apache.avro.message.MissingSchemaException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Decodes transactions with the shared deserializer of the configured input format (Avro in either
 * framing, or JSON), turning its failures into rejection reasons.
 */
public final class DeserializingTransactionDecoder implements TransactionDecoder {

    private final Deserializer<Transaction> serde;

    public DeserializingTransactionDecoder(Deserializer<Transaction> deserializer) {
        this.serde = deserializer;
    }

    @Override
    public Transaction decode(String topic, byte[] value) {
        if (value == null) {
            throw new RejectedException(RejectReason.UNDECODABLE, "null value");
        }
        try {
            return serde.deserialize(topic, value);
        } catch (InvalidAmountException e) {
            throw new RejectedException(RejectReason.INVALID_AMOUNT, e.getMessage());
        } catch (SerializationException e) {
            throw new RejectedException(unknownSchema(e) ? RejectReason.UNKNOWN_SCHEMA : RejectReason.UNDECODABLE, e.getMessage());
        } catch (RuntimeException e) {
            throw new RejectedException(RejectReason.UNDECODABLE, String.valueOf(e));
        }
    }

    private static boolean unknownSchema(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof MissingSchemaException
                    || (t.getMessage() != null && t.getMessage().toLowerCase(java.util.Locale.ROOT).contains("unknown schema"))) {
                return true;
            }
        }
        return false;
    }
}
