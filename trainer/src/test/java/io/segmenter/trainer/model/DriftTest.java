package io.segmenter.trainer.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.segmenter.avro.FeatureDistribution;
import io.segmenter.avro.SegmentModel;
import io.segmenter.model.Drift;
import io.segmenter.model.DriftMeter;
import io.segmenter.model.ModelValidator;
import io.segmenter.model.RfmFeatures;
import io.segmenter.trainer.data.FeatureTable;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Drift against the distribution a model was trained on: the trainer records each feature's deciles, and
 * customers whose recency has shifted raise the PSI of recency above the significant level, and not that
 * of the other features.
 */
class DriftTest {

    private static final long NOW = 1_700_000_000_000L;

    private static SegmentModel trained() {
        return new Trainer().train(StableSegmentIdsTest.groups(1, 0), NOW, null, TrainerOptions.rfmDefaults().withK(4)).model();
    }

    private static Map<String, Double> psiOf(SegmentModel model, FeatureTable live) {
        DriftMeter meter = new DriftMeter(model);
        for (double[] row : live.rows()) {
            Map<String, Double> features = new LinkedHashMap<>();
            for (int j = 0; j < row.length; j++) {
                features.put(live.names().get(j), row[j]);
            }
            meter.add(features);
        }
        return meter.psi();
    }

    @Test
    void theTrainerRecordsEachFeaturesDecilesAndTheValidatorAcceptsThem() {
        SegmentModel model = trained();
        assertEquals(RfmFeatures.NAMES, model.getTrainingDistribution().stream().map(FeatureDistribution::getFeature).toList());
        for (FeatureDistribution d : model.getTrainingDistribution()) {
            assertEquals(d.getEdges().size() + 1, d.getShares().size());
            assertEquals(1.0, d.getShares().stream().mapToDouble(Double::doubleValue).sum(), 1e-9);
            assertTrue(d.getEdges().size() <= Drift.BINS - 1);
        }
        assertTrue(ModelValidator.problem(model, RfmFeatures.NAMES).isEmpty());
    }

    @Test
    void customersLikeTheTrainingOnesAreStable() {
        Map<String, Double> psi = psiOf(trained(), StableSegmentIdsTest.groups(7, 0)); // other customers, same kinds
        psi.values().forEach(v -> assertTrue(v < 0.1, psi.toString()));
    }

    @Test
    void aShiftInRecencyRaisesOnlyTheRecencyPsiAboveTheSignificantLevel() {
        Map<String, Double> psi = psiOf(trained(), StableSegmentIdsTest.groups(7, 120)); // everyone 120 days less recent
        assertTrue(psi.get(RfmFeatures.RECENCY) > Drift.SIGNIFICANT, psi.toString());
        assertTrue(psi.get(RfmFeatures.FREQUENCY) < 0.1, psi.toString());
        assertTrue(psi.get(RfmFeatures.MONETARY) < 0.1, psi.toString());
    }

    @Test
    void binsCountEachValueOnce() {
        double[] edges = {1, 2, 3};
        assertEquals(0, Drift.bin(edges, 0.5));
        assertEquals(1, Drift.bin(edges, 1));
        assertEquals(2, Drift.bin(edges, 2.5));
        assertEquals(3, Drift.bin(edges, 3));
        assertEquals(3, Drift.bin(edges, 99));
        assertEquals(0.0, Drift.psi(java.util.List.of(0.25, 0.25, 0.25, 0.25), new long[] {5, 5, 5, 5}), 1e-12);
        assertTrue(Double.isNaN(Drift.psi(java.util.List.of(0.5, 0.5), new long[] {0, 0})));
    }
}
