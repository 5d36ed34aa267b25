package io.segmenter.trainer.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class TransitionsSinceTest {

    private static final long END = Instant.parse("2011-12-09T12:50:00Z").toEpochMilli();

    @Test
    void shouldCountADurationBackFromTheEnd() {
        assertEquals(Instant.parse("2011-09-10T12:50:00Z").toEpochMilli(), TransitionsSince.parse(TransitionsSince.DEFAULT).resolve(END));
        assertEquals(Instant.parse("2011-12-09T00:50:00Z").toEpochMilli(), TransitionsSince.parse("12h").resolve(END));
        assertEquals(Instant.parse("2011-12-02T12:50:00Z").toEpochMilli(), TransitionsSince.parse("P7D").resolve(END));
        assertEquals("90 days before the end", TransitionsSince.parse("90d").describe());
        assertEquals("PT12H before the end", TransitionsSince.parse("12h").describe());
    }

    @Test
    void shouldTakeADateAsItsStartInUtcAndAnInstantAsGiven() {
        assertEquals(Instant.parse("2011-09-01T00:00:00Z").toEpochMilli(), TransitionsSince.parse("2011-09-01").resolve(END));
        assertEquals(Instant.parse("2011-09-01T06:30:00Z").toEpochMilli(), TransitionsSince.parse("2011-09-01T06:30:00Z").resolve(END));
        assertEquals("as given", TransitionsSince.parse("2011-09-01").describe());
    }

    @Test
    void shouldTurnOff() {
        assertNull(TransitionsSince.parse("off"));
        assertNull(TransitionsSince.parse(" OFF "));
    }

    @Test
    void shouldSayWhichFormsItTakes() {
        for (String bad : new String[] {"yesterday", "90x", "-5d", "0d", "2011-13-01", "2011-09-01T25:00:00Z", ""}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TransitionsSince.parse(bad), bad);
            assertEquals("'" + bad + "' is not a date, an instant or a duration: use 2011-09-01, 2011-09-01T00:00:00Z, a duration back"
                    + " from the end such as 90d, 12h or P7D, or off", e.getMessage());
        }
    }
}
