package io.segmenter.trainer.data;

import io.segmenter.avro.CustomerProfile;
import io.segmenter.avro.Transaction;
import io.segmenter.csv.CsvMapping;
import io.segmenter.csv.CsvReadStats;
import io.segmenter.csv.CsvTransactionReader;
import io.segmenter.model.RfmFeatures;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The project's default RFM pipeline over a transaction-level file, with the streaming app's
 * definitions. Transactions come from the shared reader ({@link CsvTransactionReader}: lines grouped
 * per invoice, amounts in minor units, the cancellation prefix marks refunds). Per customer: recency is
 * whole days from the last purchase to "now" ({@link RfmFeatures#recencyDays}); frequency counts
 * purchases and monetary is purchases minus refunds (major units), both over the horizon counted in whole
 * buckets exactly as the app's profiles do: an event counts when its bucket (UTC, aligned to the bucket
 * width) ends after {@code now - horizon} (horizon 0 = lifetime), folded by the app's own
 * {@code ProfileFolder} ({@link TransactionHistory}). Customers with refunds only have no recency and are
 * left out (counted).
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

    /**
     * The customers' features and the clock they were computed at.
     *
     * @param history the transactions behind the features, to fold the profiles at another instant; null when the
     *     features came from a snapshot of profiles ({@link ProfileFeatures})
     */
    public record Result(FeatureTable table, long nowMillis, TransactionHistory history) {

        public Result(FeatureTable table, long nowMillis) {
            this(table, nowMillis, null);
        }
    }

    /** One customer's distinct transactions, folded once the clock ("now") is known. */
    private static final class Acc {
        final List<Transaction> transactions = new ArrayList<>();
        final Set<String> ids = new HashSet<>();
    }

    public static Result read(Path file, Options o) throws IOException {
        Map<String, Acc> byCustomer = new LinkedHashMap<>();
        long maxTime = Long.MIN_VALUE;
        long problems;
        long duplicates = 0;
        CsvReadStats stats;
        long[] problemCount = {0};
        try (CsvTransactionReader reader = CsvTransactionReader.open(file, o.mapping(), p -> problemCount[0]++)) {
            while (reader.hasNext()) {
                Transaction t = reader.next();
                if (t.getCustomerId() == null || t.getCustomerId().isEmpty()) {
                    continue;
                }
                maxTime = Math.max(maxTime, t.getEventTime().toEpochMilli());
                Acc a = byCustomer.computeIfAbsent(t.getCustomerId(), c -> new Acc());
                if (a.ids.add(t.getTransactionId())) { // a transaction id counts once per customer, as the app's dedupe
                    a.transactions.add(t);
                } else {
                    duplicates++;
                }
            }
            stats = reader.stats();
        }
        problems = problemCount[0];
        long now = o.nowMillis() != null ? o.nowMillis() : maxTime;
        Map<String, List<Transaction>> transactions = new LinkedHashMap<>();
        byCustomer.forEach((id, a) -> transactions.put(id, a.transactions));
        TransactionHistory history = new TransactionHistory(transactions, o.horizonDays(), o.bucketDays());
        List<String> ids = new ArrayList<>();
        List<double[]> rows = new ArrayList<>();
        long refundOnly = 0;
        for (Map.Entry<String, Acc> e : byCustomer.entrySet()) {
            CustomerProfile profile = history.profileAt(e.getKey(), now);
            if (!RfmFeatures.isScorable(profile)) {
                refundOnly++;
                continue;
            }
            ids.add(e.getKey());
            rows.add(RfmFeatures.at(profile, now, o.bucketDays(), new double[3]));
        }
        List<String> notes = new java.util.ArrayList<>(stats.notes()); // e.g. "no InvoiceNo column: one transaction per row"
        notes.addAll(List.of(
                stats.rows() + " rows read: " + stats.purchases() + " purchases and " + stats.refunds() + " refunds; "
                        + stats.withoutCustomer() + " transactions without customer, " + stats.skippedTransactions()
                        + " skipped by rule, " + stats.unreadableRows() + " unreadable rows (" + problems + " problems reported)",
                refundOnly + " customers with refunds only left out (no purchase to measure recency from); "
                        + duplicates + " repeated transaction ids counted once",
                "features at now = " + (now == Long.MIN_VALUE ? "-" : Instant.ofEpochMilli(now).toString())
                        + (o.nowMillis() == null ? " (largest event time in the file: stream clock)" : "")
                        + ", horizon " + (o.horizonDays() <= 0 ? "lifetime"
                                : o.horizonDays() + " days in " + o.bucketDays() + "-day buckets (as the app's profiles)")));
        return new Result(new FeatureTable(file.getFileName().toString(), ids, RfmFeatures.NAMES,
                rows.toArray(double[][]::new), List.copyOf(notes)), now, history);
    }
}
