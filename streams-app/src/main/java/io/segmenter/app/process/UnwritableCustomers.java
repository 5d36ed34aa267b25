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

    /** Per-batch and per-record framing a record adds on the wire, on top of its key, value and headers. */
    static final int RECORD_OVERHEAD_BYTES = 128;

    private final Map<String, String> causes = new ConcurrentHashMap<>();
    private volatile boolean empty = true;
    private volatile Map<String, Integer> limits = Map.of();
    private volatile int defaultLimit = Integer.MAX_VALUE;

    /**
     * The largest record each output topic accepts ({@code max.message.bytes}, capped by the producer's
     * {@code max.request.size}, which is also {@code otherTopics}' limit).
     */
    public void limits(Map<String, Integer> byTopic, int otherTopics) {
        limits = Map.copyOf(byTopic);
        defaultLimit = otherTopics;
    }

    /**
     * True when a record of {@code bytes} (key, value, headers) is too large for {@code topic} by itself.
     * A refused batch fails every record in it and, under exactly-once, every later send of the
     * transaction: only the record that is too large alone names its customer.
     */
    public boolean tooLarge(String topic, long bytes) {
        return bytes + RECORD_OVERHEAD_BYTES > limits.getOrDefault(topic, defaultLimit);
    }

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
