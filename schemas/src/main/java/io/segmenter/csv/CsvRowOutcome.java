package io.segmenter.csv;

import io.segmenter.avro.Transaction;
import java.util.List;

/**
 * What became of one row, for showing a user how their columns map ({@link CsvTransactionReader#traceFirstRows}).
 * Exactly one of {@code transaction} and {@code problem} is set.
 *
 * @param line line of the file (the header is line 1)
 * @param fields the row's raw fields; empty when the row could not be parsed as CSV at all
 * @param transaction the transaction the row is part of (with all its lines); null when there is a problem
 * @param problem why the row, or the transaction it is part of, was not emitted; null when it was
 */
public record CsvRowOutcome(long line, List<String> fields, Transaction transaction, CsvProblem problem) {

    public CsvRowOutcome {
        fields = List.copyOf(fields);
    }
}
