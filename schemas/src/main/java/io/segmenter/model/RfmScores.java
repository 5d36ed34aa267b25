package io.segmenter.model;

import io.segmenter.avro.RfmCuts;
import java.util.List;

/**
 * R/F/M quartile scores and the named RFM segment, as the reference notebook defines them:
 * R score 1 when recency &lt;= q25, 2 when &lt;= q50, 3 when &lt;= q75, else 4 (1 = most recent);
 * F and M score 4 when &lt;= q25, 3 when &lt;= q50, 2 when &lt;= q75, else 1 (1 = highest).
 */
public record RfmScores(int recency, int frequency, int monetary) {

    public static final String TOP_TIER = "Top tier";
    public static final String LOYAL = "Loyal";
    public static final String HIGH_SPENDERS = "High spenders";
    public static final String INACTIVE_RETURNING = "Inactive but potentially returning";
    public static final String INACTIVE_LOST = "Inactive and unlikely to return";
    public static final String ACTIVE = "Active";
    public static final String FADING = "Fading";

    public static RfmScores of(RfmCuts cuts, double recencyDays, double frequency, double monetary) {
        return new RfmScores(
                lowIsBest(recencyDays, cuts.getRecency()),
                highIsBest(frequency, cuts.getFrequency()),
                highIsBest(monetary, cuts.getMonetary()));
    }

    static int lowIsBest(double x, List<Double> cuts) {
        for (int i = 0; i < cuts.size(); i++) {
            if (x <= cuts.get(i)) {
                return i + 1;
            }
        }
        return cuts.size() + 1;
    }

    static int highIsBest(double x, List<Double> cuts) {
        return cuts.size() + 2 - lowIsBest(x, cuts);
    }

    /** The class string, e.g. {@code "111"}. */
    public String rfmClass() {
        if (recency >= 0 && recency <= 9 && frequency >= 0 && frequency <= 9 && monetary >= 0 && monetary <= 9) {
            return CLASSES[recency * 100 + frequency * 10 + monetary]; // one shared string per class: assignments are kept live
        }
        return "" + recency + frequency + monetary;
    }

    private static final String[] CLASSES = new String[1000];

    static {
        for (int i = 0; i < CLASSES.length; i++) {
            CLASSES[i] = String.format("%03d", i);
        }
    }

    /**
     * One named segment per class, first rule that matches wins: 111 Top tier; F = 1 Loyal; M = 1 High
     * spenders; 322 Inactive but potentially returning; 444 Inactive and unlikely to return; R &lt;= 2
     * Active; otherwise Fading. (The notebook's own counts overlap; the batch report counts those
     * separately.)
     */
    public String segmentName() {
        if (recency == 1 && frequency == 1 && monetary == 1) {
            return TOP_TIER;
        }
        if (frequency == 1) {
            return LOYAL;
        }
        if (monetary == 1) {
            return HIGH_SPENDERS;
        }
        if (recency == 3 && frequency == 2 && monetary == 2) {
            return INACTIVE_RETURNING;
        }
        if (recency == 4 && frequency == 4 && monetary == 4) {
            return INACTIVE_LOST;
        }
        return recency <= 2 ? ACTIVE : FADING;
    }
}
