package io.segmenter.app.score;

import io.segmenter.avro.Centroid;
import io.segmenter.avro.CustomerProfile;
import io.segmenter.avro.EmitReason;
import io.segmenter.avro.FeatureKind;
import io.segmenter.avro.FeatureSpec;
import io.segmenter.avro.RfmCuts;
import io.segmenter.avro.SegmentAssignment;
import io.segmenter.avro.SegmentModel;
import io.segmenter.model.FeatureEncoding;
import io.segmenter.model.FeatureValues;
import io.segmenter.model.RfmFeatures;
import io.segmenter.model.RfmScores;
import io.segmenter.model.Scorer;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Scores profiles against one validated model (pure): the model's features at a clock time (RFM features
 * from the profile, attributes from the profile's attributes, encoded as the model says), nearest centroid,
 * R/F/M scores, and when the customer next needs a look as time passes. A model of exactly the three RFM
 * features takes a direct path (the hot path of every transaction).
 */
public final class SegmentEvaluator {

    /** Label of the RFM segment when the model carries no cut points. */
    public static final String UNSCORED = "Unscored";

    private final Scorer scorer;
    private final int bucketDays;
    private final int maxSearchDays;
    private final FeatureEncoding encoding; // null for the plain RFM model
    private final String[] names;
    private final int recencyDim; // the dimension that ages with time, or -1
    private final boolean needsPurchase;
    private final boolean readsAttributes;

    public SegmentEvaluator(SegmentModel model, int bucketDays, int maxSearchDays) {
        this.scorer = new Scorer(model);
        this.bucketDays = bucketDays;
        this.maxSearchDays = maxSearchDays;
        List<FeatureSpec> specs = model.getFeatures();
        names = new String[specs.size()];
        boolean plainRfm = specs.size() == RfmFeatures.NAMES.size();
        int recency = -1;
        boolean rfmUsed = false;
        boolean attributes = false;
        for (int i = 0; i < specs.size(); i++) {
            FeatureSpec f = specs.get(i);
            names[i] = f.getName();
            String source = f.getSource() == null ? f.getName() : f.getSource();
            boolean numeric = f.getKind() == FeatureKind.NUMERIC;
            plainRfm = plainRfm && numeric && source.equals(RfmFeatures.NAMES.get(i)) && f.getFill() == null;
            rfmUsed |= numeric && RfmFeatures.NAMES.contains(source);
            attributes |= !RfmFeatures.NAMES.contains(source);
            if (numeric && source.equals(RfmFeatures.RECENCY)) {
                recency = i;
            }
        }
        this.encoding = plainRfm ? null : new FeatureEncoding(model);
        this.recencyDim = recency;
        this.needsPurchase = plainRfm || rfmUsed;
        this.readsAttributes = attributes;
    }

    /**
     * True when the customer has what the model needs: a purchase for RFM features, and for attribute inputs
     * at least one attribute (a customer nobody described is not scored from fill values alone: the trainer's
     * rule for its training set) with every input the model cannot fill.
     */
    public boolean scorable(CustomerProfile profile) {
        if (needsPurchase && !RfmFeatures.isScorable(profile)) {
            return false;
        }
        if (readsAttributes && profile.getNumericAttributes().isEmpty() && profile.getCategoricalAttributes().isEmpty()) {
            return false;
        }
        // presence is what counts here: any RFM values stand in for a customer who has a purchase
        return encoding == null || encoding.encode(values(profile, RfmFeatures.isScorable(profile) ? new double[3] : null), new double[names.length]) == null;
    }

    public SegmentModel model() {
        return scorer.model();
    }

    public long version() {
        return scorer.model().getVersion();
    }

    /** One evaluation: features in original units, the nearest centroid and the RFM scores (null without cuts). */
    public record Evaluation(double[] features, Scorer.Result result, RfmScores scores) {}

    /** Evaluates a {@link #scorable} profile. */
    public Evaluation evaluate(CustomerProfile profile, long now) {
        double[] rfm = RfmFeatures.isScorable(profile) ? RfmFeatures.at(profile, now, bucketDays, new double[3]) : null;
        double[] features = rfm;
        if (encoding != null) {
            features = new double[names.length];
            String missing = encoding.encode(values(profile, rfm), features);
            if (missing != null) {
                throw new IllegalArgumentException("customer " + profile.getCustomerId() + " has no " + missing + " for model " + scorer.model().getName());
            }
        }
        Scorer.Result result = scorer.score(features);
        RfmCuts cuts = scorer.model().getRfmCuts();
        RfmScores scores = cuts == null || rfm == null ? null : RfmScores.of(cuts, rfm[0], rfm[1], rfm[2]);
        return new Evaluation(features, result, scores);
    }

    /** What the model's inputs read: RFM features (when the customer has a purchase) and the profile's attributes. */
    private static Function<String, Object> values(CustomerProfile profile, double[] rfm) {
        Map<String, Double> numbers = profile.getNumericAttributes();
        Map<String, String> categories = profile.getCategoricalAttributes();
        return source -> {
            int r = RfmFeatures.NAMES.indexOf(source);
            if (r >= 0) {
                return rfm == null ? null : rfm[r];
            }
            Double n = numbers.get(source);
            return n != null ? n : categories.get(source);
        };
    }

    public SegmentAssignment assignment(
            CustomerProfile profile, Evaluation e, SegmentAssignment previous, EmitReason reason, long now, Long sourceEventTime) {
        SegmentModel model = scorer.model();
        Centroid c = model.getCentroids().get(e.result().centroidIndex());
        Map<String, Double> features = new FeatureValues(names, e.features());
        RfmScores s = e.scores();
        // the all-fields constructor: the builder validates and deep-copies every field, once per transaction
        return new SegmentAssignment(profile.getCustomerId(), c.getSegmentId(), c.getLabel(),
                previous == null ? null : previous.getSegmentId(), model.getName(), model.getVersion(), features,
                e.result().distance(), e.result().margin(),
                s == null ? 0 : s.recency(), s == null ? 0 : s.frequency(), s == null ? 0 : s.monetary(),
                s == null ? "" : s.rfmClass(), s == null ? UNSCORED : s.segmentName(),
                previous == null ? null : previous.getRfmSegment(), Instant.ofEpochMilli(now),
                sourceEventTime == null ? null : Instant.ofEpochMilli(sourceEventTime), reason);
    }

    /**
     * The earliest clock time after {@code now} at which ageing alone (recency growing, with frequency and
     * monetary held) changes the R score or the nearest centroid, bounded by {@code notAfter}; Long.MAX_VALUE
     * when nothing changes within the search bound.
     */
    public long nextChange(CustomerProfile profile, Evaluation current, long now, long notAfter) {
        if (!RfmFeatures.isScorable(profile)) {
            return notAfter; // no recency to age
        }
        long last = profile.getLastPurchaseTime().toEpochMilli();
        long day = RfmFeatures.recencyDays(last, now);
        long due = notAfter;
        RfmCuts cuts = scorer.model().getRfmCuts();
        if (cuts != null && current.scores() != null) {
            due = Math.min(due, nextCutCrossing(cuts.getRecency(), last, day));
        }
        if (recencyDim < 0) {
            return due;
        }
        double[] raw = current.features().clone();
        double[] scratch = new double[raw.length];
        int index = current.result().centroidIndex();
        for (long d = day + 1; d <= day + maxSearchDays; d++) {
            long at = last + d * RfmFeatures.DAY_MILLIS;
            if (at >= due) {
                break;
            }
            raw[recencyDim] = d;
            if (scorer.score(raw, scratch, null).centroidIndex() != index) {
                return at;
            }
        }
        return due;
    }

    static long nextCutCrossing(List<Double> cuts, long lastPurchase, long day) {
        long best = Long.MAX_VALUE;
        for (double c : cuts) {
            long changeDay = (long) Math.floor(c) + 1; // the score of whole day x changes once x > c
            if (changeDay > day) {
                best = Math.min(best, lastPurchase + changeDay * RfmFeatures.DAY_MILLIS);
            }
        }
        return best;
    }
}
