package io.segmenter.cli.replay;

import io.segmenter.avro.Transaction;
import io.segmenter.csv.CsvMapping;
import io.segmenter.csv.CsvProblem;
import io.segmenter.csv.CsvReadStats;
import io.segmenter.csv.CsvRowOutcome;
import io.segmenter.csv.CsvTransactionReader;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * {@code replay --dry-run}: reads the whole file exactly as a replay would, with no Kafka connection, and
 * prints how the first rows map (so a user sees at once whether their columns and time format fit) and
 * the totals a replay would send. Nothing is sent.
 */
public final class DryRun {

    /** How many rows are shown field by field. */
    public static final int SHOWN_ROWS = 5;

    private final PrintStream out;
    private final Map<CsvProblem.Kind, Map<String, Long>> problemsByReason = new EnumMap<>(CsvProblem.Kind.class);
    private final TreeMap<Long, CsvRowOutcome> firstRows = new TreeMap<>();
    private boolean firstRowsShown;

    private DryRun(PrintStream out) {
        this.out = out;
    }

    /** Reads {@code csv} with {@code mapping}, printing to {@code out}; returns the read counts. */
    public static CsvReadStats run(Path csv, CsvMapping mapping, PrintStream out) throws IOException {
        return new DryRun(out).read(csv, mapping);
    }

    private CsvReadStats read(Path csv, CsvMapping mapping) throws IOException {
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        try (CsvTransactionReader reader = CsvTransactionReader.open(csv, mapping, this::count)) {
            reader.traceFirstRows(SHOWN_ROWS, row -> firstRows.put(row.line(), row));
            reader.onNotes(note -> out.println("Note: " + note)); // here, not as a log line on stderr
            out.println("Dry run of " + csv + ": nothing is sent.");
            while (reader.hasNext()) {
                long time = reader.next().getEventTime().toEpochMilli();
                first = Math.min(first, time);
                last = Math.max(last, time);
                showFirstRowsOnce(false); // as soon as they are known, not after a long file
            }
            showFirstRowsOnce(true);
            CsvReadStats read = reader.stats();
            printTotals(read, first, last);
            return read;
        }
    }

    private void count(CsvProblem problem) {
        problemsByReason.computeIfAbsent(problem.kind(), k -> new TreeMap<>()).merge(problem.reason(), 1L, Long::sum);
    }

    private void showFirstRowsOnce(boolean endOfFile) {
        if (firstRowsShown || (!endOfFile && firstRows.size() < SHOWN_ROWS)) {
            return;
        }
        firstRowsShown = true;
        out.println(firstRows.isEmpty() ? "The file has no data rows." : "First " + firstRows.size() + " rows:");
        for (CsvRowOutcome row : firstRows.values()) {
            out.println("  line " + row.line() + ": " + String.join(" | ", row.fields()));
            out.println("    -> " + outcome(row));
        }
    }

    private static String outcome(CsvRowOutcome row) {
        CsvProblem problem = row.problem();
        if (problem != null) {
            return (problem.kind() == CsvProblem.Kind.UNREADABLE ? "unreadable: " : "skipped: ") + problem.message();
        }
        Transaction t = row.transaction();
        return "transaction " + t.getTransactionId() + (t.getLineCount() > 1 ? " (" + t.getLineCount() + " lines)" : "")
                + ", customer " + (t.getCustomerId().isEmpty() ? "(none: the app rejects it)" : t.getCustomerId())
                + ", " + t.getEventTime() + ", " + t.getAmountMinor() + " " + t.getCurrency() + " minor units, " + t.getKind();
    }

    private void printTotals(CsvReadStats read, long first, long last) {
        out.println("Totals: " + read.rows() + " rows -> " + read.emitted() + " transactions would be sent ("
                + read.purchases() + " purchases, " + read.refunds() + " refunds; " + read.withoutCustomer()
                + " without customer, for the app to reject)");
        out.println("Problems: " + read.unreadableRows() + " rows unreadable" + reasons(CsvProblem.Kind.UNREADABLE) + ", "
                + read.skippedTransactions() + " transactions skipped by rule" + reasons(CsvProblem.Kind.SKIPPED)
                + (read.splitTransactions() > 0
                        ? ", " + read.splitTransactions() + " non-contiguous invoice parts sent with a #n id" : ""));
        if (read.emitted() > 0) {
            out.println("Event times: " + Instant.ofEpochMilli(first) + " to " + Instant.ofEpochMilli(last));
        }
    }

    /** " (bad time 3, wrong field count 1)" for a kind with problems; empty otherwise. */
    private String reasons(CsvProblem.Kind kind) {
        Map<String, Long> counts = problemsByReason.get(kind);
        return counts == null ? "" : counts.entrySet().stream()
                .map(e -> e.getKey() + " " + e.getValue())
                .collect(Collectors.joining(", ", " (", ")"));
    }
}
