package io.segmenter.csv;

/**
 * A row or transaction of a CSV that did not become a {@link io.segmenter.avro.Transaction}.
 *
 * @param line line of the file (the header is line 1); for a skipped transaction, its first line
 * @param kind whether a row could not be read or a readable transaction was skipped by a rule
 * @param reason a short fixed label to count problems by (e.g. {@code bad time}, {@code wrong field count})
 * @param message what was wrong, for people
 */
public record CsvProblem(long line, Kind kind, String reason, String message) {

    public enum Kind {
        /** A row that could not be read (bad number, bad date, wrong column count); its line is left out. */
        UNREADABLE,
        /** A readable transaction not emitted by a documented rule (non-positive total, skipped prefix). */
        SKIPPED
    }

    @Override
    public String toString() {
        return "line " + line + ": " + message;
    }
}
