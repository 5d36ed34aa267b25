package io.segmenter.app.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.segmenter.app.health.Readiness.Cause;
import io.segmenter.app.health.Readiness.TaskOffsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReadinessTest {

    private static final long MIN = 60_000;
    private final Readiness readiness = new Readiness(3, Duration.ofMinutes(10), Duration.ofMinutes(5));

    private List<Cause> causes(long now) {
        return readiness.reasons(true, "RUNNING", true, now).stream().map(Readiness.Reason::cause).toList();
    }

    private static TaskOffsets task(String id, long committed, long end) {
        return new TaskOffsets(id, Map.of("transactions-0", committed), Map.of("transactions-0", end));
    }

    @Test
    void readyWhenRunningWithAModelAndNothingElseHolds() {
        assertEquals(List.of(), causes(0));
        assertEquals(List.of(Cause.STATE, Cause.MODEL),
                readiness.reasons(false, "REBALANCING", false, 0).stream().map(Readiness.Reason::cause).toList());
    }

    @Test
    void moreReplacementsThanAllowedInTheWindowIsNotReadyUntilTheyAgeOut() {
        readiness.sample(List.of(task("0_0", 10, 10)), 0);
        for (int i = 0; i < 4; i++) {
            readiness.threadDied(new IllegalStateException("boom", new RuntimeException("root cause")), i * MIN);
            readiness.sample(List.of(task("0_0", 10, 10)), i * MIN + 1); // no lag: the replacement is fine each time
        }
        List<Readiness.Reason> reasons = readiness.reasons(true, "RUNNING", true, 4 * MIN);
        assertEquals(List.of(Cause.THREAD_REPLACEMENTS), reasons.stream().map(Readiness.Reason::cause).toList());
        assertTrue(reasons.getFirst().message().contains("4 times") && reasons.getFirst().message().contains("root cause"),
                reasons.getFirst().message());
        assertEquals(List.of(), causes(11 * MIN), "the first death left the window");
    }

    @Test
    void aDeathWithInputWaitingIsNotReadyUntilTheReplacementCommits() {
        readiness.sample(List.of(task("0_0", 10, 50)), 0);
        readiness.threadDied(new RuntimeException("producer in error state"), 1_000);
        readiness.sample(List.of(task("0_0", 10, 60)), 2_000);
        assertEquals(List.of(Cause.THREAD_DIED), causes(2_500));
        readiness.sample(List.of(task("0_0", 30, 60)), 3_000);
        assertEquals(List.of(), causes(3_500));
    }

    @Test
    void aTaskWhoseCommitsStallWhileInputWaitsIsStuck() {
        readiness.sample(List.of(task("0_0", 10, 50), task("0_1", 5, 5)), 0);
        readiness.sample(List.of(task("0_0", 10, 80), task("0_1", 5, 5)), 4 * MIN);
        assertEquals(List.of(), causes(4 * MIN), "not yet: under readiness.stuck.ms");
        readiness.sample(List.of(task("0_0", 10, 90), task("0_1", 5, 5)), 5 * MIN);
        List<Readiness.Reason> reasons = readiness.reasons(true, "RUNNING", true, 5 * MIN);
        assertEquals(List.of(Cause.STUCK_TASK), reasons.stream().map(Readiness.Reason::cause).toList());
        assertTrue(reasons.getFirst().message().contains("task 0_0") && reasons.getFirst().message().contains("80 input records"),
                reasons.getFirst().message());
        readiness.sample(List.of(task("0_0", 40, 90), task("0_1", 5, 5)), 6 * MIN);
        assertEquals(List.of(), causes(6 * MIN));
    }

    @Test
    void anIdleTaskWithNothingWaitingIsNeverStuck() {
        readiness.sample(List.of(task("0_0", 10, 10)), 0);
        readiness.sample(List.of(task("0_0", 10, 10)), 60 * MIN);
        assertEquals(List.of(), causes(60 * MIN));
    }
}
