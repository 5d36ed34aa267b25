package io.segmenter.model;

import io.segmenter.avro.CustomerProfile;
import io.segmenter.avro.PeriodBucket;
import java.util.Currency;
import java.util.List;

/**
 * The RFM features of a profile at a given clock time, computed the same way by streams-app and the
 * trainer. Recency is whole days from the last purchase to {@code now}; frequency and monetary sum the
 * profile's buckets that overlap the horizon window {@code (now - horizon, now]} (the horizon is rounded
 * out to whole buckets); a horizon of 0 days means lifetime totals.
 */
public final class RfmFeatures {

    public static final String RECENCY = "recency_days";
    public static final String FREQUENCY = "frequency";
    public static final String MONETARY = "monetary";
    /** Feature names of the rfm model, in the order the model stores them. */
    public static final List<String> NAMES = List.of(RECENCY, FREQUENCY, MONETARY);

    public static final long DAY_MILLIS = 86_400_000L;

    private RfmFeatures() {}

    /** True when the profile has a purchase, so recency is defined and the customer can be scored. */
    public static boolean isScorable(CustomerProfile profile) {
        return profile.getLastPurchaseTime() != null;
    }

    /** Whole days from {@code lastPurchase} to {@code now}; never negative. */
    public static long recencyDays(long lastPurchaseMillis, long nowMillis) {
        return Math.max(0L, Math.floorDiv(nowMillis - lastPurchaseMillis, DAY_MILLIS));
    }

    /**
     * Writes recency, frequency and monetary (major units) at {@code nowMillis} into {@code out} (length 3).
     *
     * @param bucketDays width of the profile's buckets in days
     * @throws IllegalArgumentException if the profile has no purchase
     */
    public static double[] at(CustomerProfile profile, long nowMillis, int bucketDays, double[] out) {
        if (!isScorable(profile)) {
            throw new IllegalArgumentException("profile " + profile.getCustomerId() + " has no purchase to measure recency from");
        }
        out[0] = recencyDays(profile.getLastPurchaseTime().toEpochMilli(), nowMillis);
        long count;
        long money;
        if (profile.getHorizonDays() <= 0) {
            count = profile.getLifetimePurchaseCount();
            money = profile.getLifetimeNetMonetaryMinor();
        } else {
            long windowStart = nowMillis - profile.getHorizonDays() * DAY_MILLIS;
            long width = bucketDays * DAY_MILLIS;
            count = 0;
            money = 0;
            List<PeriodBucket> buckets = profile.getBuckets();
            for (int i = 0, n = buckets.size(); i < n; i++) {
                PeriodBucket b = buckets.get(i);
                if (b.getPeriodStart().toEpochMilli() + width > windowStart) {
                    count += b.getPurchaseCount();
                    money += b.getNetMonetaryMinor();
                }
            }
        }
        out[1] = count;
        out[2] = toMajor(money, profile.getCurrency());
        return out;
    }

    /** Minor units to major units using the currency's default fraction digits (2 when unknown). */
    public static double toMajor(long minor, String currencyCode) {
        return minor / Math.pow(10, fractionDigits(currencyCode));
    }

    /** Default fraction digits of an ISO currency (e.g. 2 for GBP, 0 for JPY); 2 when unknown. */
    public static int fractionDigits(String currencyCode) {
        try {
            int digits = Currency.getInstance(currencyCode).getDefaultFractionDigits();
            return digits < 0 ? 2 : digits;
        } catch (IllegalArgumentException | NullPointerException e) {
            return 2;
        }
    }
}
