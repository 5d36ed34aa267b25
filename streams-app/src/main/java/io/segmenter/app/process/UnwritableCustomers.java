package io.segmenter.app.process;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Customers whose outputs the broker refused (a record larger than the topic's {@code max.message.bytes},
 * or another error that belongs to that one record). Under exactly-once the refused send aborts the whole
 * transaction and the task processes the same input again; the second time the customer's records go to
 * the dead-letter topic (reason {@code unwritable}) instead of into a replace-thread loop.
 *
 * <p>Kept in memory per instance and bounded: after a restart a customer is learnt again at the cost of
 * one aborted transaction. Past {@link #MAX_CUSTOMERS} an arbitrary entry makes room.
 */
public final class UnwritableCustomers {

    /** At most this many customers are remembered. */
    public static final int MAX_CUSTOMERS = 10_000;

    private final Map<String, String> causes = new ConcurrentHashMap<>();
    private volatile boolean empty = true;

    /** Remembers that an output of {@code customerId} could not be written, and why. */
    public void add(String customerId, String cause) {
        if (causes.size() >= MAX_CUSTOMERS) {
            causes.keySet().stream().findFirst().ifPresent(causes::remove);
        }
        causes.put(customerId, cause);
        empty = false;
    }

    /** Why the customer's outputs cannot be written, or null (the per-record check: one volatile read when none). */
    public String cause(String customerId) {
        return empty ? null : causes.get(customerId);
    }

    public int size() {
        return causes.size();
    }
}
