package io.segmenter.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.segmenter.avro.Centroid;
import io.segmenter.avro.FeatureKind;
import io.segmenter.avro.FeatureSpec;
import io.segmenter.avro.FeatureTransform;
import io.segmenter.avro.ModelQuality;
import io.segmenter.avro.SegmentModel;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A model that passes validation can score any finite point with finite distances and a real centroid. */
class ScorerBoundsTest {

    private static SegmentModel model(double coordinate, double std) {
        List<FeatureSpec> features = new ArrayList<>();
        for (String name : RfmFeatures.NAMES) {
            features.add(new FeatureSpec(name, FeatureTransform.NONE, 0.0, std, FeatureKind.NUMERIC, null, null, null, null));
        }
        return SegmentModel.newBuilder().setName("rfm").setVersion(1).setTrainedAt(Instant.EPOCH).setSnapshotTime(Instant.EPOCH)
                .setSnapshotSize(2).setFeatures(features)
                .setCentroids(List.of(new Centroid(1, "A", List.of(coordinate, coordinate, coordinate), List.of(1.0, 1.0, 1.0), 1L),
                        new Centroid(2, "B", List.of(-coordinate, 0.0, 0.0), List.of(2.0, 2.0, 2.0), 1L)))
                .setRfmCuts(null).setQuality(new ModelQuality(2, 1.0, 0.5, List.of(1L, 1L), List.of())).setPreviousVersion(null).build();
    }

    @Test
    void shouldRefuseCentroidsAndScalesThatWouldOverflowADistance() {
        assertEquals(ModelValidator.OUT_OF_RANGE, ModelValidator.check(model(1e200, 1.0), RfmFeatures.NAMES).orElseThrow().cause());
        assertEquals(ModelValidator.OUT_OF_RANGE, ModelValidator.check(model(1.0, 1e-300), RfmFeatures.NAMES).orElseThrow().cause());
        assertEquals(ModelValidator.OUT_OF_RANGE, ModelValidator.check(model(1.0, 1e300), RfmFeatures.NAMES).orElseThrow().cause());
        assertTrue(ModelValidator.check(model(Scorer.MAX_SCALED, 1.0), RfmFeatures.NAMES).isEmpty(), "the bound itself is accepted");
    }

    @Test
    void shouldGiveFiniteDistancesAndARealCentroidForAnyFinitePointOfAValidModel() {
        Scorer s = new Scorer(model(Scorer.MAX_SCALED, 1e-12));
        for (double x : new double[] {0, 1e300, -1e300, Double.MAX_VALUE, -Double.MAX_VALUE, 1e-300}) {
            Scorer.Result r = s.score(new double[] {x, -x, x});
            assertTrue(r.centroidIndex() >= 0, "index for " + x);
            assertTrue(Double.isFinite(r.distance()) && Double.isFinite(r.margin()), "distance for " + x + ": " + r);
        }
        assertEquals(0, s.outOfRange(new double[] {1e300, 0, 0}));
        assertEquals(-1, s.outOfRange(new double[] {1e-7, 0, 0}));
    }
}
