package io.segmenter.trainer.report;

import io.segmenter.trainer.config.Durations;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * Where the report's transitions start: a fixed instant (an ISO instant, or an ISO date meaning its start in
 * UTC), or a duration back from the end of the data (the features' "now"), so the default follows the file.
 *
 * @param at the instant given, or null
 * @param back the duration before the end, or null
 */
public record TransitionsSince(Instant at, Duration back) {

    /** The report's default: the last quarter or so, long enough for purchases to move a customer. */
    public static final String DEFAULT = "90d";
    /** Turns the transitions off. */
    public static final String OFF = "off";

    /**
     * @return null for {@value #OFF}
     * @throws IllegalArgumentException in one line, saying which forms are accepted
     */
    public static TransitionsSince parse(String text) {
        String v = text.strip();
        if (v.equalsIgnoreCase(OFF)) {
            return null;
        }
        try {
            if (v.length() == 10 && v.charAt(4) == '-') {
                return new TransitionsSince(LocalDate.parse(v).atStartOfDay(ZoneOffset.UTC).toInstant(), null);
            }
            if (v.toUpperCase(Locale.ROOT).contains("T") && !v.toUpperCase(Locale.ROOT).startsWith("P")) {
                return new TransitionsSince(Instant.parse(v), null);
            }
            return new TransitionsSince(null, Durations.parse(v));
        } catch (DateTimeParseException | IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + text + "' is not a date, an instant or a duration: use 2011-09-01, "
                    + "2011-09-01T00:00:00Z, a duration back from the end such as 90d, 12h or P7D, or " + OFF);
        }
    }

    /** The instant in epoch milliseconds, for data that ends at {@code endMillis}. */
    public long resolve(long endMillis) {
        return at != null ? at.toEpochMilli() : endMillis - back.toMillis();
    }

    /** How the instant was given, for the report: e.g. "90 days before the end" or "as given". */
    public String describe() {
        if (at != null) {
            return "as given";
        }
        long days = back.toDays();
        return back.equals(Duration.ofDays(days)) ? days + " days before the end" : back + " before the end";
    }
}
