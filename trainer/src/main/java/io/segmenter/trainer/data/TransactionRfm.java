package io.segmenter.trainer.data;

import io.segmenter.avro.Transaction;
import io.segmenter.avro.TransactionKind;
import io.segmenter.csv.CsvMapping;
import io.segmenter.csv.CsvReadStats;
import io.segmenter.csv.CsvTransactionReader;
import io.segmenter.model.RfmFeatures;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The project's default RFM pipeline over a transaction-level file, with the streaming app's
 * definitions. Transactions come from the shared reader ({@link CsvTransactionReader}: lines grouped
 * per invoice, amounts in minor units, the cancellation prefix marks refunds). Per customer: recency is
 * whole days from the last purchase to "now" ({@link RfmFeatures#recencyDays}); frequency counts
 * purchases and monetary is purchases minus refunds (major units), both over the horizon counted in whole
 * buckets exactly as the app's profiles do: an event counts when its bucket (UTC, aligned to the bucket
 * width) ends after {@code now - horizon} (horizon 0 = lifetime). Customers with refunds only have no
 * recency and are left out (counted).
 */
public final class TransactionRfm {

    private TransactionRfm() {}

    /**
     * @param horizonDays frequency and monetary window in days, the app's {@code horizon.days}; 0 = lifetime
     * @param bucketDays the app's {@code bucket.days}
     * @param nowMillis the clock; null = the largest event time in the file (the stream clock)
     */
    public record Options(CsvMapping mapping, int horizonDays, int bucketDays, Long nowMillis) {

        /** The app's defaults: 365-day horizon in 7-day buckets. */
        public static final int DEFAULT_HORIZON_DAYS = 365;
        public static final int DEFAULT_BUCKET_DAYS = 7;

        public static Options onlineRetail() {
            return new Options(CsvMapping.onlineRetail(), DEFAULT_HORIZON_DAYS, DEFAULT_BUCKET_DAYS, null);
        }
    }

    /** The customers' features and the clock they were computed at. */
    public record Result(FeatureTable table, long nowMillis) {}

    private static final class Acc {
        final List<long[]> events = new ArrayList<>(); // {time, signed amount minor, 1 if purchase}
        String currency;
        long lastPurchase = Long.MIN_VALUE;
    }

    public static Result read(Path file, Options o) throws IOException {
        Map<String, Acc> byCustomer = new LinkedHashMap<>();
        long maxTime = Long.MIN_VALUE;
        long problems;
        CsvReadStats stats;
        long[] problemCount = {0};
        try (CsvTransactionReader reader = CsvTransactionReader.open(file, o.mapping(), p -> problemCount[0]++)) {
            while (reader.hasNext()) {
                Transaction t = reader.next();
                if (t.getCustomerId() == null || t.getCustomerId().isEmpty()) {
                    continue;
                }
                long time = t.getEventTime().toEpochMilli();
                maxTime = Math.max(maxTime, time);
                Acc a = byCustomer.computeIfAbsent(t.getCustomerId(), c -> new Acc());
                a.currency = t.getCurrency();
                boolean purchase = t.getKind() == TransactionKind.PURCHASE;
                a.events.add(new long[] {time, purchase ? t.getAmountMinor() : -t.getAmountMinor(), purchase ? 1 : 0});
                if (purchase) {
                    a.lastPurchase = Math.max(a.lastPurchase, time);
                }
            }
            stats = reader.stats();
        }
        problems = problemCount[0];
        long now = o.nowMillis() != null ? o.nowMillis() : maxTime;
        long windowStart = o.horizonDays() <= 0 ? Long.MIN_VALUE : now - o.horizonDays() * RfmFeatures.DAY_MILLIS;
        long width = Math.max(1, o.bucketDays()) * RfmFeatures.DAY_MILLIS;
        List<String> ids = new ArrayList<>();
        List<double[]> rows = new ArrayList<>();
        long refundOnly = 0;
        for (Map.Entry<String, Acc> e : byCustomer.entrySet()) {
            Acc a = e.getValue();
            if (a.lastPurchase == Long.MIN_VALUE) {
                refundOnly++;
                continue;
            }
            long count = 0;
            long money = 0;
            for (long[] ev : a.events) {
                if (o.horizonDays() <= 0 || Math.floorDiv(ev[0], width) * width + width > windowStart) {
                    count += ev[2];
                    money += ev[1];
                }
            }
            ids.add(e.getKey());
            rows.add(new double[] {RfmFeatures.recencyDays(a.lastPurchase, now), count, RfmFeatures.toMajor(money, a.currency)});
        }
        List<String> notes = List.of(
                stats.rows() + " rows read: " + stats.purchases() + " purchases and " + stats.refunds() + " refunds; "
                        + stats.withoutCustomer() + " transactions without customer, " + stats.skippedTransactions()
                        + " skipped by rule, " + stats.unreadableRows() + " unreadable rows (" + problems + " problems reported)",
                refundOnly + " customers with refunds only left out (no purchase to measure recency from)",
                "features at now = " + (now == Long.MIN_VALUE ? "-" : Instant.ofEpochMilli(now).toString())
                        + (o.nowMillis() == null ? " (largest event time in the file: stream clock)" : "")
                        + ", horizon " + (o.horizonDays() <= 0 ? "lifetime"
                                : o.horizonDays() + " days in " + o.bucketDays() + "-day buckets (as the app's profiles)"));
        return new Result(new FeatureTable(file.getFileName().toString(), ids, RfmFeatures.NAMES,
                rows.toArray(double[][]::new), notes), now);
    }
}
