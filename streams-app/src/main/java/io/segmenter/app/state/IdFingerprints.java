package io.segmenter.app.state;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * The transaction ids a customer has applied, kept as 64-bit fingerprints (the first 8 bytes of the id's
 * SHA-256) grouped by period of event time ({@link #PERIOD_MILLIS}). Recent periods sit in the customer's
 * own state record ("inline"); when the inline ids pass a limit, the oldest periods move to the dedupe
 * archive store and only their period numbers stay here. 8 bytes per transaction id plus 12 per inline
 * period; two different ids of one customer are taken for one when their fingerprints are equal, with
 * probability about n^2 / 2^65 over n ids (10^-8 at a million ids), documented in docs/streams-app.md.
 * Mutable, not thread-safe: one instance belongs to one decoded state. Each period's array keeps spare
 * room (its used length is apart), so adding an id does not replace the array: the old one would be left
 * for the old generation, since a customer's state lives seconds between transactions.
 */
public final class IdFingerprints {

    /** Width of a dedupe period: 28 days of event time (fixed; part of the state format). */
    public static final long PERIOD_MILLIS = 28L * 86_400_000L;

    private static final int[] NO_PERIODS = new int[0];
    private static final long[][] NO_IDS = new long[0][];

    private int[] periods;
    private long[][] ids; // ids[i][0, counts[i]) sorted, the rest spare
    private int[] counts;
    private int[] archived;
    private int inline;

    public IdFingerprints() {
        this(NO_PERIODS, NO_IDS, NO_PERIODS);
    }

    /** From decoded arrays: {@code periods} ascending with {@code ids[i]} sorted, {@code archived} ascending. */
    IdFingerprints(int[] periods, long[][] ids, int[] archived) {
        this.periods = periods;
        this.ids = ids;
        this.counts = new int[ids.length];
        this.archived = archived;
        for (int i = 0; i < ids.length; i++) {
            counts[i] = ids[i].length;
            inline += counts[i];
        }
    }

    /** The fingerprint of a transaction id: the first 8 bytes of its UTF-8 bytes' SHA-256. */
    public static long of(String transactionId) {
        byte[] d = sha256().digest(transactionId.getBytes(StandardCharsets.UTF_8));
        long v = 0;
        for (int i = 0; i < Long.BYTES; i++) {
            v = (v << 8) | (d[i] & 0xFF);
        }
        return v;
    }

    private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK always has SHA-256", e);
        }
    });

    private static MessageDigest sha256() {
        return SHA_256.get();
    }

    /** The dedupe period of an event time. */
    public static int period(long eventTimeMillis) {
        return Math.toIntExact(Math.floorDiv(eventTimeMillis, PERIOD_MILLIS));
    }

    /** True when an inline period holds the fingerprint (whatever period the id's event time is in). */
    public boolean containsInline(long fingerprint) {
        for (int i = 0; i < ids.length; i++) {
            if (Arrays.binarySearch(ids[i], 0, counts[i], fingerprint) >= 0) {
                return true;
            }
        }
        return false;
    }

    /** True when the period's fingerprints were moved to the archive store. */
    public boolean isArchived(int period) {
        return Arrays.binarySearch(archived, period) >= 0;
    }

    /** Adds a fingerprint to an inline period (the caller checked it is new and the period is not archived). */
    public void add(int period, long fingerprint) {
        int i = Arrays.binarySearch(periods, period);
        if (i < 0) {
            i = -i - 1;
            periods = insert(periods, i, period);
            counts = insert(counts, i, 0);
            long[][] grown = new long[ids.length + 1][];
            System.arraycopy(ids, 0, grown, 0, i);
            grown[i] = new long[4];
            System.arraycopy(ids, i, grown, i + 1, ids.length - i);
            ids = grown;
        }
        int n = counts[i];
        int at = Arrays.binarySearch(ids[i], 0, n, fingerprint);
        if (at >= 0) {
            return; // already there
        }
        at = -at - 1;
        if (n == ids[i].length) {
            ids[i] = Arrays.copyOf(ids[i], Math.max(4, n + (n >> 1)));
        }
        System.arraycopy(ids[i], at, ids[i], at + 1, n - at);
        ids[i][at] = fingerprint;
        counts[i] = n + 1;
        inline++;
    }

    /** Fingerprints of the inline periods. */
    public int inlineCount() {
        return inline;
    }

    /** The oldest inline period, or null when none. */
    public Integer oldestInlinePeriod() {
        return periods.length == 0 ? null : periods[0];
    }

    /** Removes the oldest inline period, marks it archived and returns its sorted fingerprints (to merge into the archive). */
    public long[] moveOldestToArchive() {
        int period = periods[0];
        long[] out = Arrays.copyOf(ids[0], counts[0]);
        periods = Arrays.copyOfRange(periods, 1, periods.length);
        ids = Arrays.copyOfRange(ids, 1, ids.length);
        counts = Arrays.copyOfRange(counts, 1, counts.length);
        inline -= out.length;
        int at = Arrays.binarySearch(archived, period);
        if (at < 0) {
            archived = insert(archived, -at - 1, period);
        }
        return out;
    }

    /**
     * Forgets every period before {@code period} (a dedupe retention); returns the archived periods dropped,
     * whose archive entries the caller deletes.
     */
    public int[] forgetBefore(int period) {
        int keep = 0;
        while (keep < periods.length && periods[keep] < period) {
            inline -= counts[keep];
            keep++;
        }
        if (keep > 0) {
            periods = Arrays.copyOfRange(periods, keep, periods.length);
            ids = Arrays.copyOfRange(ids, keep, ids.length);
            counts = Arrays.copyOfRange(counts, keep, counts.length);
        }
        int drop = 0;
        while (drop < archived.length && archived[drop] < period) {
            drop++;
        }
        int[] dropped = Arrays.copyOf(archived, drop);
        archived = Arrays.copyOfRange(archived, drop, archived.length);
        return dropped;
    }

    int[] periods() {
        return periods;
    }

    /** Each inline period's sorted fingerprints (copies, without the spare room). */
    long[][] ids() {
        long[][] out = new long[ids.length][];
        for (int i = 0; i < ids.length; i++) {
            out[i] = Arrays.copyOf(ids[i], counts[i]);
        }
        return out;
    }

    /** The number of fingerprints of inline period {@code i}. */
    int count(int i) {
        return counts[i];
    }

    /** The {@code j}-th (ascending) fingerprint of inline period {@code i}. */
    long fingerprint(int i, int j) {
        return ids[i][j];
    }

    /** Periods whose fingerprints are in the archive store (for erasure and retention). */
    public int[] archived() {
        return archived;
    }

    /** Merges two sorted fingerprint arrays (an archive entry and a period moved to it). */
    public static long[] merge(long[] a, long[] b) {
        long[] out = new long[a.length + b.length];
        int i = 0;
        int j = 0;
        int n = 0;
        while (i < a.length || j < b.length) {
            long v = j >= b.length || (i < a.length && a[i] <= b[j]) ? a[i++] : b[j++];
            if (n == 0 || out[n - 1] != v) {
                out[n++] = v;
            }
        }
        return n == out.length ? out : Arrays.copyOf(out, n);
    }

    /** Inserts into a sorted archive entry; returns null when the fingerprint is already there. */
    public static long[] insert(long[] sorted, long fingerprint) {
        int at = Arrays.binarySearch(sorted, fingerprint);
        if (at >= 0) {
            return null;
        }
        at = -at - 1;
        long[] next = new long[sorted.length + 1];
        System.arraycopy(sorted, 0, next, 0, at);
        next[at] = fingerprint;
        System.arraycopy(sorted, at, next, at + 1, sorted.length - at);
        return next;
    }

    private static int[] insert(int[] a, int at, int v) {
        int[] out = new int[a.length + 1];
        System.arraycopy(a, 0, out, 0, at);
        out[at] = v;
        System.arraycopy(a, at, out, at + 1, a.length - at);
        return out;
    }
}
