package io.segmenter.cli.replay;

import io.segmenter.csv.CsvProblem;
import io.segmenter.csv.CsvReadStats;
import java.time.Duration;
import java.util.List;

/**
 * What a replay did.
 *
 * @param acknowledged records the broker acknowledged (the "sent" figure users see)
 * @param purchases acknowledged PURCHASE records
 * @param refunds acknowledged REFUND records
 * @param withoutCustomer acknowledged records with an empty customer id (null key), which the app rejects
 * @param failed records the producer could not deliver
 * @param read counts from the CSV reader (rows, purchases, refunds, without customer, unreadable, skipped)
 * @param firstProblems the first few problems, in file order (all counted in {@code read})
 * @param elapsed wall time of the replay
 * @param stopped true when the replay was stopped before the end of the file (Ctrl-C or a send failure)
 * @param firstFailure message of the first send failure; null when none
 */
public record ReplayResult(
        long acknowledged,
        long purchases,
        long refunds,
        long withoutCustomer,
        long failed,
        CsvReadStats read,
        List<CsvProblem> firstProblems,
        Duration elapsed,
        boolean stopped,
        String firstFailure) {

    public ReplayResult {
        firstProblems = List.copyOf(firstProblems);
    }

    /** A few lines for people: sent by kind, the reader's notes, problems with the first line numbers. */
    public String summary() {
        StringBuilder s = new StringBuilder();
        s.append(stopped ? "Stopped early: " : "Done: ")
                .append(acknowledged).append(" transactions sent (")
                .append(purchases).append(" purchases, ")
                .append(refunds).append(" refunds; ")
                .append(withoutCustomer).append(" without customer, for the app to reject)")
                .append(" from ").append(read.rows()).append(" rows in ")
                .append(String.format("%.1f", elapsed.toMillis() / 1000.0)).append(" s");
        read.notes().forEach(note -> s.append(System.lineSeparator()).append("Note: ").append(note));
        if (failed > 0) {
            s.append(System.lineSeparator()).append(failed).append(" records failed to send; first: ").append(firstFailure);
        }
        s.append(System.lineSeparator()).append(read.unreadableRows()).append(" rows unreadable, ")
                .append(read.skippedTransactions()).append(" transactions skipped by rule");
        if (read.splitTransactions() > 0) {
            s.append(", ").append(read.splitTransactions()).append(" non-contiguous invoice parts sent with a #n id");
        }
        List<CsvProblem> unreadable = firstProblems.stream().filter(p -> p.kind() == CsvProblem.Kind.UNREADABLE).toList();
        if (!unreadable.isEmpty()) {
            s.append(System.lineSeparator()).append("First unreadable rows:");
            unreadable.forEach(p -> s.append(System.lineSeparator()).append("  ").append(p));
        }
        List<CsvProblem> skipped = firstProblems.stream().filter(p -> p.kind() == CsvProblem.Kind.SKIPPED).toList();
        if (!skipped.isEmpty()) {
            s.append(System.lineSeparator()).append("First skipped transactions:");
            skipped.forEach(p -> s.append(System.lineSeparator()).append("  ").append(p));
        }
        return s.toString();
    }
}
