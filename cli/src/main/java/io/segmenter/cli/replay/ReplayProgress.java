package io.segmenter.cli.replay;

import java.time.Duration;

/**
 * A snapshot of a running replay for progress displays.
 *
 * @param sent records handed to the producer so far
 * @param acknowledged records the broker has acknowledged
 * @param bytesRead bytes of the file read (compressed bytes for .gz)
 * @param totalBytes size of the file
 * @param elapsed time since the replay started
 */
public record ReplayProgress(long sent, long acknowledged, long bytesRead, long totalBytes, Duration elapsed) {

    /** Progress through a known number of records (the attributes replay, whose first pass counted them). */
    public static ReplayProgress ofRecords(long sent, long acknowledged, long total, Duration elapsed) {
        return new ReplayProgress(sent, acknowledged, sent, total, elapsed); // records stand in for bytes: the fraction is what counts
    }

    /** Fraction of the file read, 0..1. */
    public double fraction() {
        return totalBytes <= 0 ? 0 : Math.min(1.0, (double) bytesRead / totalBytes);
    }

    /** Records sent per second since the start. */
    public double ratePerSecond() {
        double seconds = elapsed.toNanos() / 1e9;
        return seconds <= 0 ? 0 : sent / seconds;
    }

    /** Estimated time left, extrapolating the fraction read; null until something was read. */
    public Duration eta() {
        double f = fraction();
        if (f <= 0) {
            return null;
        }
        return Duration.ofMillis((long) (elapsed.toMillis() * (1 - f) / f));
    }
}
