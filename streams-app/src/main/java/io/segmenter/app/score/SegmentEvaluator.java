package io.segmenter.app.score;

import io.segmenter.avro.Centroid;
import io.segmenter.avro.CustomerProfile;
import io.segmenter.avro.EmitReason;
import io.segmenter.avro.RfmCuts;
import io.segmenter.avro.SegmentAssignment;
import io.segmenter.avro.SegmentModel;
import io.segmenter.model.RfmFeatures;
import io.segmenter.model.RfmScores;
import io.segmenter.model.Scorer;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Scores profiles against one validated model (pure): RFM features at a clock time, nearest centroid,
 * R/F/M scores, and when the customer next needs a look as time passes.
 */
public final class SegmentEvaluator {

    /** Label of the RFM segment when the model carries no cut points. */
    public static final String UNSCORED = "Unscored";

    private final Scorer scorer;
    private final int bucketDays;
    private final int maxSearchDays;

    public SegmentEvaluator(SegmentModel model, int bucketDays, int maxSearchDays) {
        this.scorer = new Scorer(model);
        this.bucketDays = bucketDays;
        this.maxSearchDays = maxSearchDays;
    }

    public SegmentModel model() {
        return scorer.model();
    }

    public long version() {
        return scorer.model().getVersion();
    }

    /** One evaluation: features in original units, the nearest centroid and the RFM scores (null without cuts). */
    public record Evaluation(double[] features, Scorer.Result result, RfmScores scores) {}

    public Evaluation evaluate(CustomerProfile profile, long now) {
        double[] features = RfmFeatures.at(profile, now, bucketDays, new double[3]);
        Scorer.Result result = scorer.score(features);
        RfmCuts cuts = scorer.model().getRfmCuts();
        RfmScores scores = cuts == null ? null : RfmScores.of(cuts, features[0], features[1], features[2]);
        return new Evaluation(features, result, scores);
    }

    public SegmentAssignment assignment(
            CustomerProfile profile, Evaluation e, SegmentAssignment previous, EmitReason reason, long now, Long sourceEventTime) {
        SegmentModel model = scorer.model();
        Centroid c = model.getCentroids().get(e.result().centroidIndex());
        Map<String, Double> features = new LinkedHashMap<>(8);
        for (int i = 0; i < RfmFeatures.NAMES.size(); i++) {
            features.put(RfmFeatures.NAMES.get(i), e.features()[i]);
        }
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
        long last = profile.getLastPurchaseTime().toEpochMilli();
        long day = RfmFeatures.recencyDays(last, now);
        long due = notAfter;
        RfmCuts cuts = scorer.model().getRfmCuts();
        if (cuts != null) {
            due = Math.min(due, nextCutCrossing(cuts.getRecency(), last, day));
        }
        double[] raw = current.features().clone();
        double[] scratch = new double[raw.length];
        int index = current.result().centroidIndex();
        for (long d = day + 1; d <= day + maxSearchDays; d++) {
            long at = last + d * RfmFeatures.DAY_MILLIS;
            if (at >= due) {
                break;
            }
            raw[0] = d;
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
