package io.segmenter.cli.bench;

import io.segmenter.avro.Centroid;
import io.segmenter.avro.FeatureKind;
import io.segmenter.avro.FeatureSpec;
import io.segmenter.avro.FeatureTransform;
import io.segmenter.avro.ModelQuality;
import io.segmenter.avro.RfmCuts;
import io.segmenter.avro.SegmentModel;
import io.segmenter.model.RfmFeatures;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** A small valid RFM model (two segments, identity scaling), so the app scores every scorable customer. */
final class BenchModel {

    static final String NAME = "rfm";

    private BenchModel() {}

    static SegmentModel twoSegments() {
        List<FeatureSpec> features = new ArrayList<>();
        for (String name : RfmFeatures.NAMES) {
            features.add(new FeatureSpec(name, FeatureTransform.NONE, 0.0, 1.0, FeatureKind.NUMERIC, null, null, null, null));
        }
        Instant at = Instant.parse("2026-01-01T00:00:00Z");
        return SegmentModel.newBuilder()
                .setName(NAME)
                .setVersion(1)
                .setTrainedAt(at)
                .setSnapshotTime(at)
                .setSnapshotSize(20)
                .setFeatures(features)
                .setCentroids(List.of(
                        new Centroid(1, "Active", List.of(10.0, 20.0, 2000.0), List.of(10.0, 20.0, 2000.0), 10L),
                        new Centroid(2, "Lapsed", List.of(90.0, 5.0, 400.0), List.of(90.0, 5.0, 400.0), 10L)))
                .setRfmCuts(new RfmCuts(List.of(7.0, 30.0, 90.0), List.of(5.0, 15.0, 30.0), List.of(500.0, 1500.0, 3000.0)))
                .setQuality(new ModelQuality(2, 1.0, 0.5, List.of(10L, 10L), List.of()))
                .setPreviousVersion(null)
                .build();
    }
}
