package io.segmenter.app.state;

import io.segmenter.avro.CustomerProfile;
import io.segmenter.avro.SegmentAssignment;

/**
 * Everything the app keeps for one customer, in one record of {@link StoreNames#CUSTOMER_STATE}: the
 * profile, the current assignment (null until scored), the time under which the customer is filed in the
 * due index, the transaction ids applied and the last few segment changes. One transaction costs one (cached) write of this record.
 */
public final class CustomerState {

    /** No due-index entry filed. */
    public static final long NOT_FILED = Long.MAX_VALUE;

    private CustomerProfile profile;
    private SegmentAssignment assignment;
    private long filedDue;
    private final IdFingerprints ids;
    private SegmentHistory history;

    public CustomerState(CustomerProfile profile, SegmentAssignment assignment, long filedDue, IdFingerprints ids, SegmentHistory history) {
        this.profile = profile;
        this.assignment = assignment;
        this.filedDue = filedDue;
        this.ids = ids;
        this.history = history;
    }

    public static CustomerState of(CustomerProfile profile) {
        return new CustomerState(profile, null, NOT_FILED, new IdFingerprints(), SegmentHistory.EMPTY);
    }

    /** The last few segment changes (bounded), for the API. */
    public SegmentHistory history() {
        return history;
    }

    public void history(SegmentHistory h) {
        history = h;
    }

    public CustomerProfile profile() {
        return profile;
    }

    public void profile(CustomerProfile p) {
        profile = p;
    }

    public SegmentAssignment assignment() {
        return assignment;
    }

    public void assignment(SegmentAssignment a) {
        assignment = a;
    }

    /** The earliest time under which the customer sits in the due index (older, later entries may linger), or {@link #NOT_FILED}. */
    public long filedDue() {
        return filedDue;
    }

    public void filedDue(long due) {
        filedDue = due;
    }

    public IdFingerprints ids() {
        return ids;
    }
}
