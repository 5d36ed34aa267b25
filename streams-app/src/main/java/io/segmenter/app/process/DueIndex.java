package io.segmenter.app.process;

import io.segmenter.app.state.CustomerState;
import io.segmenter.app.state.Keys;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Customers by the time they next need a look as time passes, so a tick visits only those due. Filing is
 * lazy: a customer is filed again only when the new due time is earlier than the one filed (kept in the
 * state); when it moves later (a purchase usually pushes it later) the earlier entry stays and, when it
 * comes up, costs one look that changes nothing and files the real time. So the index is written on a
 * customer's first scoring and when a due time moves earlier, not on every transaction.
 */
final class DueIndex {

    private static final byte[] EMPTY = new byte[0];

    private final KeyValueStore<Bytes, byte[]> store;

    DueIndex(KeyValueStore<Bytes, byte[]> store) {
        this.store = store;
    }

    /** Files the customer under {@code due} when it is earlier than what is filed; true when the state changed. */
    boolean file(CustomerState state, String customerId, long due) {
        if (due >= state.filedDue()) {
            return false;
        }
        store.put(Keys.timed(due, customerId), EMPTY);
        state.filedDue(due);
        return true;
    }

    /** The keys due at or before {@code now}, earliest first, at most {@code max}: a range scan, never a full scan. */
    List<Bytes> due(long now, int max) {
        List<Bytes> keys = new ArrayList<>();
        try (KeyValueIterator<Bytes, byte[]> it = store.range(null, Keys.dueUpTo(now))) {
            while (it.hasNext() && keys.size() < max) {
                keys.add(it.next().key);
            }
        }
        return keys;
    }

    /** Removes a due entry that came up; when it is the one the state records, the customer is no longer filed. */
    void remove(Bytes key, CustomerState state) {
        store.delete(key);
        if (state != null && state.filedDue() == Keys.time(key)) {
            state.filedDue(CustomerState.NOT_FILED);
        }
    }

    /** Removes the customer's recorded entry (erasure); a later, stale one finds no state when it comes up. */
    void clear(CustomerState state, String customerId) {
        if (state.filedDue() != CustomerState.NOT_FILED) {
            store.delete(Keys.timed(state.filedDue(), customerId));
        }
    }
}
