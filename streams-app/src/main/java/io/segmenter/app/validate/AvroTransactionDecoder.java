package io.segmenter.app.validate;

import io.segmenter.avro.Transaction;
import io.segmenter.serde.AvroSerde;
import java.util.Map;
import org.apache.avro.message.MissingSchemaException;
import org.apache.kafka.common.errors.SerializationException;

/** Decodes Avro transactions (either framing) with the shared {@link AvroSerde}. */
public final class AvroTransactionDecoder implements TransactionDecoder {

    private final AvroSerde<Transaction> serde;

    public AvroTransactionDecoder(Map<String, ?> configs) {
        this.serde = AvroSerde.of(Transaction.class, configs);
    }

    @Override
    public Transaction decode(String topic, byte[] value) {
        if (value == null) {
            throw new RejectedException(RejectReason.UNDECODABLE, "null value");
        }
        try {
            return serde.deserialize(topic, value);
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
