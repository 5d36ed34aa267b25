package io.segmenter.app.process;

import io.segmenter.avro.CustomerProfile;
import io.segmenter.avro.SegmentAssignment;

/** Output of the per-customer processor: a profile or an assignment (null value = tombstone), split to its topic. */
public record Emission(Target target, Object value) {

    public enum Target { PROFILE, SEGMENT }

    public static Emission profile(CustomerProfile p) {
        return new Emission(Target.PROFILE, p);
    }

    public static Emission segment(SegmentAssignment a) {
        return new Emission(Target.SEGMENT, a);
    }

    public CustomerProfile asProfile() {
        return (CustomerProfile) value;
    }

    public SegmentAssignment asSegment() {
        return (SegmentAssignment) value;
    }
}
