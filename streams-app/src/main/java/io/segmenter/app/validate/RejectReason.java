package io.segmenter.app.validate;

import java.util.Locale;

/** Why a transaction went to the dead-letter topic; {@link #label()} is the header value and metric label. */
public enum RejectReason {
    UNDECODABLE,
    /** Key plus value over {@code record.max.bytes}, or an id or channel over {@code id.max.chars}. */
    OVERSIZED,
    UNKNOWN_SCHEMA,
    MISSING_CUSTOMER_ID,
    MISSING_TRANSACTION_ID,
    INVALID_AMOUNT,
    UNSUPPORTED_CURRENCY,
    FUTURE_EVENT_TIME,
    /** An event time before {@code event.time.min.ms} (default 1970-01-01). */
    PAST_EVENT_TIME,
    UNKNOWN_KIND,
    /** An event older than the dedupe retention a user set: its id may have been forgotten, so it is not applied unchecked. */
    BEYOND_DEDUPE_RETENTION,
    /**
     * The broker refused an output of this customer (e.g. larger than the topic's {@code max.message.bytes});
     * the customer's records go to the DLQ instead of aborting every transaction.
     */
    UNWRITABLE,
    /** A customer-attributes record without a key, with a key other than its customer id, or with a bad name or value. */
    INVALID_ATTRIBUTES,
    /** A customer-attributes record that would give its customer more than {@code attributes.max.count} attributes. */
    ATTRIBUTES_LIMIT,
    /** An unexpected exception while processing (routed by the processing exception handler). */
    PROCESSING_ERROR;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
