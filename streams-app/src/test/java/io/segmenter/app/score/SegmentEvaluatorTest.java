package io.segmenter.app.score;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.segmenter.app.Fixtures;
import io.segmenter.model.ProfileFolder;
import io.segmenter.avro.Centroid;
import io.segmenter.avro.CustomerProfile;
import io.segmenter.avro.FeatureKind;
import io.segmenter.avro.FeatureSpec;
import io.segmenter.avro.FeatureTransform;
import io.segmenter.avro.SegmentModel;
import io.segmenter.avro.TransactionKind;
import io.segmenter.model.RfmFeatures;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SegmentEvaluatorTest {

    private static final long DAY = RfmFeatures.DAY_MILLIS;

    @Test
    void shouldPredictTheFirstDayOnWhichAgeingChangesTheRfmScoreOrTheCentroid() {
        SegmentEvaluator evaluator = new SegmentEvaluator(Fixtures.model(1), 7, 730);
        ProfileFolder folder = new ProfileFolder(0, 7, "GBP");
        long t0 = Fixtures.T0.toEpochMilli();
        CustomerProfile p = folder.apply(folder.empty("c", t0), TransactionKind.PURCHASE, t0, 10_000, t0);

        long now = t0 + 40 * DAY; // past the first R cut (30)
        SegmentEvaluator.Evaluation e = evaluator.evaluate(p, now);
        long due = evaluator.nextChange(p, e, now, Long.MAX_VALUE);
        assertEquals(t0 + 91 * DAY, due, "next R cut is 90 days: the score changes on day 91");

        // with the cut crossings out of the way, the day-by-day search finds the centroid change
        long afterCuts = t0 + 100 * DAY;
        SegmentEvaluator.Evaluation before = evaluator.evaluate(p, afterCuts);
        long change = evaluator.nextChange(p, before, afterCuts, t0 + 180 * DAY);
        assertEquals(before.result().centroidIndex(), evaluator.evaluate(p, change - DAY).result().centroidIndex());
        assertNotEquals(before.result().centroidIndex(), evaluator.evaluate(p, change).result().centroidIndex());
    }

    /** Attributes first and recency last: the evaluator encodes by source and ages the recency dimension wherever it is. */
    @Test
    void shouldScoreAMixedModelAndAgeItsRecencyDimensionWhereverItSits() {
        List<FeatureSpec> features = List.of(
                new FeatureSpec("Age", FeatureTransform.NONE, 0.0, 1.0, FeatureKind.NUMERIC, null, null, null, null),
                new FeatureSpec("Gender=Male", FeatureTransform.NONE, 0.0, 1.0, FeatureKind.CATEGORY, "Gender", "Male", null, null),
                new FeatureSpec("Gender=Female", FeatureTransform.NONE, 0.0, 1.0, FeatureKind.CATEGORY, "Gender", "Female", null, null),
                new FeatureSpec("Family_Size", FeatureTransform.NONE, 0.0, 1.0, FeatureKind.NUMERIC, null, null, null, 2.0),
                new FeatureSpec(RfmFeatures.RECENCY, FeatureTransform.NONE, 0.0, 1.0, FeatureKind.NUMERIC, null, null, null, null));
        SegmentModel model = Fixtures.demographic(1);
        model.setFeatures(features);
        model.setCentroids(List.of(
                new Centroid(1, "Recent", List.of(30.0, 1.0, 0.0, 2.0, 10.0), List.of(30.0, 1.0, 0.0, 2.0, 10.0), 10L),
                new Centroid(2, "Lapsed", List.of(30.0, 1.0, 0.0, 2.0, 100.0), List.of(30.0, 1.0, 0.0, 2.0, 100.0), 10L)));
        SegmentEvaluator evaluator = new SegmentEvaluator(model, 7, 730);
        ProfileFolder folder = new ProfileFolder(0, 7, "GBP");
        long t0 = Fixtures.T0.toEpochMilli();
        CustomerProfile p = folder.apply(folder.empty("c", t0), TransactionKind.PURCHASE, t0, 10_000, t0);
        assertFalse(evaluator.scorable(p), "no Age yet, and Age has no fill");
        SegmentModel filled = Fixtures.demographic(1);
        filled.getFeatures().forEach(f -> f.setFill(0.0));
        assertFalse(new SegmentEvaluator(filled, 7, 730).scorable(p), "every input fillable, but nothing known about the customer");
        p.setNumericAttributes(Map.of("Age", 30.0));
        p.setCategoricalAttributes(Map.of("Gender", "Male"));
        assertTrue(evaluator.scorable(p));

        SegmentEvaluator.Evaluation e = evaluator.evaluate(p, t0 + 5 * DAY);
        assertEquals(0, e.result().centroidIndex());
        assertEquals(List.of(30.0, 1.0, 0.0, 2.0, 5.0), java.util.Arrays.stream(e.features()).boxed().toList(), "Family_Size filled with 2");
        // halfway between 10 and 100 days: the segment changes on day 56
        assertEquals(t0 + 56 * DAY, evaluator.nextChange(p, e, t0 + 5 * DAY, Long.MAX_VALUE));
    }
}
