package io.segmenter.app.query;

import io.segmenter.app.state.OutcomeCounts;
import io.segmenter.app.state.StoreNames;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * This instance's exactly-once outcome counts ({@link OutcomeCounts}), summed over its active tasks;
 * summed over all instances they are the application's totals. Read at most once a second (a scrape reads
 * every key); while the store is not queryable (a rebalance, a restore) the last complete read stands.
 */
public final class OutcomeTotals {

    private static final long FRESH_NANOS = 1_000_000_000L;

    private final KafkaStreams streams;
    private volatile Map<String, Long> last = zeros();
    private volatile long readAt = Long.MIN_VALUE;

    public OutcomeTotals(KafkaStreams streams) {
        this.streams = streams;
    }

    /** Every key of {@link OutcomeCounts#KEYS} with this instance's total. */
    public Map<String, Long> read() {
        long now = System.nanoTime();
        if (readAt != Long.MIN_VALUE && now - readAt < FRESH_NANOS) {
            return last;
        }
        Map<String, Long> totals = zeros();
        try {
            ReadOnlyKeyValueStore<String, Long> store = streams.store(StoreQueryParameters.fromNameAndType(
                    StoreNames.OUTCOMES, QueryableStoreTypes.<String, Long>keyValueStore()));
            try (KeyValueIterator<String, Long> it = store.all()) { // one entry per key and task
                it.forEachRemaining(kv -> totals.merge(kv.key, kv.value, Long::sum));
            }
        } catch (InvalidStateStoreException e) {
            return last;
        }
        last = totals;
        readAt = now;
        return totals;
    }

    /** Totals by outcome ({@code applied}, {@code duplicate}, {@code rejected}), summed over reasons. */
    public Map<String, Long> byOutcome() {
        Map<String, Long> out = new TreeMap<>();
        read().forEach((k, v) -> out.merge(OutcomeCounts.outcomeOf(k), v, Long::sum));
        return out;
    }

    private static Map<String, Long> zeros() {
        Map<String, Long> m = new LinkedHashMap<>();
        OutcomeCounts.KEYS.forEach(k -> m.put(k, 0L));
        return m;
    }
}
