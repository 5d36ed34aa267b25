package io.segmenter.cli.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class PacingTest {

    @Test
    void shouldSpaceEventsEvenlyAtAFixedRate() {
        assertEquals(0, Pacing.rate(100).dueNanos(0, 999_999));
        assertEquals(1_500_000_000L, Pacing.rate(100).dueNanos(150, 0));
    }

    @Test
    void shouldCompressEventTimeBySpeedup() {
        // one day of event time at 86,400x is one second
        assertEquals(1_000_000_000L, Pacing.speedup(86_400).dueNanos(5, Duration.ofDays(1).toMillis()));
    }

    @Test
    void shouldSendEverythingAtOnceWhenUnlimited() {
        assertEquals(0, Pacing.unlimited().dueNanos(1_000_000, Duration.ofDays(365).toMillis()));
    }

    @Test
    void shouldRefuseRateAndSpeedupTogether() {
        assertThrows(IllegalArgumentException.class, () -> new Pacing(10, 2));
    }

    @Test
    void shouldRenderPercentRateAndEta() {
        String line = ProgressBar.render(new ReplayProgress(1000, 900, 250, 1000, Duration.ofSeconds(10)));
        assertEquals("[########                      ]  25.0%  1,000 sent  100/s  ETA 00:30", line);
    }

    @Test
    void shouldShowAnAttributesReplayAsRecordsOfTheCountedTotal() {
        String line = ProgressBar.render(ReplayProgress.ofRecords(750, 700, 1000, Duration.ofSeconds(3)));
        assertEquals("[#######################       ]  75.0%  750 sent  250/s  ETA 00:01", line);
    }
}
