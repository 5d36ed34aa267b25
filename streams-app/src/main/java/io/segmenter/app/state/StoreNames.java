package io.segmenter.app.state;

/** Names of the topology's state stores (read by the topology and by interactive queries). */
public final class StoreNames {

    /** customer id -> CustomerProfile. */
    public static final String PROFILES = "profile-store";
    /** customer id -> last SegmentAssignment (latest evaluation). */
    public static final String ASSIGNMENTS = "assignment-store";
    /** customer id -> the last few segment changes (bounded), for the API's segment history. */
    public static final String SEGMENT_HISTORY = "segment-history-store";
    /** Global: model name -> the latest valid SegmentModel of that name (scoring uses model.name). */
    public static final String MODELS = "segment-model-store";
    /** big-endian due time + customer id -> empty: customers by when they next need a look. */
    public static final String DUE_INDEX = "due-index-store";
    /** customer id -> the due time under which the customer sits in {@link #DUE_INDEX}. */
    public static final String DUE_BY_CUSTOMER = "due-by-customer-store";
    /** customer id + NUL + transaction id -> time first seen. */
    public static final String DEDUPE = "dedupe-store";
    /** big-endian expiry time + customer id + NUL + transaction id -> empty. */
    public static final String DEDUPE_EXPIRY = "dedupe-expiry-store";
    /** "stream-time" -> the largest event time this task has seen (the stream clock). */
    public static final String CLOCK = "clock-store";

    /** Name of the repartition topic (suffix) that re-keys transactions by customer id. */
    public static final String REPARTITION_BY_CUSTOMER = "transactions-by-customer";

    private StoreNames() {}
}
