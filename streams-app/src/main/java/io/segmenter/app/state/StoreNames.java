package io.segmenter.app.state;

/** Names of the topology's state stores (read by the topology and by interactive queries). */
public final class StoreNames {

    /** customer id -> {@link CustomerState} (profile, current assignment, due-index filing, transaction ids, segment history). */
    public static final String CUSTOMER_STATE = "customer-state-store";
    /** Global: model name -> the latest valid SegmentModel of that name (scoring uses model.name). */
    public static final String MODELS = "segment-model-store";
    /** big-endian due time + customer id -> empty: customers by when they next need a look. */
    public static final String DUE_INDEX = "due-index-store";
    /** {@link Keys#archive} -> sorted 64-bit fingerprints: a customer's older dedupe periods, moved out of the state record. */
    public static final String DEDUPE_ARCHIVE = "dedupe-archive-store";
    /** "stream-time" -> the largest event time this task has seen (the stream clock). */
    public static final String CLOCK = "clock-store";
    /** {@code outcome/reason} -> input records of this task with that outcome (see {@link OutcomeCounts}). */
    public static final String OUTCOMES = "outcome-count-store";

    /** Name of the repartition topic (suffix) that re-keys transactions by customer id. */
    public static final String REPARTITION_BY_CUSTOMER = "transactions-by-customer";
    /** Name of the repartition topic (suffix) for erasure requests written to another partition than their customer's. */
    public static final String REPARTITION_ERASURES = "erasures-by-customer";
    /** Repartition topic of customer-attributes records not on their customer's partition. */
    public static final String REPARTITION_ATTRIBUTES = "attributes-by-customer";

    private StoreNames() {}
}
