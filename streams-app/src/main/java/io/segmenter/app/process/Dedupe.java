package io.segmenter.app.process;

import io.segmenter.app.state.CustomerState;
import io.segmenter.app.state.IdFingerprints;
import io.segmenter.app.state.Keys;
import java.nio.ByteBuffer;
import java.nio.LongBuffer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Decides whether a transaction id was applied before for its customer, whatever the clock and the order of
 * arrival: the ids are kept for good (or for the retention a user sets), as fingerprints in the customer's
 * state and, past {@code inlineLimit} of them, period by period in the archive store. Only a transaction
 * whose period was archived costs an archive read; the steady state touches nothing but the state record.
 */
public final class Dedupe {

    public enum Outcome { NEW, DUPLICATE, BEYOND_RETENTION }

    /** The archive of older periods (a store in the app; a map in tests). */
    public interface Archive {
        long[] get(String customerId, int period);

        void put(String customerId, int period, long[] sortedFingerprints);

        void delete(String customerId, int period);
    }

    private final long retentionMs;
    private final int inlineLimit;
    private final Archive archive;

    /**
     * @param retentionMs 0 = remember every id; else ids of events older than {@code now - retentionMs} are
     *     forgotten and such events are refused ({@link Outcome#BEYOND_RETENTION})
     * @param inlineLimit fingerprints kept in the state record before the oldest periods move to the archive
     */
    public Dedupe(long retentionMs, int inlineLimit, Archive archive) {
        this.retentionMs = retentionMs;
        this.inlineLimit = inlineLimit;
        this.archive = archive;
    }

    /** What to do with transaction {@code fingerprint} at {@code eventTime}; {@code state} is null for a new customer. */
    public Outcome check(CustomerState state, String customerId, long fingerprint, long eventTime, long now) {
        if (retentionMs > 0 && eventTime < now - retentionMs) {
            return Outcome.BEYOND_RETENTION;
        }
        if (state == null) {
            return Outcome.NEW;
        }
        IdFingerprints ids = state.ids();
        if (ids.containsInline(fingerprint)) {
            return Outcome.DUPLICATE;
        }
        int period = IdFingerprints.period(eventTime);
        if (ids.isArchived(period)) {
            long[] archived = archive.get(customerId, period);
            if (archived != null && java.util.Arrays.binarySearch(archived, fingerprint) >= 0) {
                return Outcome.DUPLICATE;
            }
        }
        return Outcome.NEW;
    }

    /** Remembers an applied id (after {@link #check} said NEW), keeping the state record within its limit. */
    public void record(CustomerState state, String customerId, long fingerprint, long eventTime, long now) {
        IdFingerprints ids = state.ids();
        int period = IdFingerprints.period(eventTime);
        if (ids.isArchived(period)) {
            long[] before = archive.get(customerId, period);
            long[] after = IdFingerprints.insert(before == null ? new long[0] : before, fingerprint);
            if (after != null) {
                archive.put(customerId, period, after);
            }
        } else {
            ids.add(period, fingerprint);
            while (ids.inlineCount() > inlineLimit) {
                int oldest = ids.oldestInlinePeriod();
                long[] moved = ids.moveOldestToArchive();
                long[] existing = archive.get(customerId, oldest);
                archive.put(customerId, oldest, existing == null ? moved : IdFingerprints.merge(existing, moved));
            }
        }
        forgetExpired(state, customerId, now);
    }

    /** Drops the periods that left the retention (no-op without one). */
    public void forgetExpired(CustomerState state, String customerId, long now) {
        if (retentionMs > 0) {
            for (int period : state.ids().forgetBefore(IdFingerprints.period(now - retentionMs))) {
                archive.delete(customerId, period);
            }
        }
    }

    /** Deletes the customer's archived periods (erasure; the state record goes with its inline ids). */
    public void erase(CustomerState state, String customerId) {
        for (int period : state.ids().archived()) {
            archive.delete(customerId, period);
        }
    }

    /** The archive over the {@code dedupe-archive-store}: values are big-endian 64-bit fingerprints, sorted. */
    public static Archive over(KeyValueStore<Bytes, byte[]> store) {
        return new Archive() {
            @Override
            public long[] get(String customerId, int period) {
                byte[] v = store.get(Keys.archive(customerId, period));
                if (v == null) {
                    return null;
                }
                long[] out = new long[v.length / Long.BYTES];
                ByteBuffer.wrap(v).asLongBuffer().get(out);
                return out;
            }

            @Override
            public void put(String customerId, int period, long[] sortedFingerprints) {
                ByteBuffer b = ByteBuffer.allocate(sortedFingerprints.length * Long.BYTES);
                LongBuffer longs = b.asLongBuffer();
                longs.put(sortedFingerprints);
                store.put(Keys.archive(customerId, period), b.array());
            }

            @Override
            public void delete(String customerId, int period) {
                store.delete(Keys.archive(customerId, period));
            }
        };
    }
}
