package io.segmenter.app.state;

import io.segmenter.app.validate.RejectReason;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * One task's exactly-once outcome counts: how many input records were applied, were duplicates, or went to
 * the dead-letter topic for each reason. They live in {@link StoreNames#OUTCOMES}, a changelogged store
 * written in the same transaction as the input offsets, so a crash and replay neither loses nor doubles a
 * count (the Micrometer counters, by contrast, count every attempt). Sums over all tasks give the totals.
 *
 * <p>Keys are {@code outcome/reason}. Each key is written by one processor only, which keeps its own mirror
 * of the stored value (loaded on first use after the task starts or restores).
 */
public final class OutcomeCounts {

    public static final String APPLIED = "applied";
    public static final String DUPLICATE = "duplicate";
    public static final String REJECTED = "rejected";
    public static final String NONE = "none";

    /** Every key, in a fixed order: applied, duplicate, then rejected by each reason. */
    public static final List<String> KEYS;

    static {
        List<String> keys = new ArrayList<>();
        keys.add(key(APPLIED, NONE));
        keys.add(key(DUPLICATE, NONE));
        for (RejectReason r : RejectReason.values()) {
            keys.add(key(REJECTED, r.label()));
        }
        KEYS = Collections.unmodifiableList(keys);
    }

    private static final int FIRST_REJECTED = 2;

    private final KeyValueStore<String, Long> store;
    private final long[] counts = new long[KEYS.size()];
    private final boolean[] loaded = new boolean[KEYS.size()];

    public OutcomeCounts(KeyValueStore<String, Long> store) {
        this.store = store;
    }

    public static String key(String outcome, String reason) {
        return outcome + "/" + reason;
    }

    /** The outcome part of a key. */
    public static String outcomeOf(String key) {
        return key.substring(0, key.indexOf('/'));
    }

    /** The reason part of a key. */
    public static String reasonOf(String key) {
        return key.substring(key.indexOf('/') + 1);
    }

    public void applied() {
        add(0);
    }

    public void duplicate() {
        add(1);
    }

    public void rejected(RejectReason reason) {
        add(FIRST_REJECTED + reason.ordinal());
    }

    private void add(int i) {
        if (!loaded[i]) {
            Long stored = store.get(KEYS.get(i));
            counts[i] = stored == null ? 0L : stored;
            loaded[i] = true;
        }
        store.put(KEYS.get(i), ++counts[i]);
    }
}
