package io.segmenter.csv;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.TemporalAccessor;
import java.time.temporal.TemporalQueries;
import java.util.Locale;

/**
 * How the text of a time column becomes epoch milliseconds. Built once per reader from
 * {@link CsvMapping#timeFormat()}, so each row only parses its text. The forms:
 *
 * <ul>
 *   <li>a {@link DateTimeFormatter} pattern ({@code yyyy-MM-dd HH:mm:ss}, {@code dd/MM/yyyy HH:mm},
 *       {@code yyyyMMdd}...), parsed case-insensitively with English names; a pattern without a time of
 *       day gives the start of the day; a pattern with an offset or zone ({@code XXX}, {@code VV}) uses it;</li>
 *   <li>{@code ISO}: {@code 2011-12-09}, {@code 2011-12-09T12:50:00} (or a space instead of {@code T}),
 *       optionally followed by an offset ({@code Z}, {@code +01:00}) and/or a zone ({@code [Europe/Paris]});</li>
 *   <li>{@code epoch-s} / {@code epoch-ms}: seconds or milliseconds since 1970-01-01T00:00Z, decimals
 *       allowed (truncated to the millisecond below).</li>
 * </ul>
 *
 * Times without an offset or zone are in the mapping's zone.
 */
abstract sealed class EventTimeFormat {

    private static final String EPOCH_SECONDS = CsvMapping.EPOCH_SECONDS;
    private static final String EPOCH_MILLIS = CsvMapping.EPOCH_MILLIS;
    static final String ACCEPTED = "a java.time pattern (e.g. yyyy-MM-dd HH:mm:ss, dd/MM/yyyy HH:mm, yyyyMMdd), "
            + CsvMapping.ISO + " (2011-12-09, 2011-12-09T12:50:00, 2011-12-09 12:50:00+01:00), "
            + EPOCH_SECONDS + " or " + EPOCH_MILLIS;

    private final String description;

    private EventTimeFormat(String description) {
        this.description = description;
    }

    /** @throws IllegalArgumentException naming {@code --time-format} and the accepted forms */
    static EventTimeFormat of(String spec, ZoneId zone) {
        if (spec.equalsIgnoreCase(EPOCH_SECONDS)) {
            return new Epoch(EPOCH_SECONDS + ": seconds since 1970-01-01T00:00Z", 1000);
        }
        if (spec.equalsIgnoreCase(EPOCH_MILLIS)) {
            return new Epoch(EPOCH_MILLIS + ": milliseconds since 1970-01-01T00:00Z", 1);
        }
        if (spec.equalsIgnoreCase(CsvMapping.ISO)) {
            return new Text("an ISO date or date-time", iso(), zone);
        }
        DateTimeFormatter formatter;
        try {
            formatter = new DateTimeFormatterBuilder().parseCaseInsensitive().appendPattern(spec).toFormatter(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            throw invalid(spec, e.getMessage());
        }
        requireDate(spec, formatter);
        return new Text(spec, formatter, zone);
    }

    /** The (trimmed) text as epoch milliseconds. @throws DateTimeException when it does not fit the format */
    abstract long toEpochMilli(String text);

    /** What the column must hold, for messages: the pattern itself, or a description of ISO / epoch. */
    final String description() {
        return description;
    }

    private static IllegalArgumentException invalid(String spec, String why) {
        return new IllegalArgumentException("--time-format '" + spec + "' is not usable (" + why + "); give " + ACCEPTED);
    }

    /**
     * A pattern that cannot give a date (e.g. {@code HH:mm}, {@code yyyy}) would reject every row; found
     * up front by parsing back a formatted sample.
     */
    private static void requireDate(String spec, DateTimeFormatter formatter) {
        TemporalAccessor sample;
        try {
            sample = formatter.parse(formatter.format(ZonedDateTime.of(2011, 12, 9, 12, 50, 0, 0, ZoneOffset.UTC)));
        } catch (DateTimeException e) {
            return; // patterns that do not round-trip (rare: some zone names) are judged by the rows
        }
        if (sample.query(TemporalQueries.localDate()) == null) {
            throw invalid(spec, "it has no full date: year, month and day");
        }
    }

    /** ISO-8601 date, optionally with a time of day after {@code T} or a space, an offset and a zone. */
    private static DateTimeFormatter iso() {
        return new DateTimeFormatterBuilder()
                .parseCaseInsensitive()
                .append(DateTimeFormatter.ISO_LOCAL_DATE)
                .optionalStart().appendLiteral('T').append(DateTimeFormatter.ISO_LOCAL_TIME).optionalEnd()
                .optionalStart().appendLiteral(' ').append(DateTimeFormatter.ISO_LOCAL_TIME).optionalEnd()
                .optionalStart().appendOffset("+HHMM", "Z").optionalEnd() // basic form first: lenient +HH:MM would stop at +01 of +0100
                .optionalStart().parseLenient().appendOffsetId().parseStrict().optionalEnd()
                .optionalStart().appendLiteral('[').parseCaseSensitive().appendZoneRegionId().appendLiteral(']').optionalEnd()
                .toFormatter(Locale.ROOT);
    }

    /** A date (and maybe a time, offset, zone) parsed by a formatter. */
    private static final class Text extends EventTimeFormat {
        private final DateTimeFormatter formatter;
        private final ZoneId zone;
        /** The mapping's zone as a fixed offset when it has one (UTC): the instant is then plain arithmetic. */
        private final ZoneOffset fixedOffset;

        Text(String description, DateTimeFormatter formatter, ZoneId zone) {
            super(description);
            this.formatter = formatter;
            this.zone = zone;
            this.fixedOffset = zone.normalized() instanceof ZoneOffset offset ? offset : null;
        }

        @Override
        long toEpochMilli(String text) {
            TemporalAccessor parsed = formatter.parse(text);
            LocalDate date = parsed.query(TemporalQueries.localDate());
            if (date == null) {
                throw new DateTimeException("no date");
            }
            LocalTime time = parsed.query(TemporalQueries.localTime());
            if (time == null) {
                time = LocalTime.MIDNIGHT; // a date-only value is the start of its day
            }
            // the text's own offset, else its zone, else the mapping's zone
            ZoneOffset offset = parsed.query(TemporalQueries.offset());
            ZoneId textZone = offset == null ? parsed.query(TemporalQueries.zoneId()) : null;
            if (offset == null && textZone == null) {
                offset = fixedOffset;
            }
            if (offset != null) {
                long seconds = date.toEpochDay() * 86_400 + time.toSecondOfDay() - offset.getTotalSeconds();
                return seconds * 1000 + time.getNano() / 1_000_000;
            }
            return LocalDateTime.of(date, time).atZone(textZone != null ? textZone : zone).toInstant().toEpochMilli();
        }
    }

    /** A number of seconds or milliseconds since the epoch. */
    private static final class Epoch extends EventTimeFormat {
        private final long millisPerUnit;

        Epoch(String description, long millisPerUnit) {
            super(description);
            this.millisPerUnit = millisPerUnit;
        }

        @Override
        long toEpochMilli(String text) {
            try {
                if (text.indexOf('.') < 0 && text.indexOf('e') < 0 && text.indexOf('E') < 0) {
                    return Math.multiplyExact(Long.parseLong(text), millisPerUnit); // the common case, no BigDecimal
                }
                return new BigDecimal(text).multiply(BigDecimal.valueOf(millisPerUnit))
                        .setScale(0, RoundingMode.FLOOR).longValueExact();
            } catch (NumberFormatException | ArithmeticException e) {
                throw new DateTimeException("not a number of " + (millisPerUnit == 1 ? "milliseconds" : "seconds"), e);
            }
        }
    }
}
