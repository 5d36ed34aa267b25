package io.segmenter.trainer.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.segmenter.avro.Centroid;
import io.segmenter.avro.SegmentModel;
import io.segmenter.model.RfmFeatures;
import io.segmenter.model.Scorer;
import io.segmenter.trainer.data.FeatureTable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class StableSegmentIdsTest {

    private static final long NOW = 1_700_000_000_000L;

    /** Four well separated RFM groups: recent big spenders, recent light buyers, lapsed regulars, lost one-offs. */
    static FeatureTable groups(long seed, double recencyShift) {
        double[][] centres = {{5, 40, 5000}, {10, 2, 60}, {150, 15, 900}, {300, 1, 25}};
        int[] counts = {150, 400, 250, 300};
        SplittableRandom rnd = new SplittableRandom(seed);
        List<String> ids = new ArrayList<>();
        List<double[]> rows = new ArrayList<>();
        for (int g = 0; g < centres.length; g++) {
            for (int i = 0; i < counts[g]; i++) {
                double r = Math.max(0, Math.round(centres[g][0] * (0.8 + 0.4 * rnd.nextDouble()) + recencyShift));
                double f = Math.max(1, Math.round(centres[g][1] * (0.8 + 0.4 * rnd.nextDouble())));
                double m = centres[g][2] * (0.8 + 0.4 * rnd.nextDouble());
                ids.add("c" + g + "-" + i);
                rows.add(new double[] {r, f, m});
            }
        }
        return new FeatureTable("synthetic", ids, RfmFeatures.NAMES, rows.toArray(double[][]::new), List.of());
    }

    private static TrainingResult train(FeatureTable t, SegmentModel previous, long seed) {
        return new Trainer().train(t, NOW, previous, TrainerOptions.rfmDefaults().withSeed(seed).withK(4));
    }

    private static Map<Integer, String> labelsById(SegmentModel m) {
        Map<Integer, String> out = new HashMap<>();
        for (Centroid c : m.getCentroids()) {
            out.put(c.getSegmentId(), c.getLabel());
        }
        return out;
    }

    @Test
    void shouldKeepIdsAndLabelsWhenRefittedWithAnotherSeed() {
        FeatureTable data = groups(1, 0);
        TrainingResult first = train(data, null, 1);
        TrainingResult second = train(data, first.model(), 99);

        assertEquals(labelsById(first.model()), labelsById(second.model()));
        assertEquals(2L, second.model().getVersion());
        assertEquals(1L, second.model().getPreviousVersion());
        for (int i = 0; i < data.size(); i++) {
            assertEquals(first.segmentOfRow()[i], second.segmentOfRow()[i], "segment of customer " + i);
        }
    }

    @Test
    void shouldMapEachSegmentToItsNearestPredecessorAfterAShift() {
        SegmentModel before = train(groups(1, 0), null, 1).model();
        SegmentModel after = train(groups(2, 20), before, 7).model();

        assertEquals(labelsById(before), labelsById(after));
        for (Centroid c : after.getCentroids()) {
            Centroid nearest = null;
            double best = Double.POSITIVE_INFINITY;
            for (Centroid p : before.getCentroids()) {
                double d = Scorer.squaredDistance(SegmentMatcher.scale(p.getOriginal(), after.getFeatures()),
                        SegmentMatcher.scale(c.getOriginal(), after.getFeatures()));
                if (d < best) {
                    best = d;
                    nearest = p;
                }
            }
            assertEquals(nearest.getSegmentId(), c.getSegmentId());
        }
    }

    @Test
    void shouldGiveFreshIdsToSegmentsWithoutPredecessor() {
        SegmentModel three = new Trainer().train(groups(1, 0), NOW, null,
                TrainerOptions.rfmDefaults().withK(3).withGates(0, 0)).model();
        SegmentModel four = train(groups(1, 0), three, 1).model();

        Set<Integer> ids = new HashSet<>();
        Set<String> labels = new HashSet<>();
        four.getCentroids().forEach(c -> {
            ids.add(c.getSegmentId());
            labels.add(c.getLabel());
        });
        assertEquals(Set.of(0, 1, 2, 3), ids);
        assertEquals(4, labels.size());
        Centroid fresh = four.getCentroids().stream().filter(c -> c.getSegmentId() == 3).findFirst().orElseThrow();
        assertTrue(labelsById(three).values().stream().noneMatch(fresh.getLabel()::equals));
    }

    @Test
    void shouldLabelPersonasFromRecencyFrequencyAndMonetaryLevels() {
        SegmentModel m = train(groups(1, 0), null, 1).model();
        Map<String, double[]> byLabel = new HashMap<>();
        m.getCentroids().forEach(c -> byLabel.put(c.getLabel(), c.getOriginal().stream().mapToDouble(Double::doubleValue).toArray()));
        String shown = m.getCentroids().stream().map(c -> c.getLabel() + c.getOriginal()
                + java.util.Arrays.toString(PersonaLabeler.levels(c.getOriginal().stream().mapToDouble(Double::doubleValue).toArray(), m.getRfmCuts())))
                .toList() + " cuts " + m.getRfmCuts();
        assertTrue(byLabel.containsKey("Champions") && byLabel.get("Champions")[2] > 3000, shown);
        assertTrue(byLabel.containsKey("Lost") && byLabel.get("Lost")[0] > 200, shown);
        assertEquals(labelsById(m), labelsById(train(groups(1, 0), null, 1).model()));
    }

    @Test
    void shouldApplyLabelOverrides() {
        SegmentModel m = new Trainer().train(groups(1, 0), NOW, null,
                TrainerOptions.rfmDefaults().withK(4).withLabels(Trainer.parseLabels("0=VIP, 2=Dormant"))).model();
        assertEquals("VIP", labelsById(m).get(0));
        assertEquals("Dormant", labelsById(m).get(2));
        assertNotEquals("VIP", labelsById(m).get(1));
    }
}
