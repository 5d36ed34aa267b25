package io.segmenter.app.process;

import io.segmenter.avro.Transaction;

/** Input of the per-customer processor: a validated transaction, or an erasure request when {@code transaction} is null. */
public record CustomerCommand(Transaction transaction) {

    public static CustomerCommand erase() {
        return new CustomerCommand(null);
    }

    public boolean isErasure() {
        return transaction == null;
    }
}
