package io.segmenter.app.state;

import io.segmenter.avro.SegmentAssignment;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A customer's last few segment changes, oldest first, bounded to {@link #LIMIT} entries; kept in
 * the customer's state record so the API can say what the previous segment was and when it changed.
 */
public record SegmentHistory(List<Change> changes) {

    public static final int LIMIT = 10;

    /** One assignment that changed the cluster segment or the RFM segment, at the clock time it was made. */
    public record Change(int segmentId, String segmentLabel, String rfmSegment, long modelVersion, long at) {

        static Change of(SegmentAssignment a) {
            return new Change(a.getSegmentId(), a.getSegmentLabel(), a.getRfmSegment(), a.getModelVersion(), a.getAssignedAt().toEpochMilli());
        }
    }

    public static final SegmentHistory EMPTY = new SegmentHistory(List.of());

    public SegmentHistory {
        changes = List.copyOf(changes);
    }

    /** This history with {@code a} appended when its segment or RFM segment differs from the last entry, bounded. */
    public SegmentHistory record(SegmentAssignment a) {
        Change next = Change.of(a);
        if (!changes.isEmpty()) {
            Change last = changes.getLast();
            if (last.segmentId() == next.segmentId() && Objects.equals(last.rfmSegment(), next.rfmSegment())) {
                return this;
            }
        }
        List<Change> out = new ArrayList<>(changes);
        out.add(next);
        while (out.size() > LIMIT) {
            out.removeFirst();
        }
        return new SegmentHistory(out);
    }

    /** The latest entry whose cluster segment differs from the current one: the previous segment. */
    public Change previousSegment() {
        if (changes.isEmpty()) {
            return null;
        }
        int current = changes.getLast().segmentId();
        for (int i = changes.size() - 2; i >= 0; i--) {
            if (changes.get(i).segmentId() != current) {
                return changes.get(i);
            }
        }
        return null;
    }

    /** When the customer entered the current cluster segment (as far as the bounded history knows), or null. */
    public Long currentSegmentSince() {
        if (changes.isEmpty()) {
            return null;
        }
        int current = changes.getLast().segmentId();
        long since = changes.getLast().at();
        for (int i = changes.size() - 1; i >= 0 && changes.get(i).segmentId() == current; i--) {
            since = changes.get(i).at();
        }
        return since;
    }
}
