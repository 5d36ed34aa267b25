package io.segmenter.app.validate;

import io.segmenter.avro.Transaction;

/**
 * The one seam where transaction bytes become a {@link Transaction}; {@code input.format} picks the
 * implementation (Avro now, JSON when the JSON deserializer lands).
 */
@FunctionalInterface
public interface TransactionDecoder {

    /** @throws RejectedException with {@link RejectReason#UNDECODABLE} or {@link RejectReason#UNKNOWN_SCHEMA} */
    Transaction decode(String topic, byte[] value);
}
