package io.segmenter.app.validate;

/** A transaction that cannot be applied, with the reason; cheap (no stack trace), since bad data is expected. */
public final class RejectedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final RejectReason reason;

    public RejectedException(RejectReason reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    public RejectReason reason() {
        return reason;
    }
}
