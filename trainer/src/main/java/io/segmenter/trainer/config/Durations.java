package io.segmenter.trainer.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/** Durations as people write them: {@code 30s}, {@code 15m}, {@code 6h}, {@code 1d}, or ISO-8601 ({@code PT6H}). */
public final class Durations {

    private Durations() {}

    /** @throws IllegalArgumentException saying which forms are accepted */
    public static Duration parse(String text) {
        String v = text.strip().toLowerCase(Locale.ROOT);
        try {
            if (v.startsWith("p")) {
                return positive(text, Duration.parse(v.toUpperCase(Locale.ROOT)));
            }
            if (v.length() >= 2) {
                long n = Long.parseLong(v.substring(0, v.length() - 1));
                Duration d = switch (v.charAt(v.length() - 1)) {
                    case 's' -> Duration.ofSeconds(n);
                    case 'm' -> Duration.ofMinutes(n);
                    case 'h' -> Duration.ofHours(n);
                    case 'd' -> Duration.ofDays(n);
                    default -> null;
                };
                if (d != null) {
                    return positive(text, d);
                }
            }
        } catch (NumberFormatException | DateTimeParseException | ArithmeticException e) {
            // fall through to the message below
        }
        throw new IllegalArgumentException("duration '" + text + "': use 30s, 15m, 6h, 1d or PT6H");
    }

    private static Duration positive(String text, Duration d) {
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException("duration '" + text + "' must be positive");
        }
        return d;
    }
}
