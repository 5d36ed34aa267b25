package io.segmenter.app.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.segmenter.app.Fixtures;
import io.segmenter.app.state.CustomerState;
import io.segmenter.avro.CustomerProfile;
import io.segmenter.avro.EmitReason;
import io.segmenter.avro.SegmentAssignment;
import io.segmenter.model.ProfileFolder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Customers per segment and attribute value: one instance's counts, and the sum over instances with the top values. */
class SegmentBreakdownTest {

    private static CustomerState customer(String id, int segment, String rfmSegment, Map<String, String> categories, Map<String, Double> numbers) {
        CustomerProfile p = new ProfileFolder(0, 30, "GBP").empty(id, 0);
        p.setCategoricalAttributes(new HashMap<>(categories));
        p.setNumericAttributes(new HashMap<>(numbers));
        CustomerState s = CustomerState.of(p);
        s.assignment(SegmentAssignment.newBuilder()
                .setCustomerId(id).setSegmentId(segment).setSegmentLabel(segment == 1 ? "Active" : "Lapsed").setPreviousSegmentId(null)
                .setModelName("rfm").setModelVersion(1).setFeatures(Map.of()).setDistance(0).setMargin(0)
                .setRecencyScore(1).setFrequencyScore(1).setMonetaryScore(1).setRfmClass("111").setRfmSegment(rfmSegment)
                .setPreviousRfmSegment(null).setAssignedAt(Instant.EPOCH).setSourceEventTime(null).setReason(EmitReason.NEW_EVENT).build());
        return s;
    }

    @Test
    void shouldCountEachSegmentByAttributeValueWithMissingAndNumbers() {
        SegmentBreakdown.Local local = new SegmentBreakdown.Local("rfm", SegmentBreakdown.attribute("Profession"));
        local.add(customer("c1", 1, "Top", Map.of("Profession", "Doctor"), Map.of()));
        local.add(customer("c2", 1, "Top", Map.of("Profession", "Doctor"), Map.of()));
        local.add(customer("c3", 2, "Fading", Map.of(), Map.of()));
        local.add(customer("c4", 2, "Fading", Map.of(), Map.of("Profession", 3.0)));
        local.add(CustomerState.of(new ProfileFolder(0, 30, "GBP").empty("c5", 0))); // not scored: not counted
        Views.Breakdown b = SegmentBreakdown.merge(Fixtures.model(1), "Profession", List.of(local.finish()));
        assertEquals(List.of("Doctor", "(missing)", "3"), b.values());
        assertEquals(Map.of("Doctor", 2L, "(missing)", 0L, "3", 0L), b.segments().get(0).counts());
        assertEquals(Map.of("Doctor", 0L, "(missing)", 1L, "3", 1L), b.segments().get(1).counts());
        assertEquals(4, b.customers());
        assertFalse(b.approximate());

        SegmentBreakdown.Local rfm = new SegmentBreakdown.Local("rfm", SegmentBreakdown.rfmSegment("rfm"));
        rfm.add(customer("c1", 1, "Top", Map.of(), Map.of()));
        rfm.add(customer("c2", 2, "", Map.of(), Map.of()));
        assertEquals(List.of("(missing)", "Top"), SegmentBreakdown.merge(Fixtures.model(1), "rfmSegment", List.of(rfm.finish())).values());
    }

    @Test
    void shouldSumInstancesAndKeepTheTopTwentyValuesWithTheRestAsOther() {
        List<Views.BreakdownCell> a = new ArrayList<>();
        List<Views.BreakdownCell> b = new ArrayList<>();
        for (int v = 0; v < 25; v++) { // value v0 has 25 customers, ... v24 has 1, split over two instances and both segments
            a.add(new Views.BreakdownCell(1, "Active", "v" + v, 25 - v));
            b.add(new Views.BreakdownCell(2, "Lapsed", "v" + v, 1));
        }
        b.add(new Views.BreakdownCell(2, "Lapsed", "(other)", 7)); // an instance's own tail
        Views.Breakdown merged = SegmentBreakdown.merge(Fixtures.model(1), "Country",
                List.of(new Views.LocalBreakdown(a, false), new Views.LocalBreakdown(b, true)));
        assertEquals(21, merged.values().size());
        assertEquals("v0", merged.values().getFirst());
        assertEquals("(other)", merged.values().getLast());
        Map<String, Long> lapsed = merged.segments().get(1).counts();
        assertEquals(5 + 7, lapsed.get("(other)"), "v20..v24 and the instance's own other");
        long otherActive = 5 + 4 + 3 + 2 + 1;
        assertEquals(otherActive, merged.segments().get(0).counts().get("(other)"));
        assertEquals(otherActive + 5 + 7, merged.totals().get("(other)"));
        assertEquals(26, merged.totals().get("v0"));
        assertTrue(merged.approximate());
        assertEquals(2, merged.instances());
        LinkedHashMap<String, Long> sum = new LinkedHashMap<>();
        merged.segments().forEach(s -> s.counts().forEach((k, n) -> sum.merge(k, n, Long::sum)));
        assertEquals(merged.totals(), sum);
        assertEquals(merged.customers(), merged.segments().stream().mapToLong(Views.BreakdownSegment::customers).sum());
    }
}
