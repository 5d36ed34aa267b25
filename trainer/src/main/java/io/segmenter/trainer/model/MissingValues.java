package io.segmenter.trainer.model;

/** What to do with a customer that has a missing (empty or non-numeric) feature value. */
public enum MissingValues {
    /** Replace each missing value with the median of its column (the default). */
    IMPUTE_MEDIAN,
    /** Drop every row with at least one missing value. */
    DROP_ROWS
}
