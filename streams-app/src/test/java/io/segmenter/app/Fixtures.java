package io.segmenter.app;

import io.segmenter.avro.Centroid;
import io.segmenter.avro.FeatureKind;
import io.segmenter.avro.FeatureSpec;
import io.segmenter.avro.FeatureTransform;
import io.segmenter.avro.ModelQuality;
import io.segmenter.avro.RfmCuts;
import io.segmenter.avro.SegmentModel;
import io.segmenter.avro.Transaction;
import io.segmenter.avro.TransactionKind;
import io.segmenter.model.RfmFeatures;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Records for tests: a small valid RFM model and transactions. */
public final class Fixtures {

    public static final Instant T0 = Instant.parse("2024-06-01T00:00:00Z");
    public static final long DAY = RfmFeatures.DAY_MILLIS;
    /** Wall clock of the test driver: well after every event time the tests use, so none is "in the future". */
    public static final Instant WALL = Instant.parse("2026-01-01T00:00:00Z");

    private Fixtures() {}

    /**
     * Two segments in unscaled space (mean 0, std 1): Active near (10 days, 4 purchases, 100.0) and Lapsed
     * near (200 days, 1 purchase, 20.0); R cuts at 30/90/180 days.
     */
    public static SegmentModel model(long version) {
        List<FeatureSpec> features = new ArrayList<>();
        for (String name : RfmFeatures.NAMES) {
            features.add(new FeatureSpec(name, FeatureTransform.NONE, 0.0, 1.0, FeatureKind.NUMERIC, null, null, null, null));
        }
        List<Centroid> centroids = List.of(
                new Centroid(1, "Active", List.of(10.0, 4.0, 100.0), List.of(10.0, 4.0, 100.0), 10L),
                new Centroid(2, "Lapsed", List.of(200.0, 1.0, 20.0), List.of(200.0, 1.0, 20.0), 10L));
        return SegmentModel.newBuilder()
                .setName("rfm")
                .setVersion(version)
                .setTrainedAt(T0)
                .setSnapshotTime(T0)
                .setSnapshotSize(20)
                .setFeatures(features)
                .setCentroids(centroids)
                .setRfmCuts(new RfmCuts(List.of(30.0, 90.0, 180.0), List.of(1.0, 3.0, 6.0), List.of(50.0, 200.0, 500.0)))
                .setQuality(new ModelQuality(2, 1.0, 0.5, List.of(10L, 10L), List.of()))
                .setPreviousVersion(null)
                .build();
    }

    /** The same model with the two labels' centroids swapped, so every customer changes segment. */
    public static SegmentModel swapped(long version) {
        SegmentModel m = model(version);
        List<Centroid> cs = m.getCentroids();
        m.setCentroids(List.of(
                new Centroid(1, "Active", cs.get(1).getScaled(), cs.get(1).getOriginal(), 10L),
                new Centroid(2, "Lapsed", cs.get(0).getScaled(), cs.get(0).getOriginal(), 10L)));
        return m;
    }

    public static Transaction purchase(String id, String customer, Instant at, long amountMinor) {
        return tx(id, customer, at, amountMinor, "GBP", TransactionKind.PURCHASE);
    }

    public static Transaction refund(String id, String customer, Instant at, long amountMinor) {
        return tx(id, customer, at, amountMinor, "GBP", TransactionKind.REFUND);
    }

    public static Transaction tx(String id, String customer, Instant at, long amountMinor, String currency, TransactionKind kind) {
        return Transaction.newBuilder()
                .setTransactionId(id)
                .setCustomerId(customer)
                .setEventTime(at)
                .setAmountMinor(amountMinor)
                .setCurrency(currency)
                .setKind(kind)
                .build();
    }
}
