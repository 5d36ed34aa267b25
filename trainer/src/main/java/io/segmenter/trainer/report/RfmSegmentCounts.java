package io.segmenter.trainer.report;

import io.segmenter.avro.RfmCuts;
import io.segmenter.model.RfmScores;
import java.util.LinkedHashMap;
import java.util.Map;

/** Counts of customers by RFM score, from raw (recency, frequency, monetary) rows and the model's cut points. */
public final class RfmSegmentCounts {

    private RfmSegmentCounts() {}

    /**
     * The notebook's five named segments, which overlap: class 111, F score 1, M score 1, class 322, class 444.
     */
    public static Map<String, Long> notebook(double[][] rfm, RfmCuts cuts) {
        long top = 0;
        long loyal = 0;
        long spenders = 0;
        long returning = 0;
        long lost = 0;
        for (double[] row : rfm) {
            RfmScores s = RfmScores.of(cuts, row[0], row[1], row[2]);
            String cls = s.rfmClass();
            top += cls.equals("111") ? 1 : 0;
            loyal += s.frequency() == 1 ? 1 : 0;
            spenders += s.monetary() == 1 ? 1 : 0;
            returning += cls.equals("322") ? 1 : 0;
            lost += cls.equals("444") ? 1 : 0;
        }
        Map<String, Long> out = new LinkedHashMap<>();
        out.put(RfmScores.TOP_TIER, top);
        out.put(RfmScores.LOYAL, loyal);
        out.put(RfmScores.HIGH_SPENDERS, spenders);
        out.put(RfmScores.INACTIVE_RETURNING, returning);
        out.put(RfmScores.INACTIVE_LOST, lost);
        return out;
    }

    /** Exclusive counts by {@link RfmScores#segmentName()} (what streams-app assigns). */
    public static Map<String, Long> exclusive(double[][] rfm, RfmCuts cuts) {
        Map<String, Long> out = new LinkedHashMap<>();
        for (String name : new String[] {RfmScores.TOP_TIER, RfmScores.LOYAL, RfmScores.HIGH_SPENDERS,
            RfmScores.INACTIVE_RETURNING, RfmScores.INACTIVE_LOST, RfmScores.ACTIVE, RfmScores.FADING}) {
            out.put(name, 0L);
        }
        for (double[] row : rfm) {
            out.merge(RfmScores.of(cuts, row[0], row[1], row[2]).segmentName(), 1L, Long::sum);
        }
        return out;
    }
}
