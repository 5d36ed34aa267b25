package io.segmenter.cli.observability;

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
import io.segmenter.serde.AvroSerde;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Synthetic input that makes every metric of the dashboards move: customers in two segments, one record
 * for each of five reject reasons, a duplicate, and models (a valid one, a newer one that moves every
 * customer, an invalid one).
 */
final class ObservedTraffic {

    static final String MODEL = "rfm";

    private static final AvroSerde<Transaction> TRANSACTIONS = AvroSerde.of(Transaction.class, Map.of());
    private static final AvroSerde<SegmentModel> MODELS = AvroSerde.of(SegmentModel.class, Map.of());

    private final Instant now;

    ObservedTraffic(Instant now) {
        this.now = now;
    }

    /**
     * {@code customers} customers, half recent and frequent, half lapsed with one purchase; then a re-sent
     * transaction and rejects (invalid amount, unsupported currency, future event time, missing customer
     * id, undecodable bytes). Keyed by customer id.
     */
    List<Map.Entry<byte[], byte[]>> transactions(int customers) {
        Random random = new Random(42);
        List<Map.Entry<byte[], byte[]>> records = new ArrayList<>();
        for (int c = 0; c < customers; c++) {
            String customer = "c" + c;
            boolean active = c % 2 == 0;
            int purchases = active ? 4 + random.nextInt(3) : 1;
            for (int p = 0; p < purchases; p++) {
                Duration ago = Duration.ofDays(active ? random.nextInt(20) : 180 + random.nextInt(60));
                records.add(record(tx(customer + "-" + p, customer, now.minus(ago), 500 + random.nextInt(5000), "GBP")));
            }
        }
        records.add(records.getFirst()); // a duplicate: the same transaction id again
        records.add(record(tx("bad-amount", "c1", now.minus(Duration.ofDays(1)), -100, "GBP")));
        records.add(record(tx("bad-currency", "c1", now.minus(Duration.ofDays(1)), 100, "XXX")));
        records.add(record(tx("bad-time", "c1", now.plus(Duration.ofDays(30)), 100, "GBP")));
        records.add(record(tx("bad-customer", "", now.minus(Duration.ofDays(1)), 100, "GBP")));
        records.add(Map.entry(bytes("c1"), bytes("not avro at all")));
        return records;
    }

    /** Two segments in unscaled space: Active near (10 days, 4 purchases, 100) and Lapsed near (200 days, 1, 20). */
    SegmentModel model(long version) {
        return model(version, List.of(10.0, 4.0, 100.0), List.of(200.0, 1.0, 20.0));
    }

    /** The labels' centroids swapped: every customer changes segment, and all are re-scored. */
    SegmentModel swapped(long version) {
        return model(version, List.of(200.0, 1.0, 20.0), List.of(10.0, 4.0, 100.0));
    }

    /** A centroid with NaN: refused by the app (cause non_finite). */
    SegmentModel invalid(long version) {
        return model(version, List.of(Double.NaN, 4.0, 100.0), List.of(200.0, 1.0, 20.0));
    }

    static Map.Entry<byte[], byte[]> modelRecord(SegmentModel model) {
        return Map.entry(bytes(model.getName()), MODELS.serialize(null, model));
    }

    private SegmentModel model(long version, List<Double> active, List<Double> lapsed) {
        List<FeatureSpec> features = RfmFeatures.NAMES.stream()
                .map(name -> new FeatureSpec(name, FeatureTransform.NONE, 0.0, 1.0, FeatureKind.NUMERIC, null, null, null, null)).toList();
        Instant trainedAt = now.minus(Duration.ofHours(1));
        return SegmentModel.newBuilder()
                .setName(MODEL)
                .setVersion(version)
                .setTrainedAt(trainedAt)
                .setSnapshotTime(trainedAt)
                .setSnapshotSize(20)
                .setFeatures(features)
                .setCentroids(List.of(
                        new Centroid(1, "Active", active, active, 10L),
                        new Centroid(2, "Lapsed", lapsed, lapsed, 10L)))
                .setRfmCuts(new RfmCuts(List.of(30.0, 90.0, 180.0), List.of(1.0, 3.0, 6.0), List.of(50.0, 200.0, 500.0)))
                .setQuality(new ModelQuality(2, 1.0, 0.5, List.of(10L, 10L), List.of()))
                .setPreviousVersion(version > 1 ? version - 1 : null)
                .setTrainingDistribution(RfmFeatures.NAMES.stream()
                        .map(name -> io.segmenter.model.Drift.of(name, java.util.stream.IntStream.range(0, 200).asDoubleStream().toArray()))
                        .toList())
                .build();
    }

    private static Transaction tx(String id, String customer, Instant at, long amountMinor, String currency) {
        return Transaction.newBuilder()
                .setTransactionId(id)
                .setCustomerId(customer)
                .setEventTime(at)
                .setAmountMinor(amountMinor)
                .setCurrency(currency)
                .setKind(TransactionKind.PURCHASE)
                .build();
    }

    private static Map.Entry<byte[], byte[]> record(Transaction t) {
        return Map.entry(bytes(t.getCustomerId()), TRANSACTIONS.serialize(null, t));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
