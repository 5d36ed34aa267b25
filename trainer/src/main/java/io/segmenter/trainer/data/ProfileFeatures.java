package io.segmenter.trainer.data;

import io.segmenter.avro.CustomerProfile;
import io.segmenter.model.RfmFeatures;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * RFM features of a snapshot of {@code customer-profiles}, with the app's own maths
 * ({@link RfmFeatures#at}) and clock rules: {@code wall} computes them at the wall clock;
 * {@code stream} at the snapshot's largest {@code lastEventTime} or {@code updatedAt} (the app's stream
 * clock). Profiles without a purchase (refunds only) cannot be scored and are left out (counted).
 */
public final class ProfileFeatures {

    public enum ClockMode { WALL, STREAM }

    private ProfileFeatures() {}

    public static long streamClock(List<CustomerProfile> profiles) {
        long max = Long.MIN_VALUE;
        for (CustomerProfile p : profiles) {
            if (p.getLastEventTime() != null) {
                max = Math.max(max, p.getLastEventTime().toEpochMilli());
            }
            max = Math.max(max, p.getUpdatedAt().toEpochMilli());
        }
        return max;
    }

    public static TransactionRfm.Result table(String source, List<CustomerProfile> profiles, SnapshotSettings settings,
            long wallMillis) {
        long now = settings.clock() == ClockMode.WALL || profiles.isEmpty() ? wallMillis : streamClock(profiles);
        // Rows in customer id order, so a snapshot gives the same fit whatever order it was read in.
        profiles = profiles.stream().sorted(java.util.Comparator.comparing(CustomerProfile::getCustomerId)).toList();
        List<String> ids = new ArrayList<>(profiles.size());
        List<double[]> rows = new ArrayList<>(profiles.size());
        long unscorable = 0;
        long insideHorizon = 0;
        long latestPurchase = Long.MIN_VALUE;
        for (CustomerProfile p : profiles) {
            if (!RfmFeatures.isScorable(p)) {
                unscorable++;
                continue;
            }
            ids.add(p.getCustomerId());
            double[] row = RfmFeatures.at(p, now, settings.bucketDays(), new double[3]);
            rows.add(row);
            insideHorizon += row[1] > 0 ? 1 : 0;
            latestPurchase = Math.max(latestPurchase, p.getLastPurchaseTime().toEpochMilli());
        }
        String clock = settings.clock().name().toLowerCase(Locale.ROOT);
        if (!rows.isEmpty() && insideHorizon == 0) {
            throw new IllegalStateException("no customer has a purchase inside the " + settings.horizonDays()
                    + "-day horizon before now = " + Instant.ofEpochMilli(now) + " (" + clock + " clock); the latest purchase in the "
                    + rows.size() + " profiles is " + Instant.ofEpochMilli(latestPurchase)
                    + (settings.clock() == ClockMode.WALL ? ": old data on the wall clock? The app's clock=stream measures from the largest event time" : ""));
        }
        List<String> notes = new ArrayList<>();
        notes.add(profiles.size() + " profiles in the snapshot; " + unscorable + " without a purchase left out");
        notes.add("features at now = " + Instant.ofEpochMilli(now) + " (" + clock + " clock, as the app's profiles say), bucket width "
                + settings.bucketDays() + " days, horizon " + settings.horizonDays() + " days");
        notes.addAll(settings.notes());
        return new TransactionRfm.Result(new FeatureTable(source, ids, RfmFeatures.NAMES, rows.toArray(double[][]::new), List.copyOf(notes)), now);
    }
}
