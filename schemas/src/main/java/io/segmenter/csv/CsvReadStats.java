package io.segmenter.csv;

import java.util.List;

/**
 * Counts of one read so far.
 *
 * @param rows data rows read (header excluded)
 * @param purchases PURCHASE transactions emitted
 * @param refunds REFUND transactions emitted
 * @param withoutCustomer emitted transactions with an empty customer id (the app rejects them)
 * @param unreadableRows rows that could not be read
 * @param skippedTransactions readable transactions not emitted by rule
 * @param splitTransactions later, non-contiguous groups of a transaction id seen before (emitted with a {@code #n} suffix)
 * @param notes one-line remarks on how the file was read that users should see, e.g. that the default
 *     transaction column is absent and every row is its own transaction; empty when none
 */
public record CsvReadStats(
        long rows,
        long purchases,
        long refunds,
        long withoutCustomer,
        long unreadableRows,
        long skippedTransactions,
        long splitTransactions,
        List<String> notes) {

    public CsvReadStats {
        notes = notes == null ? List.of() : List.copyOf(notes);
    }

    /** Counts without notes. */
    public CsvReadStats(long rows, long purchases, long refunds, long withoutCustomer, long unreadableRows,
            long skippedTransactions, long splitTransactions) {
        this(rows, purchases, refunds, withoutCustomer, unreadableRows, skippedTransactions, splitTransactions, List.of());
    }

    public long emitted() {
        return purchases + refunds;
    }
}
