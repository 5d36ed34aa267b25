package io.segmenter.trainer.report;

import io.segmenter.avro.Centroid;
import io.segmenter.avro.SegmentModel;
import io.segmenter.model.RfmFeatures;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Revenue and average order value per segment of an rfm model fitted on transactions (pure). A customer's
 * revenue is their monetary feature and their purchases their frequency feature: net spend (purchases minus
 * refunds) and invoices over the same horizon the features use, so the figures describe exactly what was
 * clustered. AOV = revenue / purchases.
 *
 * @param segments in the model's segment id order
 * @param total every clustered customer (id and label null)
 */
public record SegmentRevenue(List<Segment> segments, Segment total) {

    private static final int FREQUENCY = RfmFeatures.NAMES.indexOf(RfmFeatures.FREQUENCY);
    private static final int MONETARY = RfmFeatures.NAMES.indexOf(RfmFeatures.MONETARY);

    /** One segment's customers, purchases and revenue (major units of the reporting currency). */
    public record Segment(Integer id, String label, long customers, long purchases, double revenue) {

        /** Revenue per purchase; null when the customers made no purchase in the horizon. */
        public Double aov() {
            return purchases == 0 ? null : revenue / purchases;
        }
    }

    /**
     * @param segmentOfRow each row's segment id
     * @param rfmRows the clustered rows in original units, columns in {@link RfmFeatures#NAMES} order
     * @param currency the reporting currency the monetary feature is in
     */
    public static SegmentRevenue of(SegmentModel model, int[] segmentOfRow, double[][] rfmRows, String currency) {
        // monetary is minor units / 10^digits, so rounding recovers the exact minor units: sums without drift
        double minorPerMajor = Math.pow(10, RfmFeatures.fractionDigits(currency));
        List<Centroid> centroids = model.getCentroids();
        Map<Integer, Integer> indexOfId = new LinkedHashMap<>();
        for (int c = 0; c < centroids.size(); c++) {
            indexOfId.put(centroids.get(c).getSegmentId(), c);
        }
        long[] customers = new long[centroids.size()];
        long[] purchases = new long[centroids.size()];
        long[] revenueMinor = new long[centroids.size()];
        for (int i = 0; i < rfmRows.length; i++) {
            int c = indexOfId.get(segmentOfRow[i]);
            customers[c]++;
            purchases[c] += Math.round(rfmRows[i][FREQUENCY]);
            revenueMinor[c] += Math.round(rfmRows[i][MONETARY] * minorPerMajor);
        }
        List<Segment> segments = new ArrayList<>();
        long allPurchases = 0;
        long allRevenueMinor = 0;
        for (int c = 0; c < centroids.size(); c++) {
            segments.add(new Segment(centroids.get(c).getSegmentId(), centroids.get(c).getLabel(), customers[c], purchases[c],
                    RfmFeatures.toMajor(revenueMinor[c], currency)));
            allPurchases += purchases[c];
            allRevenueMinor += revenueMinor[c];
        }
        return new SegmentRevenue(List.copyOf(segments), new Segment(null, null, rfmRows.length, allPurchases,
                RfmFeatures.toMajor(allRevenueMinor, currency)));
    }

    /** The segment's share of the total revenue; null when the total is not positive (a share would mislead). */
    public Double share(Segment s) {
        return total.revenue() > 0 ? s.revenue() / total.revenue() : null;
    }

    /** @param basis which spend the figures sum, for the reader (e.g. the horizon and its end) */
    public Map<String, Object> toJson(String basis) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("basis", basis);
        out.put("segments", segments.stream().map(this::json).toList());
        out.put("total", json(total));
        return out;
    }

    private Map<String, Object> json(Segment s) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (s.id() != null) {
            m.put("id", s.id());
            m.put("label", s.label());
        }
        m.put("customers", s.customers());
        m.put("purchases", s.purchases());
        m.put("revenue", s.revenue());
        m.put("aov", s.aov());
        if (s.id() != null) {
            m.put("revenue_share", share(s));
        }
        return m;
    }
}
