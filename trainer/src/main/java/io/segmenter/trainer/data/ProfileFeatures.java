package io.segmenter.trainer.data;

import io.segmenter.avro.CustomerProfile;
import io.segmenter.model.RfmFeatures;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

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

    public static TransactionRfm.Result table(String source, List<CustomerProfile> profiles, ClockMode clock,
            int bucketDays, long wallMillis) {
        long now = clock == ClockMode.WALL || profiles.isEmpty() ? wallMillis : streamClock(profiles);
        // Rows in customer id order, so a snapshot gives the same fit whatever order it was read in.
        profiles = profiles.stream().sorted(java.util.Comparator.comparing(CustomerProfile::getCustomerId)).toList();
        List<String> ids = new ArrayList<>(profiles.size());
        List<double[]> rows = new ArrayList<>(profiles.size());
        long unscorable = 0;
        for (CustomerProfile p : profiles) {
            if (!RfmFeatures.isScorable(p)) {
                unscorable++;
                continue;
            }
            ids.add(p.getCustomerId());
            rows.add(RfmFeatures.at(p, now, bucketDays, new double[3]));
        }
        List<String> notes = List.of(
                profiles.size() + " profiles in the snapshot; " + unscorable + " without a purchase left out",
                "features at now = " + Instant.ofEpochMilli(now) + " (" + clock.name().toLowerCase(java.util.Locale.ROOT)
                        + " clock), bucket width " + bucketDays + " days");
        return new TransactionRfm.Result(new FeatureTable(source, ids, RfmFeatures.NAMES, rows.toArray(double[][]::new), notes), now);
    }
}
