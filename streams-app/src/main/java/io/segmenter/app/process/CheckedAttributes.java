package io.segmenter.app.process;

import io.segmenter.app.validate.RejectReason;
import io.segmenter.avro.CustomerAttributes;

/**
 * A raw customer-attributes record after validation: the decoded record (null for a tombstone), or the
 * reason it was rejected with the original key and value for the DLQ. {@code inPlace}: on its customer's
 * partition, no repartition needed.
 */
public record CheckedAttributes(CustomerAttributes attributes, RejectReason reason, byte[] raw, byte[] deadKey, boolean inPlace) {

    public static CheckedAttributes valid(CustomerAttributes a, boolean inPlace) {
        return new CheckedAttributes(a, null, null, null, inPlace);
    }

    public static CheckedAttributes rejected(RejectReason reason, byte[] raw, byte[] deadKey) {
        return new CheckedAttributes(null, reason, raw, deadKey, false);
    }

    public boolean valid() {
        return reason == null;
    }
}
