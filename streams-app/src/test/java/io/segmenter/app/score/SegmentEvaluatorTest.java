package io.segmenter.app.score;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.segmenter.app.Fixtures;
import io.segmenter.model.ProfileFolder;
import io.segmenter.avro.CustomerProfile;
import io.segmenter.avro.TransactionKind;
import io.segmenter.model.RfmFeatures;
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
}
