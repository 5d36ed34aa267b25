package io.segmenter.app.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.segmenter.avro.EmitReason;
import io.segmenter.avro.SegmentAssignment;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SegmentHistoryTest {

    private static SegmentAssignment assignment(int segment, String label, String rfm, long at) {
        return SegmentAssignment.newBuilder()
                .setCustomerId("c1").setSegmentId(segment).setSegmentLabel(label).setPreviousSegmentId(null)
                .setModelName("rfm").setModelVersion(1).setFeatures(Map.of()).setDistance(0).setMargin(0)
                .setRecencyScore(1).setFrequencyScore(1).setMonetaryScore(1).setRfmClass("111").setRfmSegment(rfm)
                .setPreviousRfmSegment(null).setAssignedAt(Instant.ofEpochMilli(at)).setSourceEventTime(null)
                .setReason(EmitReason.NEW_EVENT).build();
    }

    @Test
    void shouldNameThePreviousSegmentAndWhenTheCurrentOneBegan() {
        SegmentHistory h = SegmentHistory.EMPTY
                .record(assignment(3, "Lapsed", "Fading", 100))
                .record(assignment(1, "Champions", "Active", 200))
                .record(assignment(1, "Champions", "Top tier", 300));
        assertEquals(3, h.changes().size());
        assertEquals(3, h.previousSegment().segmentId());
        assertEquals(100, h.previousSegment().at());
        assertEquals(200L, h.currentSegmentSince());
    }

    @Test
    void shouldIgnoreAnAssignmentThatChangesNothing() {
        SegmentHistory h = SegmentHistory.EMPTY.record(assignment(1, "Champions", "Active", 100));
        assertSame(h, h.record(assignment(1, "Champions", "Active", 900)));
        assertNull(h.previousSegment());
        assertEquals(100L, h.currentSegmentSince());
    }

    @Test
    void shouldKeepOnlyTheLatestChanges() {
        SegmentHistory h = SegmentHistory.EMPTY;
        for (int i = 0; i < 25; i++) {
            h = h.record(assignment(i % 2, "S" + (i % 2), "Active", i));
        }
        assertEquals(SegmentHistory.LIMIT, h.changes().size());
        assertEquals(24, h.changes().getLast().at());
        assertEquals(15, h.changes().getFirst().at());
    }
}
