package io.segmenter.cli.observability;

/**
 * One PromQL expression read from a monitoring file, with where it came from
 * ({@code overview.json / Input rate / A}, {@code alerts.yml / SegmenterDlqRateHigh}) for the failure report.
 */
public record PromQuery(String source, String expr) {

    @Override
    public String toString() {
        return source + ": " + expr;
    }
}
