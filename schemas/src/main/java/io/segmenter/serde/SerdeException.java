package io.segmenter.serde;

import org.apache.kafka.common.errors.SerializationException;

/** A record could not be encoded or decoded; the message says what is wrong with the bytes. */
public class SerdeException extends SerializationException {

    private static final long serialVersionUID = 1L;

    public SerdeException(String message) {
        super(message);
    }

    public SerdeException(String message, Throwable cause) {
        super(message, cause);
    }
}
