package io.segmenter.csv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class EventTimeFormatTest {

    private static final ZoneId UTC = ZoneId.of("UTC");
    private static final ZoneId PARIS = ZoneId.of("Europe/Paris");

    private static Instant parse(String format, ZoneId zone, String text) {
        return Instant.ofEpochMilli(EventTimeFormat.of(format, zone).toEpochMilli(text));
    }

    @Test
    void shouldReadADateOnlyPatternAsTheStartOfTheDayInTheMappingZone() {
        assertEquals(Instant.parse("2011-12-09T00:00:00Z"), parse("yyyyMMdd", UTC, "20111209"));
        assertEquals(Instant.parse("2011-12-08T23:00:00Z"), parse("yyyyMMdd", PARIS, "20111209"));
        assertEquals(Instant.parse("2011-12-09T00:00:00Z"), parse("dd.MM.yyyy", UTC, "09.12.2011"));
    }

    @Test
    void shouldReadADayFirstDateTimePattern() {
        assertEquals(Instant.parse("2011-12-09T12:50:00Z"), parse("dd/MM/yyyy HH:mm", UTC, "09/12/2011 12:50"));
        assertEquals(Instant.parse("2011-12-09T11:50:00Z"), parse("dd/MM/yyyy HH:mm", PARIS, "09/12/2011 12:50"));
    }

    @Test
    void shouldReadEnglishNamesAndHalfDayHoursCaseInsensitively() {
        assertEquals(Instant.parse("2011-12-09T00:00:00Z"), parse("dd-MMM-yyyy", UTC, "09-dec-2011"));
        assertEquals(Instant.parse("2011-12-09T13:50:00Z"), parse("MM/dd/yyyy hh:mm a", UTC, "12/09/2011 01:50 PM"));
    }

    @Test
    void shouldLetAnOffsetOrZoneInThePatternWinOverTheMappingZone() {
        assertEquals(Instant.parse("2011-12-09T11:50:00Z"), parse("yyyy-MM-dd HH:mm xx", UTC, "2011-12-09 12:50 +0100"));
        assertEquals(Instant.parse("2011-07-01T08:00:00Z"), parse("yyyy-MM-dd HH:mm VV", UTC, "2011-07-01 10:00 Europe/Paris"));
    }

    @Test
    void shouldReadIsoDatesAsTheStartOfTheDay() {
        assertEquals(Instant.parse("2011-12-09T00:00:00Z"), parse(CsvMapping.ISO, UTC, "2011-12-09"));
        assertEquals(Instant.parse("2011-12-08T23:00:00Z"), parse("iso", PARIS, "2011-12-09"));
    }

    @Test
    void shouldReadIsoLocalDateTimesWithATOrASpaceInTheMappingZone() {
        assertEquals(Instant.parse("2011-12-09T12:50:00Z"), parse(CsvMapping.ISO, UTC, "2011-12-09T12:50:00"));
        assertEquals(Instant.parse("2011-12-09T12:50:00Z"), parse(CsvMapping.ISO, UTC, "2011-12-09 12:50"));
        assertEquals(Instant.parse("2011-12-09T11:50:00.250Z"), parse(CsvMapping.ISO, PARIS, "2011-12-09T12:50:00.25"));
    }

    @Test
    void shouldReadIsoOffsetDateTimesAndInstantsWhateverTheMappingZone() {
        assertEquals(Instant.parse("2011-12-09T12:50:00Z"), parse(CsvMapping.ISO, PARIS, "2011-12-09T12:50:00Z"));
        assertEquals(Instant.parse("2011-12-09T11:50:00Z"), parse(CsvMapping.ISO, UTC, "2011-12-09T12:50:00+01:00"));
        assertEquals(Instant.parse("2011-12-09T11:50:00Z"), parse(CsvMapping.ISO, UTC, "2011-12-09 12:50:00+0100"));
        assertEquals(Instant.parse("2011-12-09T17:50:00Z"), parse(CsvMapping.ISO, UTC, "2011-12-09T12:50-05"));
        assertEquals(Instant.parse("2011-07-01T08:00:00Z"), parse(CsvMapping.ISO, UTC, "2011-07-01T10:00:00[Europe/Paris]"));
    }

    @Test
    void shouldReadEpochSecondsWithDecimals() {
        assertEquals(Instant.ofEpochSecond(1_323_435_000), parse(CsvMapping.EPOCH_SECONDS, PARIS, "1323435000"));
        assertEquals(Instant.ofEpochMilli(1_323_435_000_500L), parse(CsvMapping.EPOCH_SECONDS, UTC, "1323435000.5"));
        assertEquals(Instant.ofEpochMilli(1_323_435_000_123L), parse("EPOCH-S", UTC, "1323435000.1239"));
    }

    @Test
    void shouldReadEpochMilliseconds() {
        assertEquals(Instant.ofEpochMilli(1_323_435_000_123L), parse(CsvMapping.EPOCH_MILLIS, PARIS, "1323435000123"));
        assertEquals(Instant.ofEpochMilli(-1), parse(CsvMapping.EPOCH_MILLIS, UTC, "-1"));
    }

    @Test
    void shouldRefuseTextThatDoesNotFitTheFormat() {
        assertThrows(DateTimeException.class, () -> parse("yyyyMMdd", UTC, "2011-12-09"));
        assertThrows(DateTimeException.class, () -> parse(CsvMapping.ISO, UTC, "09/12/2011"));
        assertThrows(DateTimeException.class, () -> parse(CsvMapping.EPOCH_SECONDS, UTC, "2011-12-09"));
        assertThrows(DateTimeException.class, () -> parse(CsvMapping.EPOCH_MILLIS, UTC, "99999999999999999999"));
    }

    @Test
    void shouldRefuseABadPatternNamingTheFlagAndTheAcceptedForms() {
        for (String bad : new String[] {"yyyy-MM-dd bb", "HH:mm", "yyyy", "{date}"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> EventTimeFormat.of(bad, UTC), bad);
            assertTrue(e.getMessage().startsWith("--time-format '" + bad + "' is not usable ("), e.getMessage());
            for (String form : new String[] {"yyyyMMdd", "ISO", "epoch-s", "epoch-ms"}) {
                assertTrue(e.getMessage().contains(form), e.getMessage());
            }
            assertEquals(1, e.getMessage().lines().count());
        }
    }
}
