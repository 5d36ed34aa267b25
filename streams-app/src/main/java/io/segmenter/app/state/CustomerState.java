package io.segmenter.app.state;

import io.segmenter.avro.CustomerProfile;
import io.segmenter.avro.SegmentAssignment;
import java.util.Arrays;
import java.util.List;

/**
 * Everything the app keeps for one customer, in one record of {@link StoreNames#CUSTOMER_STATE}: the
 * profile (with the customer's attributes), the current assignment of every model that scored it, the time
 * under which the customer is filed in the due index, the transaction ids applied and the last few segment
 * changes of the primary model. One transaction costs one (cached) write of this record.
 */
public final class CustomerState {

    /** No due-index entry filed. */
    public static final long NOT_FILED = Long.MAX_VALUE;

    private CustomerProfile profile;
    private static final SegmentAssignment[] NONE = new SegmentAssignment[0];

    private SegmentAssignment[] assignments; // one per model name, few: a scan beats a map
    private long filedDue;
    private final IdFingerprints ids;
    private SegmentHistory history;

    public CustomerState(CustomerProfile profile, List<SegmentAssignment> assignments, long filedDue, IdFingerprints ids, SegmentHistory history) {
        this.profile = profile;
        this.assignments = assignments.toArray(NONE);
        this.filedDue = filedDue;
        this.ids = ids;
        this.history = history;
    }

    public static CustomerState of(CustomerProfile profile) {
        return new CustomerState(profile, List.of(), NOT_FILED, new IdFingerprints(), SegmentHistory.EMPTY);
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

    /** The current assignment by model {@code name}, or null when that model has not scored the customer. */
    public SegmentAssignment assignment(String name) {
        for (SegmentAssignment a : assignments) {
            if (a.getModelName().equals(name)) {
                return a;
            }
        }
        return null;
    }

    /** Every model's current assignment, in the order they were first made. */
    public List<SegmentAssignment> assignments() {
        return Arrays.asList(assignments);
    }

    /** Makes {@code a} the current assignment of its model. */
    public void assignment(SegmentAssignment a) {
        for (int i = 0; i < assignments.length; i++) {
            if (assignments[i].getModelName().equals(a.getModelName())) {
                assignments[i] = a;
                return;
            }
        }
        assignments = Arrays.copyOf(assignments, assignments.length + 1);
        assignments[assignments.length - 1] = a;
    }

    /** Drops model {@code name}'s assignment; true when there was one. */
    public boolean removeAssignment(String name) {
        for (int i = 0; i < assignments.length; i++) {
            if (assignments[i].getModelName().equals(name)) {
                SegmentAssignment[] rest = new SegmentAssignment[assignments.length - 1];
                System.arraycopy(assignments, 0, rest, 0, i);
                System.arraycopy(assignments, i + 1, rest, i, rest.length - i);
                assignments = rest;
                return true;
            }
        }
        return false;
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
