package io.segmenter.model;

import io.segmenter.avro.CustomerProfile;
import io.segmenter.avro.PeriodBucket;
import io.segmenter.avro.TransactionKind;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Folds transactions into a {@link CustomerProfile} (pure). Events land in the fixed-width bucket of
 * their event time, so late and out-of-order events count where they belong; buckets that left the
 * horizon {@code (now - horizon, now]} are dropped, so state per customer stays bounded. Horizon 0
 * keeps lifetime totals only (no buckets).
 */
public final class ProfileFolder {

    private final int horizonDays;
    private final long bucketMillis;
    private final String currency;

    public ProfileFolder(int horizonDays, int bucketDays, String currency) {
        this.horizonDays = horizonDays;
        this.bucketMillis = bucketDays * RfmFeatures.DAY_MILLIS;
        this.currency = currency;
    }

    public long bucketMillis() {
        return bucketMillis;
    }

    public int horizonDays() {
        return horizonDays;
    }

    public CustomerProfile empty(String customerId, long now) {
        return CustomerProfile.newBuilder()
                .setCustomerId(customerId)
                .setCurrency(currency)
                .setLifetimePurchaseCount(0)
                .setLifetimeNetMonetaryMinor(0)
                .setLifetimeRefundMinor(0)
                .setHorizonDays(horizonDays)
                .setHorizonPurchaseCount(0)
                .setHorizonNetMonetaryMinor(0)
                .setBuckets(new ArrayList<>())
                .setUpdatedAt(Instant.ofEpochMilli(now))
                // the shared empty map, not the builder's fresh HashMaps: reading a new customer's own empty maps
                // was a cache miss each at every state encode (most customers have no attributes)
                .setNumericAttributes(Map.of())
                .setCategoricalAttributes(Map.of())
                .build();
    }

    /** The profile after one transaction (amount already in reporting minor units); does not modify {@code before}. */
    public CustomerProfile apply(CustomerProfile before, TransactionKind kind, long eventTime, long amountMinor, long now) {
        CustomerProfile p = copy(before, new ArrayList<>(before.getBuckets()));
        foldInto(p, kind, eventTime, amountMinor, now);
        return p;
    }

    /**
     * {@link #apply} without the copy: folds the transaction into {@code p} itself, for a caller that owns
     * {@code p} and its bucket list (modifiable, shared with no other profile), as the streaming app owns
     * each customer's live state. Replacing the profile on every transaction left the old one for the
     * garbage collector's old generation (it lives until the customer's next transaction, seconds later).
     */
    public void foldInto(CustomerProfile p, TransactionKind kind, long eventTime, long amountMinor, long now) {
        boolean purchase = kind == TransactionKind.PURCHASE;
        long signed = purchase ? amountMinor : -amountMinor;
        if (purchase) {
            p.setLifetimePurchaseCount(p.getLifetimePurchaseCount() + 1);
            Instant t = Instant.ofEpochMilli(eventTime);
            if (p.getFirstPurchaseTime() == null || t.isBefore(p.getFirstPurchaseTime())) {
                p.setFirstPurchaseTime(t);
            }
            if (p.getLastPurchaseTime() == null || t.isAfter(p.getLastPurchaseTime())) {
                p.setLastPurchaseTime(t);
            }
        } else {
            p.setLifetimeRefundMinor(p.getLifetimeRefundMinor() + amountMinor);
        }
        p.setLifetimeNetMonetaryMinor(p.getLifetimeNetMonetaryMinor() + signed);
        if (p.getLastEventTime() == null || eventTime > p.getLastEventTime().toEpochMilli()) {
            p.setLastEventTime(Instant.ofEpochMilli(eventTime));
        }
        if (horizonDays > 0) {
            long start = Math.floorDiv(eventTime, bucketMillis) * bucketMillis;
            if (start + bucketMillis > windowStart(now)) { // an event already outside the horizon only counts in lifetime
                addToBucket(p.getBuckets(), start, purchase ? 1 : 0, signed);
            }
        }
        rollInPlace(p, now, true);
    }

    /** The profile re-evaluated at {@code now}: expired buckets dropped, horizon totals recomputed. */
    public CustomerProfile roll(CustomerProfile p, long now) {
        CustomerProfile out = copy(p, p.getBuckets());
        rollInPlace(out, now, false);
        return out;
    }

    /** Rolls {@code out} itself; its bucket list is filtered in place when {@code ownBuckets}, else replaced (another profile shares it). */
    private void rollInPlace(CustomerProfile out, long now, boolean ownBuckets) {
        if (horizonDays <= 0) {
            if (ownBuckets) {
                out.getBuckets().clear();
            } else {
                out.setBuckets(new ArrayList<>());
            }
            out.setHorizonPurchaseCount(out.getLifetimePurchaseCount());
            out.setHorizonNetMonetaryMinor(out.getLifetimeNetMonetaryMinor());
        } else {
            long windowStart = windowStart(now);
            List<PeriodBucket> buckets = out.getBuckets();
            List<PeriodBucket> kept = ownBuckets ? buckets : new ArrayList<>(buckets.size());
            long count = 0;
            long money = 0;
            int n = 0;
            for (int i = 0, size = buckets.size(); i < size; i++) {
                PeriodBucket b = buckets.get(i);
                if (b.getPeriodStart().toEpochMilli() + bucketMillis > windowStart
                        && (b.getPurchaseCount() != 0 || b.getNetMonetaryMinor() != 0)) {
                    if (ownBuckets) {
                        kept.set(n, b); // compacts in place: n never passes i
                    } else {
                        kept.add(b);
                    }
                    n++;
                    count += b.getPurchaseCount();
                    money += b.getNetMonetaryMinor();
                }
            }
            if (ownBuckets) {
                kept.subList(n, kept.size()).clear();
            }
            out.setBuckets(kept);
            out.setHorizonPurchaseCount(count);
            out.setHorizonNetMonetaryMinor(money);
        }
        out.setUpdatedAt(Instant.ofEpochMilli(now));
    }

    /** True when {@code roll(p, now)} would change more than the update time. */
    public boolean changesAt(CustomerProfile p, long now) {
        CustomerProfile rolled = roll(p, now);
        return !rolled.getBuckets().equals(p.getBuckets())
                || rolled.getHorizonPurchaseCount() != p.getHorizonPurchaseCount()
                || rolled.getHorizonNetMonetaryMinor() != p.getHorizonNetMonetaryMinor();
    }

    /** Earliest time after which one of the profile's buckets leaves the horizon, or Long.MAX_VALUE. */
    public long nextBucketExpiry(CustomerProfile p) {
        if (horizonDays <= 0 || p.getBuckets().isEmpty()) {
            return Long.MAX_VALUE;
        }
        long first = p.getBuckets().getFirst().getPeriodStart().toEpochMilli();
        // roll drops a bucket when periodStart + width <= now - horizon
        return first + bucketMillis + horizonDays * RfmFeatures.DAY_MILLIS;
    }

    /**
     * A shallow copy with {@code buckets}: every other field is immutable (String, Instant, boxed numbers) and
     * buckets are replaced, never modified, so this equals the builder's deep copy without copying each bucket
     * (the builder's copy was a visible share of the per-transaction cost).
     */
    private static CustomerProfile copy(CustomerProfile p, List<PeriodBucket> buckets) {
        return new CustomerProfile(p.getCustomerId(), p.getCurrency(), p.getFirstPurchaseTime(), p.getLastPurchaseTime(),
                p.getLifetimePurchaseCount(), p.getLifetimeNetMonetaryMinor(), p.getLifetimeRefundMinor(), p.getHorizonDays(),
                p.getHorizonPurchaseCount(), p.getHorizonNetMonetaryMinor(), buckets, p.getLastEventTime(), p.getUpdatedAt(),
                p.getBucketDays(), p.getClock(), p.getModelName(), p.getNumericAttributes(), p.getCategoricalAttributes(),
                p.getAttributesTime());
    }

    private long windowStart(long now) {
        return now - horizonDays * RfmFeatures.DAY_MILLIS;
    }

    private static void addToBucket(List<PeriodBucket> buckets, long start, int count, long money) {
        int i = 0;
        while (i < buckets.size() && buckets.get(i).getPeriodStart().toEpochMilli() < start) {
            i++;
        }
        if (i < buckets.size() && buckets.get(i).getPeriodStart().toEpochMilli() == start) {
            PeriodBucket b = buckets.get(i);
            buckets.set(i, new PeriodBucket(b.getPeriodStart(), b.getPurchaseCount() + count, b.getNetMonetaryMinor() + money));
        } else {
            buckets.add(i, new PeriodBucket(Instant.ofEpochMilli(start), count, money));
        }
    }
}
