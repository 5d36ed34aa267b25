package io.segmenter.app.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.segmenter.app.Fixtures;
import io.segmenter.avro.SegmentAssignment;
import io.segmenter.avro.SegmentModel;
import io.segmenter.model.Drift;
import io.segmenter.model.RfmFeatures;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The walk's drift measure: only the scoring model's current customers count, against its training bins and shares. */
class DriftWatchTest {

    private static SegmentAssignment scored(SegmentModel m, String label, double recency) {
        SegmentAssignment a = new SegmentAssignment();
        a.setCustomerId("c");
        a.setModelName(m.getName());
        a.setModelVersion(m.getVersion());
        a.setSegmentLabel(label);
        a.setFeatures(Map.of(RfmFeatures.RECENCY, recency, RfmFeatures.FREQUENCY, 2.0, RfmFeatures.MONETARY, 50.0));
        return a;
    }

    @Test
    void measuresPsiAndSegmentSharesOfTheModelsOwnCustomers() {
        SegmentModel m = Fixtures.model(3);
        double[] trainingRecency = new double[100];
        for (int i = 0; i < 100; i++) {
            trainingRecency[i] = i;
        }
        m.setTrainingDistribution(List.of(Drift.of(RfmFeatures.RECENCY, trainingRecency)));

        DriftWatch.Measure measure = DriftWatch.measure(m);
        for (int i = 0; i < 30; i++) {
            measure.add(scored(m, "Active", 500 + i)); // far beyond every training recency
        }
        measure.add(scored(Fixtures.model(2), "Active", 1)); // an older version's assignment: not counted
        measure.add(null);
        DriftWatch.Snapshot s = measure.finish(Instant.EPOCH);

        assertEquals(30, s.customers());
        assertTrue(s.psi().get(RfmFeatures.RECENCY) > Drift.SIGNIFICANT, s.psi().toString());
        assertEquals(1.0, s.liveShares().get("Active"));
        assertEquals(0.0, s.liveShares().get("Lapsed"));
        assertEquals(0.5, s.trainingShares().get("Lapsed"));

        DriftWatch watch = new DriftWatch();
        watch.update(s);
        assertTrue(watch.latest("rfm", 3).isPresent());
        assertTrue(watch.latest("rfm", 2).isEmpty(), "a measure belongs to one model version");
    }
}
