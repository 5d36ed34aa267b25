package io.segmenter.csv;

import io.segmenter.avro.Transaction;
import io.segmenter.avro.TransactionKind;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The batch side of stream-batch parity: per-customer lifetime totals of a transaction-level file with
 * the streaming app's definitions, folded over the transactions {@link CsvTransactionReader} emits (the
 * same ones a replay sends). A purchase adds one to the count and its amount to the net money; a refund
 * subtracts its amount and does not count; the last purchase is the largest purchase event time (null for
 * refunds only). A transaction id seen before for the same customer counts once (the app's dedupe).
 * Transactions without a customer are set aside (the app rejects them to its dead-letter topic).
 * Amounts stay in the file's currency, which must be the app's reporting currency for the totals to match.
 */
public final class BatchProfiles {

    /** One customer's lifetime totals, comparable field for field with a {@code CustomerProfile}. */
    public record Totals(long purchaseCount, long netMonetaryMinor, Instant lastPurchaseTime) {}

    /**
     * @param byCustomer totals by customer id, sorted by id
     * @param withoutCustomer transactions set aside because they name no customer
     * @param duplicates transactions counted once because their id was seen before for the customer
     * @param read the reader's counts
     */
    public record Result(Map<String, Totals> byCustomer, long withoutCustomer, long duplicates, CsvReadStats read) {}

    private BatchProfiles() {}

    /** Reads {@code csv} with {@code mapping} (problems are counted in {@link Result#read()}) and folds it. */
    public static Result of(Path csv, CsvMapping mapping) throws IOException {
        try (CsvTransactionReader reader = CsvTransactionReader.open(csv, mapping, problem -> { })) {
            Fold fold = fold(reader);
            return new Result(fold.sorted(), fold.withoutCustomer, fold.duplicates, reader.stats());
        }
    }

    /** Folds transactions already read (e.g. in a test); the read counts are left empty. */
    public static Result of(Iterator<Transaction> transactions) {
        Fold fold = fold(transactions);
        return new Result(fold.sorted(), fold.withoutCustomer, fold.duplicates, new CsvReadStats(0, 0, 0, 0, 0, 0, 0));
    }

    private static Fold fold(Iterator<Transaction> transactions) {
        Fold fold = new Fold();
        transactions.forEachRemaining(fold::add);
        return fold;
    }

    private static final class Fold {
        final Map<String, Totals> totals = new HashMap<>();
        final Set<String> seen = new HashSet<>();
        long withoutCustomer;
        long duplicates;

        void add(Transaction t) {
            String customer = t.getCustomerId();
            if (customer == null || customer.isEmpty()) {
                withoutCustomer++;
                return;
            }
            if (!seen.add(customer + '\0' + t.getTransactionId())) {
                duplicates++;
                return;
            }
            Totals before = totals.getOrDefault(customer, new Totals(0, 0, null));
            Totals after;
            if (t.getKind() == TransactionKind.PURCHASE) {
                Instant last = before.lastPurchaseTime();
                after = new Totals(before.purchaseCount() + 1, before.netMonetaryMinor() + t.getAmountMinor(),
                        last == null || t.getEventTime().isAfter(last) ? t.getEventTime() : last);
            } else {
                after = new Totals(before.purchaseCount(), before.netMonetaryMinor() - t.getAmountMinor(), before.lastPurchaseTime());
            }
            totals.put(customer, after);
        }

        Map<String, Totals> sorted() {
            return new TreeMap<>(totals);
        }
    }
}
