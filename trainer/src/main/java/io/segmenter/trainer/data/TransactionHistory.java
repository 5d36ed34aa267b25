package io.segmenter.trainer.data;

import io.segmenter.avro.CustomerProfile;
import io.segmenter.avro.Transaction;
import io.segmenter.model.ProfileFolder;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every customer's distinct transactions from one file, folded into profiles by the app's own
 * {@link ProfileFolder} at whatever clock a caller asks for: the end of the file for the features, or an
 * earlier instant for what the stream held then.
 */
public final class TransactionHistory {

    private final Map<String, List<Transaction>> byCustomer;
    private final int horizonDays;
    private final int bucketDays;

    /** @param byCustomer each customer's transactions, in file order; the map's order is kept */
    public TransactionHistory(Map<String, List<Transaction>> byCustomer, int horizonDays, int bucketDays) {
        this.byCustomer = Collections.unmodifiableMap(new LinkedHashMap<>(byCustomer));
        this.horizonDays = Math.max(0, horizonDays);
        this.bucketDays = Math.max(1, bucketDays);
    }

    public Map<String, List<Transaction>> byCustomer() {
        return byCustomer;
    }

    public int bucketDays() {
        return bucketDays;
    }

    /**
     * The profile of every transaction folded at clock {@code now}: the profile the stream holds once its clock
     * reaches {@code now} (an event outside the horizon at its arrival is outside it at any later clock too).
     */
    public CustomerProfile profileAt(String customerId, long now) {
        return fold(customerId, byCustomer.get(customerId), Long.MAX_VALUE, now);
    }

    /**
     * The profile the stream held at {@code instant}: only the transactions at or before it, folded at that
     * clock; null when the customer had none by then.
     */
    public CustomerProfile profileAsOf(String customerId, long instant) {
        List<Transaction> ts = byCustomer.get(customerId);
        return ts.stream().anyMatch(t -> t.getEventTime().toEpochMilli() <= instant) ? fold(customerId, ts, instant, instant) : null;
    }

    /** {@link #profileAt} of every customer, in file order. */
    public Map<String, CustomerProfile> profilesAt(long now) {
        Map<String, CustomerProfile> out = new LinkedHashMap<>();
        byCustomer.keySet().forEach(id -> out.put(id, profileAt(id, now)));
        return out;
    }

    /** {@link #profileAsOf} of every customer who had a transaction by {@code instant}, in file order. */
    public Map<String, CustomerProfile> profilesAsOf(long instant) {
        Map<String, CustomerProfile> out = new LinkedHashMap<>();
        for (String id : byCustomer.keySet()) {
            CustomerProfile p = profileAsOf(id, instant);
            if (p != null) {
                out.put(id, p);
            }
        }
        return out;
    }

    private CustomerProfile fold(String customerId, List<Transaction> transactions, long seenUpTo, long now) {
        ProfileFolder folder = new ProfileFolder(horizonDays, bucketDays, transactions.getFirst().getCurrency());
        CustomerProfile p = folder.empty(customerId, now);
        for (Transaction t : transactions) {
            long time = t.getEventTime().toEpochMilli();
            if (time <= seenUpTo) {
                folder.foldInto(p, t.getKind(), time, t.getAmountMinor(), now);
            }
        }
        return p;
    }
}
