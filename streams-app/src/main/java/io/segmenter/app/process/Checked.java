package io.segmenter.app.process;

import io.segmenter.app.validate.RejectReason;
import io.segmenter.avro.Transaction;

/**
 * A raw transaction record after validation: the decoded transaction, or the reason it was rejected with
 * what goes to the DLQ: the original key and value, cut to the record limit when the record was oversized
 * (so the dead letter itself can be written; the headers give its full size and source coordinates).
 */
public record Checked(Transaction transaction, RejectReason reason, byte[] raw, byte[] deadKey) {

    public static Checked valid(Transaction t) {
        return new Checked(t, null, null, null);
    }

    public boolean valid() {
        return reason == null;
    }
}
