package io.segmenter.csv;

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
 */
public record CsvReadStats(
        long rows,
        long purchases,
        long refunds,
        long withoutCustomer,
        long unreadableRows,
        long skippedTransactions,
        long splitTransactions) {

    public long emitted() {
        return purchases + refunds;
    }
}
