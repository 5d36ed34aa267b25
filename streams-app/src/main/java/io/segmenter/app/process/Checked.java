package io.segmenter.app.process;

import io.segmenter.app.validate.RejectReason;
import io.segmenter.avro.Transaction;

/** A raw transaction record after validation: the decoded transaction, or the reason it was rejected (with the original bytes). */
public record Checked(Transaction transaction, RejectReason reason, byte[] raw) {

    public boolean valid() {
        return reason == null;
    }
}
