package io.segmenter.serde;

import io.segmenter.avro.Centroid;
import io.segmenter.avro.CustomerProfile;
import io.segmenter.avro.EmitReason;
import io.segmenter.avro.FeatureSpec;
import io.segmenter.avro.FeatureTransform;
import io.segmenter.avro.KCandidate;
import io.segmenter.avro.ModelQuality;
import io.segmenter.avro.PeriodBucket;
import io.segmenter.avro.RfmCuts;
import io.segmenter.avro.SegmentAssignment;
import io.segmenter.avro.SegmentModel;
import io.segmenter.avro.Transaction;
import io.segmenter.avro.TransactionKind;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** One fully populated instance of each public record, with fixed values (the golden bytes depend on them). */
final class SampleRecords {

    static final Instant T0 = Instant.parse("2026-11-22T10:15:30.123Z");

    private SampleRecords() {}

    static Transaction transaction() {
        return Transaction.newBuilder()
                .setTransactionId("INV-536365")
                .setCustomerId("C-17850")
                .setEventTime(T0)
                .setAmountMinor(1_530L)
                .setCurrency("GBP")
                .setKind(TransactionKind.PURCHASE)
                .setLineCount(7)
                .setChannel("web")
                .build();
    }

    static CustomerProfile profile() {
        return CustomerProfile.newBuilder()
                .setCustomerId("C-17850")
                .setCurrency("GBP")
                .setFirstPurchaseTime(T0.minusSeconds(86_400L * 30))
                .setLastPurchaseTime(T0)
                .setLifetimePurchaseCount(12)
                .setLifetimeNetMonetaryMinor(45_000)
                .setLifetimeRefundMinor(1_200)
                .setHorizonDays(365)
                .setHorizonPurchaseCount(10)
                .setHorizonNetMonetaryMinor(40_000)
                .setBuckets(List.of(
                        PeriodBucket.newBuilder().setPeriodStart(Instant.parse("2026-11-01T00:00:00Z"))
                                .setPurchaseCount(3).setNetMonetaryMinor(9_000).build(),
                        PeriodBucket.newBuilder().setPeriodStart(Instant.parse("2026-11-15T00:00:00Z"))
                                .setPurchaseCount(7).setNetMonetaryMinor(31_000).build()))
                .setLastEventTime(T0)
                .setUpdatedAt(T0.plusMillis(5))
                .build();
    }

    static SegmentAssignment assignment() {
        return SegmentAssignment.newBuilder()
                .setCustomerId("C-17850")
                .setSegmentId(2)
                .setSegmentLabel("Champions")
                .setPreviousSegmentId(4)
                .setModelName("rfm")
                .setModelVersion(3)
                .setFeatures(Map.of("recency_days", 1.0, "frequency", 12.0, "monetary", 450.0))
                .setDistance(0.42)
                .setMargin(0.9)
                .setRecencyScore(1)
                .setFrequencyScore(1)
                .setMonetaryScore(2)
                .setRfmClass("112")
                .setRfmSegment("Loyal Customers")
                .setPreviousRfmSegment(null)
                .setAssignedAt(T0.plusSeconds(1))
                .setSourceEventTime(T0)
                .setReason(EmitReason.NEW_EVENT)
                .build();
    }

    static SegmentModel model() {
        return SegmentModel.newBuilder()
                .setName("rfm")
                .setVersion(3)
                .setTrainedAt(T0)
                .setSnapshotTime(T0.minusSeconds(60))
                .setSnapshotSize(4_338)
                .setFeatures(List.of(
                        FeatureSpec.newBuilder().setName("recency_days").setTransform(FeatureTransform.LOG1P).setMean(3.1).setStd(1.2).build(),
                        FeatureSpec.newBuilder().setName("frequency").setTransform(FeatureTransform.LOG1P).setMean(1.5).setStd(0.8).build(),
                        FeatureSpec.newBuilder().setName("monetary").setTransform(FeatureTransform.NONE).setMean(900.0).setStd(400.0).build()))
                .setCentroids(List.of(
                        Centroid.newBuilder().setSegmentId(0).setLabel("Champions").setScaled(List.of(-1.0, 1.2, 1.5))
                                .setOriginal(List.of(5.0, 20.0, 2_000.0)).setSize(800).build(),
                        Centroid.newBuilder().setSegmentId(1).setLabel("At Risk").setScaled(List.of(1.1, -0.4, -0.2))
                                .setOriginal(List.of(200.0, 2.0, 300.0)).setSize(3_538).build()))
                .setRfmCuts(RfmCuts.newBuilder().setRecency(List.of(17.0, 50.0, 141.0))
                        .setFrequency(List.of(1.0, 2.0, 5.0)).setMonetary(List.of(307.0, 674.0, 1_661.0)).build())
                .setQuality(ModelQuality.newBuilder().setK(2).setInertia(1_234.5).setSilhouette(0.41)
                        .setClusterSizes(List.of(800L, 3_538L))
                        .setElbow(List.of(
                                KCandidate.newBuilder().setK(2).setInertia(1_234.5).setSilhouette(0.41).build(),
                                KCandidate.newBuilder().setK(3).setInertia(990.0).setSilhouette(null).build()))
                        .build())
                .setPreviousVersion(2L)
                .build();
    }
}
