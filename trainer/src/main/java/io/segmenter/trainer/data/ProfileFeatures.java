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

    /** True when {@code features} are the rfm model's (or none are given): the three RFM features from the purchases only. */
    public static boolean rfmOnly(List<String> features) {
        return features.isEmpty() || features.equals(RfmFeatures.NAMES);
    }

    /**
     * The chosen features of a snapshot: recency_days, frequency and monetary from the purchases (as
     * {@link #table(String, List, SnapshotSettings, long)}), every other name from the profiles' attributes,
     * numeric when a profile has it in {@code numericAttributes} (and it is not in {@code ordinals}), categorical
     * otherwise. A profile is left out (and counted) when a feature it needs cannot be had: an RFM feature
     * without a purchase, or an attribute feature without any attributes record; a missing single attribute is
     * a missing value, imputed or dropped by the trainer's rules.
     */
    public static TransactionRfm.Result table(String source, List<CustomerProfile> profiles, SnapshotSettings settings,
            long wallMillis, List<String> features, java.util.Set<String> ordinals) {
        if (rfmOnly(features)) {
            return table(source, profiles, settings, wallMillis);
        }
        long now = settings.clock() == ClockMode.WALL || profiles.isEmpty() ? wallMillis : streamClock(profiles);
        profiles = profiles.stream().sorted(java.util.Comparator.comparing(CustomerProfile::getCustomerId)).toList();
        boolean needsPurchase = features.stream().anyMatch(RfmFeatures.NAMES::contains);
        List<String> attributes = features.stream().filter(f -> !RfmFeatures.NAMES.contains(f)).toList();
        java.util.Set<String> numericAttributes = new java.util.HashSet<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (CustomerProfile p : profiles) {
            for (String a : attributes) {
                if (p.getNumericAttributes().containsKey(a) && !ordinals.contains(a)) {
                    numericAttributes.add(a);
                }
                if (p.getNumericAttributes().containsKey(a) || p.getCategoricalAttributes().containsKey(a)) {
                    seen.add(a);
                }
            }
        }
        List<String> unseen = attributes.stream().filter(a -> !seen.contains(a)).toList();
        if (!profiles.isEmpty() && !unseen.isEmpty()) {
            throw new IllegalArgumentException("no profile of the snapshot has the attribute(s) " + unseen
                    + " (numericAttributes or categoricalAttributes); features: " + features);
        }
        List<String> names = features.stream().filter(f -> RfmFeatures.NAMES.contains(f) || numericAttributes.contains(f)).toList();
        List<String> textNames = features.stream().filter(f -> !names.contains(f)).toList();
        List<String> ids = new ArrayList<>();
        List<double[]> rows = new ArrayList<>();
        List<List<String>> text = new ArrayList<>();
        long noPurchase = 0;
        long noAttributes = 0;
        double[] rfm = new double[3];
        for (CustomerProfile p : profiles) {
            if (needsPurchase && !RfmFeatures.isScorable(p)) {
                noPurchase++;
                continue;
            }
            if (!attributes.isEmpty() && p.getNumericAttributes().isEmpty() && p.getCategoricalAttributes().isEmpty()) {
                noAttributes++;
                continue;
            }
            if (needsPurchase) {
                RfmFeatures.at(p, now, settings.bucketDays(), rfm);
            }
            double[] row = new double[names.size()];
            for (int j = 0; j < row.length; j++) {
                int r = RfmFeatures.NAMES.indexOf(names.get(j));
                Double v = r >= 0 ? Double.valueOf(rfm[r]) : p.getNumericAttributes().get(names.get(j));
                row[j] = v == null ? Double.NaN : v;
            }
            List<String> t = new ArrayList<>(textNames.size());
            for (String a : textNames) {
                String v = p.getCategoricalAttributes().get(a);
                if (v == null && p.getNumericAttributes().containsKey(a)) { // an ordinal given as a number: its text
                    v = stripZero(p.getNumericAttributes().get(a));
                }
                t.add(v == null || v.isBlank() ? null : v.strip());
            }
            ids.add(p.getCustomerId());
            rows.add(row);
            text.add(t);
        }
        List<FeatureTable.TextColumn> textColumns = new ArrayList<>();
        for (int c = 0; c < textNames.size(); c++) {
            String[] values = new String[ids.size()];
            for (int i = 0; i < values.length; i++) {
                values[i] = text.get(i).get(c);
            }
            textColumns.add(new FeatureTable.TextColumn(textNames.get(c), values));
        }
        List<String> notes = new ArrayList<>();
        notes.add(profiles.size() + " profiles in the snapshot; " + ids.size() + " in the training set; left out: " + noPurchase
                + " without a purchase (" + String.join(", ", features.stream().filter(RfmFeatures.NAMES::contains).toList())
                + " need one), " + noAttributes + " without any attributes");
        notes.add("features " + features + ": " + names.size() + " numeric, " + textNames.size() + " categorical");
        if (needsPurchase) {
            notes.add("purchase features at now = " + Instant.ofEpochMilli(now) + " (" + settings.clock().name().toLowerCase(Locale.ROOT)
                    + " clock), bucket width " + settings.bucketDays() + " days, horizon " + settings.horizonDays() + " days");
        }
        notes.addAll(settings.notes());
        return new TransactionRfm.Result(new FeatureTable(source, ids, names, rows.toArray(double[][]::new), List.copyOf(notes),
                List.copyOf(textColumns), features), now);
    }

    private static String stripZero(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
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
