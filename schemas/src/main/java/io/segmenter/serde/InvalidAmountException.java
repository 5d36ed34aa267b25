package io.segmenter.serde;

/** A transaction's amount is a number but not a usable one (not finite, out of range, not whole minor units). */
public final class InvalidAmountException extends SerdeException {

    private static final long serialVersionUID = 1L;

    public InvalidAmountException(String message) {
        super(message);
    }

    public InvalidAmountException(String message, Throwable cause) {
        super(message, cause);
    }
}
