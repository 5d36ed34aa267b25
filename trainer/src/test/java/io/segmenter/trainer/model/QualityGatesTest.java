package io.segmenter.trainer.model;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.segmenter.model.RfmFeatures;
import io.segmenter.trainer.data.FeatureTable;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class QualityGatesTest {

    private static FeatureTable table(double[][] rows) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < rows.length; i++) {
            ids.add("c" + i);
        }
        return new FeatureTable("test", ids, RfmFeatures.NAMES, rows, List.of());
    }

    private static boolean anyReasonContains(TrainingResult r, String text) {
        return r.rejections().stream().anyMatch(s -> s.contains(text));
    }

    @Test
    void shouldRefuseDegenerateDatasetWhereEveryCustomerIsTheSame() {
        double[][] rows = new double[50][];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = new double[] {3, 2, 100};
        }
        TrainingResult r = new Trainer().train(table(rows), 0, null, TrainerOptions.rfmDefaults());
        assertFalse(r.publishable());
        assertTrue(anyReasonContains(r, "non-positive std"), r.rejections().toString());
    }

    @Test
    void shouldRefuseModelWithTinyCluster() {
        // Two far outliers among 300 similar customers, clustered with a forced k = 2: a 0.67 % cluster.
        double[][] rows = new double[300][];
        for (int i = 0; i < 298; i++) {
            rows[i] = new double[] {10 + i % 7, 2 + i % 3, 50 + i % 11};
        }
        rows[298] = new double[] {300, 200, 50_000};
        rows[299] = new double[] {310, 210, 52_000};
        TrainingResult r = new Trainer().train(table(rows), 0, null, TrainerOptions.rfmDefaults().withK(2));
        assertFalse(r.publishable());
        assertTrue(anyReasonContains(r, "below the minimum share"), r.rejections().toString());
    }

    @Test
    void shouldRefuseWhenSilhouetteBelowMinimum() {
        double[][] rows = new double[300][];
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(3);
        for (int i = 0; i < rows.length; i++) {
            rows[i] = new double[] {rnd.nextInt(100), 1 + rnd.nextInt(10), 1 + rnd.nextDouble() * 100};
        }
        TrainingResult r = new Trainer().train(table(rows), 0, null,
                TrainerOptions.rfmDefaults().withGates(0.9, 0.01));
        assertFalse(r.publishable());
        assertTrue(anyReasonContains(r, "silhouette"), r.rejections().toString());
    }

    @Test
    void shouldRefuseFeatureSetThatDoesNotMatchTheApp() {
        double[][] rows = new double[100][];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = new double[] {i < 50 ? 1 : 100, i < 50 ? 1 : 50, i < 50 ? 10 : 1000};
        }
        FeatureTable wrong = new FeatureTable("test", table(rows).ids(), List.of("r", "f", "m"), rows, List.of());
        TrainingResult r = new Trainer().train(wrong, 0, null, TrainerOptions.rfmDefaults());
        assertFalse(r.publishable());
        assertTrue(anyReasonContains(r, "do not match"), r.rejections().toString());
    }

    @Test
    void shouldPassWellSeparatedData() {
        TrainingResult r = new Trainer().train(StableSegmentIdsTest.groups(1, 0), 0, null, TrainerOptions.rfmDefaults());
        assertTrue(r.publishable(), r.rejections().toString());
    }

    @Test
    void shouldReportTooFewCustomers() {
        TrainingResult r = new Trainer().train(table(new double[][] {{1, 1, 1}}), 0, null, TrainerOptions.rfmDefaults());
        assertFalse(r.publishable());
        assertTrue(anyReasonContains(r, "only 1 customers"), r.rejections().toString());
    }
}
