package io.segmenter.app.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.segmenter.app.Fixtures;
import io.segmenter.avro.SegmentAssignment;
import io.segmenter.avro.SegmentModel;
import io.segmenter.model.RfmFeatures;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A candidate scored over the live model's customers: agreement and every live -> candidate pair, counted exactly. */
class ShadowAgreementTest {

    private static SegmentAssignment scored(SegmentModel m, int segmentId, String label, double r, double f, double money) {
        SegmentAssignment a = new SegmentAssignment();
        a.setCustomerId("c");
        a.setModelName(m.getName());
        a.setModelVersion(m.getVersion());
        a.setSegmentId(segmentId);
        a.setSegmentLabel(label);
        a.setFeatures(Map.of(RfmFeatures.RECENCY, r, RfmFeatures.FREQUENCY, f, RfmFeatures.MONETARY, money));
        return a;
    }

    /** Three customers near Active and one near Lapsed, as the live model {@code live} assigned them. */
    private static ShadowAgreement.Result compare(SegmentModel live, SegmentModel candidate) {
        ShadowAgreement shadow = new ShadowAgreement(live, candidate);
        for (int i = 0; i < 3; i++) {
            shadow.add(scored(live, 1, "Active", 12 + i, 4, 90));
        }
        shadow.add(scored(live, 2, "Lapsed", 190, 1, 25));
        shadow.add(scored(Fixtures.model(live.getVersion() - 1), 1, "Active", 12, 4, 90)); // not re-scored yet: left out
        SegmentAssignment partial = scored(live, 1, "Active", 12, 4, 90);
        partial.setFeatures(Map.of(RfmFeatures.RECENCY, 12.0));
        shadow.add(partial); // a feature the candidate needs is missing: left out
        shadow.add(null);
        return shadow.finish();
    }

    @Test
    void aCandidateWithTheSameCentroidsAgreesOnEveryCustomer() {
        ShadowAgreement.Result r = compare(Fixtures.model(5), Fixtures.model(3));
        assertEquals(4, r.customers());
        assertEquals(4, r.agreeing());
        assertEquals(1.0, r.agreement());
        assertEquals(List.of(new ShadowAgreement.Pair(1, "Active", 1, "Active", 3), new ShadowAgreement.Pair(2, "Lapsed", 2, "Lapsed", 1)),
                r.pairs());
        assertEquals(5L, r.liveVersion());
        assertEquals(3L, r.candidateVersion());
    }

    @Test
    void aCandidateWithSwappedCentroidsMovesEveryCustomerAndNamesEachPair() {
        ShadowAgreement.Result r = compare(Fixtures.model(5), Fixtures.swapped(6));
        assertEquals(4, r.customers());
        assertEquals(0, r.agreeing());
        assertEquals(List.of(new ShadowAgreement.Pair(1, "Active", 2, "Lapsed", 3), new ShadowAgreement.Pair(2, "Lapsed", 1, "Active", 1)),
                r.pairs());
    }

    @Test
    void noCustomerMeansNoAgreementFigure() {
        ShadowAgreement.Result r = new ShadowAgreement(Fixtures.model(1), Fixtures.model(2)).finish();
        assertEquals(0, r.customers());
        assertTrue(Double.isNaN(r.agreement()));
    }
}
