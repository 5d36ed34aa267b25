package io.segmenter.app.state;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class IdFingerprintsTest {

    @Test
    void shouldGiveAMillionDistinctIdsDistinctFingerprints() {
        // the documented false-duplicate rate is n^2 / 2^65, about 3e-8 here: any collision means a broken fingerprint
        Set<Long> seen = new HashSet<>(2_000_000);
        for (int i = 0; i < 1_000_000; i++) {
            assertTrue(seen.add(IdFingerprints.of("581475-" + i)), "collision at id " + i);
        }
        assertEquals(IdFingerprints.of("581475-7"), IdFingerprints.of("581475-7"), "stable");
    }

    @Test
    void shouldFindIdsInAnyInlinePeriodAndKeepEachPeriodSorted() {
        IdFingerprints ids = new IdFingerprints();
        ids.add(5, 30);
        ids.add(3, 10);
        ids.add(5, 20);
        ids.add(5, 20); // again: no-op
        assertEquals(3, ids.inlineCount());
        assertArrayEquals(new int[] {3, 5}, ids.periods());
        assertArrayEquals(new long[] {20, 30}, ids.ids()[1]);
        assertTrue(ids.containsInline(10));
        assertTrue(ids.containsInline(30));
        assertFalse(ids.containsInline(40));
    }

    @Test
    void shouldMoveTheOldestPeriodToTheArchiveAndForgetPeriodsBeforeARetention() {
        IdFingerprints ids = new IdFingerprints();
        ids.add(1, 7);
        ids.add(2, 8);
        ids.add(4, 9);
        assertArrayEquals(new long[] {7}, ids.moveOldestToArchive());
        assertTrue(ids.isArchived(1));
        assertFalse(ids.containsInline(7));
        assertEquals(2, ids.inlineCount());
        assertArrayEquals(new int[] {1}, ids.forgetBefore(3), "archived periods before 3 are returned for deletion");
        assertArrayEquals(new int[] {4}, ids.periods());
        assertFalse(ids.isArchived(1));
        assertEquals(1, ids.inlineCount());
    }

    @Test
    void shouldMergeAndInsertSortedFingerprints() {
        assertArrayEquals(new long[] {-5, 1, 2, 3, 9}, IdFingerprints.merge(new long[] {-5, 2, 9}, new long[] {1, 2, 3}));
        assertArrayEquals(new long[] {1, 4, 6}, IdFingerprints.insert(new long[] {1, 6}, 4));
        assertNull(IdFingerprints.insert(new long[] {1, 6}, 6));
    }

    @Test
    void shouldPlaceEventTimesInFixed28DayPeriods() {
        assertEquals(0, IdFingerprints.period(0));
        assertEquals(0, IdFingerprints.period(IdFingerprints.PERIOD_MILLIS - 1));
        assertEquals(1, IdFingerprints.period(IdFingerprints.PERIOD_MILLIS));
        assertEquals(-1, IdFingerprints.period(-1));
    }

    @Test
    void shouldKeepEveryIdOfPeriodsThatGrowPastTheirSpareRoom() {
        IdFingerprints ids = new IdFingerprints();
        TreeMap<Integer, TreeSet<Long>> expected = new TreeMap<>();
        Random random = new Random(7);
        for (int i = 0; i < 2_000; i++) {
            int period = 100 + random.nextInt(5);
            long fingerprint = random.nextLong(500); // repeats: re-adding one is a no-op
            ids.add(period, fingerprint);
            expected.computeIfAbsent(period, p -> new TreeSet<>()).add(fingerprint);
        }
        assertEquals(expected.values().stream().mapToInt(Set::size).sum(), ids.inlineCount());
        int i = 0;
        for (var e : expected.entrySet()) {
            assertEquals(e.getKey(), ids.periods()[i]);
            assertArrayEquals(e.getValue().stream().mapToLong(Long::longValue).toArray(), ids.ids()[i], "period " + e.getKey());
            i++;
        }
        for (long f = 0; f < 500; f++) {
            final long fp = f;
            assertEquals(expected.values().stream().anyMatch(set -> set.contains(fp)), ids.containsInline(f), "fingerprint " + f);
        }
        long[] moved = ids.moveOldestToArchive();
        assertArrayEquals(expected.firstEntry().getValue().stream().mapToLong(Long::longValue).toArray(), moved);
        assertEquals(expected.values().stream().mapToInt(Set::size).sum() - moved.length, ids.inlineCount());
    }
}
