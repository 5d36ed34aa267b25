package io.segmenter.app.process;

import io.segmenter.app.state.CachedCustomerStates;
import io.segmenter.app.state.CustomerState;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The background re-score after a new model: walks a task's customers in key order, a bounded chunk per
 * tick, so the stream never stalls; the cursor is the last customer id visited (in memory: after a restart
 * the walk starts again and skips customers already scored by the model).
 */
final class Rescore {

    private final long version;
    private final long total;
    private String after;
    private long done;

    Rescore(long version, long total) {
        this.version = version;
        this.total = total;
    }

    long version() {
        return version;
    }

    /** The next chunk of at most {@code size} customers; fewer means the walk is over. */
    List<KeyValue<String, CustomerState>> next(CachedCustomerStates.ProcessorView states, int size) {
        List<KeyValue<String, CustomerState>> chunk = states.range(after, size);
        if (!chunk.isEmpty()) {
            after = chunk.getLast().key;
        }
        done += chunk.size();
        return chunk;
    }

    long done() {
        return done;
    }

    /** The customers to walk as estimated at the start (0 for an empty task: nothing to wait for). */
    long estimate() {
        return total;
    }

    /** The estimate, raised past what was done while the walk goes on (the estimate is RocksDB's). */
    long total() {
        return Math.max(total, done + 1);
    }
}
