package io.segmenter.broker;

/** The embedded broker could not start; the message says why in words a user can act on. */
public final class BrokerStartException extends RuntimeException {

    public BrokerStartException(String message) {
        super(message);
    }

    public BrokerStartException(String message, Throwable cause) {
        super(message, cause);
    }
}
