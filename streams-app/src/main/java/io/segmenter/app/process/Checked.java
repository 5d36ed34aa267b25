package io.segmenter.app.process;

import io.segmenter.app.validate.RejectReason;
import io.segmenter.avro.Transaction;

/**
 * A raw transaction record after validation: the decoded transaction, or the reason it was rejected with
 * what goes to the DLQ: the original key and value, cut to the record limit when the record was oversized
 * (so the dead letter itself can be written; the headers give its full size and source coordinates).
 * {@code inPlace} is true for a valid record keyed by its customer id on that customer's partition: it needs
 * no repartition.
 */
public record Checked(Transaction transaction, RejectReason reason, byte[] raw, byte[] deadKey, boolean inPlace) {

    public static Checked valid(Transaction t, boolean inPlace) {
        return new Checked(t, null, null, null, inPlace);
    }

    public static Checked rejected(RejectReason reason, byte[] raw, byte[] deadKey) {
        return new Checked(null, reason, raw, deadKey, false);
    }

    public boolean valid() {
        return reason == null;
    }
}
