package io.segmenter.trainer.report;

import java.util.Map;

/**
 * The revenue and transitions sections of one report, or the line saying why it has none.
 *
 * @param revenue per segment; null when the input has no transactions
 * @param revenueBasis which spend the revenue sums, for the reader
 * @param transitions null when off or when the input has no transactions
 * @param sinceRule how the transitions' instant was given, for the reader
 * @param note why a section is missing, one line; null when nothing is
 */
public record RevenueSections(SegmentRevenue revenue, String revenueBasis, SegmentTransitions transitions, String sinceRule,
        String note) {

    public static RevenueSections none(String note) {
        return new RevenueSections(null, null, null, null, note);
    }

    /** Adds the JSON report's {@code revenue} and {@code transitions} keys, for the sections there are. */
    public void addTo(Map<String, Object> report) {
        if (revenue != null) {
            report.put("revenue", revenue.toJson(revenueBasis));
        }
        if (transitions != null) {
            report.put("transitions", transitions.toJson(sinceRule));
        }
    }
}
