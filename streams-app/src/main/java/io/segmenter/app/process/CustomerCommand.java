package io.segmenter.app.process;

import io.segmenter.avro.CustomerAttributes;
import io.segmenter.avro.Transaction;

/**
 * Input of the per-customer processor, one of: a validated transaction, a validated attributes record
 * ({@code attributes} set; both null with {@code clearAttributes} for a tombstone on the attributes topic), or
 * an erasure request.
 */
public record CustomerCommand(Transaction transaction, CustomerAttributes attributes, boolean clearAttributes) {

    public CustomerCommand(Transaction transaction) {
        this(transaction, null, false);
    }

    public static CustomerCommand erase() {
        return new CustomerCommand(null, null, false);
    }

    /** The attributes record, or null for a tombstone: every attribute of the customer removed. */
    public static CustomerCommand attributes(CustomerAttributes attributes) {
        return new CustomerCommand(null, attributes, attributes == null);
    }

    public boolean isErasure() {
        return transaction == null && attributes == null && !clearAttributes;
    }

    public boolean isAttributes() {
        return attributes != null || clearAttributes;
    }
}
