package io.segmenter.app.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.segmenter.app.state.CustomerState;
import io.segmenter.avro.CustomerProfile;
import io.segmenter.avro.EmitReason;
import io.segmenter.avro.SegmentAssignment;
import io.segmenter.model.ProfileFolder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.Test;

/** Paging a segment's members by id: each instance's walk from the cursor, and the merge of the instances' pages. */
class SegmentMembersTest {

    private static final Views.ModelRef MODEL = new Views.ModelRef("demographic", 1);
    private static final Views.Segment SEGMENT = new Views.Segment(1, "Young men");

    private static CustomerState state(String id, int segment) {
        CustomerProfile p = new ProfileFolder(0, 30, "GBP").empty(id, 0);
        p.setCategoricalAttributes(new java.util.HashMap<>(Map.of("Gender", segment == 1 ? "Male" : "Female")));
        CustomerState s = CustomerState.of(p);
        s.assignment(SegmentAssignment.newBuilder()
                .setCustomerId(id).setSegmentId(segment).setSegmentLabel(segment == 1 ? "Young men" : "Older women").setPreviousSegmentId(null)
                .setModelName("demographic").setModelVersion(1).setFeatures(Map.of("Age", 30.0)).setDistance(0.5).setMargin(0.25)
                .setRecencyScore(0).setFrequencyScore(0).setMonetaryScore(0).setRfmClass("").setRfmSegment("")
                .setPreviousRfmSegment(null).setAssignedAt(Instant.EPOCH).setSourceEventTime(null).setReason(EmitReason.NEW_EVENT).build());
        return s;
    }

    /** One partition's store: ids in key order, members of segment 1 when {@code inOne} says so. */
    private static TreeMap<String, CustomerState> store(String... idsInSegmentOne) {
        TreeMap<String, CustomerState> t = new TreeMap<>(SegmentMembers.ID_ORDER);
        for (String id : idsInSegmentOne) {
            t.put(id, state(id, id.startsWith("x") ? 2 : 1));
        }
        return t;
    }

    private static Iterator<KeyValue<String, CustomerState>> from(TreeMap<String, CustomerState> store, String after) {
        List<KeyValue<String, CustomerState>> out = new ArrayList<>();
        (after == null ? store : store.tailMap(after, true)).forEach((k, v) -> out.add(KeyValue.pair(k, v)));
        return out.iterator();
    }

    private static Views.LocalMembers local(List<TreeMap<String, CustomerState>> partitions, String after, int limit, int scanLimit) {
        return SegmentMembers.collect(SegmentMembers.merged(partitions.stream().map(p -> from(p, after)).toList()), "demographic", "rfm",
                1, after, limit, scanLimit);
    }

    private static List<String> ids(List<Views.Member> members) {
        return members.stream().map(Views.Member::customerId).toList();
    }

    @Test
    void shouldWalkThePartitionsInIdOrderFromTheCursor() {
        List<TreeMap<String, CustomerState>> partitions = List.of(store("a1", "a4", "x2", "a7"), store("a2", "a3", "x5", "a9"));
        Views.LocalMembers first = local(partitions, null, 3, 1000);
        assertEquals(List.of("a1", "a2", "a3"), ids(first.members()));
        assertEquals("a3", first.scannedTo());
        Views.LocalMembers second = local(partitions, "a3", 3, 1000);
        assertEquals(List.of("a4", "a7", "a9"), ids(second.members()), "after the cursor, not at it");
        assertEquals("a9", second.scannedTo(), "x2 and x5 are still to look at");
        Views.LocalMembers third = local(partitions, "a9", 3, 1000);
        assertTrue(third.members().isEmpty());
        assertNull(third.scannedTo(), "every customer examined: the walk is done");
        Views.Member m = second.members().getFirst();
        assertEquals(0.5, m.distance());
        assertEquals("Male", m.attributes().get("Gender"));
        assertNull(m.recencyDays(), "no R/F/M features in either model's assignment");
    }

    @Test
    void shouldStopAtTheScanLimitAndSayHowFarItLooked() {
        List<TreeMap<String, CustomerState>> partitions = List.of(store("x1", "x2", "x3", "y4"), store("x5", "y6"));
        Views.LocalMembers page = local(partitions, null, 10, 3);
        assertTrue(page.members().isEmpty());
        assertEquals("x3", page.scannedTo());
        Views.LocalMembers rest = local(partitions, "x3", 10, 3);
        assertEquals(List.of("y4", "y6"), ids(rest.members()));
        assertNull(rest.scannedTo());
    }

    @Test
    void shouldOrderIdsByCodePointLikeTheirUtf8Bytes() {
        String supplementary = new String(Character.toChars(0x1F600)); // a surrogate pair, which String.compareTo puts before U+FFFD
        assertTrue(SegmentMembers.ID_ORDER.compare("\uFFFD", supplementary) < 0);
        assertTrue(SegmentMembers.ID_ORDER.compare("ab", "abc") < 0);
        assertEquals(0, SegmentMembers.ID_ORDER.compare("ab", "ab"));
    }

    private static Views.Member member(String id) {
        return new Views.Member(id, SEGMENT, 0, 0, null, null, null, null, Map.of());
    }

    private static Views.LocalMembers part(String scannedTo, String... ids) {
        return new Views.LocalMembers(java.util.Arrays.stream(ids).map(SegmentMembersTest::member).toList(), scannedTo);
    }

    @Test
    void shouldMergeInstancesUpToWhatEveryOneExamined() {
        // A found its 3 by a5; B scanned only up to a4 (its scan limit) and found a2: beyond a4 nothing is known of B
        Views.Members page = SegmentMembers.merge(MODEL, SEGMENT, null, 2, List.of(part("a5", "a1", "a3", "a5"), part("a4", "a2")));
        assertEquals(List.of("a1", "a2"), ids(page.customers()));
        assertEquals("a2", page.next(), "more than the limit known: the cursor is the last one shown");
        assertEquals(2, page.instances());

        Views.Members shortPage = SegmentMembers.merge(MODEL, SEGMENT, null, 5, List.of(part("a5", "a1", "a3", "a5"), part("a4", "a2")));
        assertEquals(List.of("a1", "a2", "a3"), ids(shortPage.customers()), "a5 waits until B has looked past a4");
        assertEquals("a4", shortPage.next());

        Views.Members last = SegmentMembers.merge(MODEL, SEGMENT, "a4", 5, List.of(part(null, "a5"), part(null, "a6")));
        assertEquals(List.of("a5", "a6"), ids(last.customers()));
        assertNull(last.next(), "every instance done: the end");
        assertEquals("a4", last.after());

        Views.Members exact = SegmentMembers.merge(MODEL, SEGMENT, null, 2, List.of(part(null, "a5"), part(null, "a6")));
        assertNull(exact.next(), "exactly the limit and every instance done");
    }
}
