package io.segmenter.trainer.report;

import io.segmenter.avro.Centroid;
import io.segmenter.avro.FeatureKind;
import io.segmenter.avro.FeatureSpec;
import io.segmenter.avro.SegmentModel;
import io.segmenter.model.FeatureEncoding;
import io.segmenter.trainer.model.KCandidate;
import io.segmenter.trainer.model.TrainingResult;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The plain-text report printed to the terminal. */
public final class TextReport {

    private TextReport() {}

    /** The report without revenue and transitions (a snapshot of profiles has no transactions to fold again). */
    public static String render(String source, Map<String, Object> report, TrainingResult r) {
        return render(source, report, r, RevenueSections.none(null));
    }

    public static String render(String source, Map<String, Object> report, TrainingResult r, RevenueSections sections) {
        StringBuilder b = new StringBuilder();
        b.append("Segmenter report: ").append(source).append(" (preset ").append(report.get("preset")).append(")\n\n");
        b.append("Input\n");
        for (String note : r.prepared().notes()) {
            b.append("  ").append(note).append('\n');
        }
        b.append("  customers clustered: ").append(r.prepared().size()).append("\n\n");
        b.append("Features (transform, mean and std after it)\n");
        for (int j = 0; j < r.prepared().specs().size(); j++) {
            FeatureSpec f = r.prepared().specs().get(j);
            b.append(String.format(Locale.ROOT, "  %-34s skew %7.2f  %-5s  mean %10.4f  std %10.4f  missing %d%n",
                    f.getName(), r.prepared().skewness()[j], f.getTransform().name().toLowerCase(Locale.ROOT),
                    f.getMean(), f.getStd(), r.prepared().missingByFeature()[j]));
        }
        SegmentModel model = r.model();
        if (report.containsKey("quantiles")) {
            b.append("\nRFM quartile cut points (25 / 50 / 75 %)\n");
            b.append("  recency   ").append(fmt(model.getRfmCuts().getRecency())).append('\n');
            b.append("  frequency ").append(fmt(model.getRfmCuts().getFrequency())).append('\n');
            b.append("  monetary  ").append(fmt(model.getRfmCuts().getMonetary())).append('\n');
            b.append("\nNamed RFM segments (notebook counts; they overlap)\n");
            appendCounts(b, report.get("named_segments"), r.prepared().size());
            b.append("\nRFM segment per customer (exclusive, as streams-app assigns)\n");
            appendCounts(b, report.get("rfm_segments"), r.prepared().size());
        }
        b.append("\nK search (k: inertia, silhouette, smallest cluster share)\n");
        for (KCandidate c : r.candidates()) {
            b.append(String.format(Locale.ROOT, "  k = %2d: %14.2f  %s  %6.2f %%%s%n", c.k(), c.clustering().inertia(),
                    Double.isNaN(c.silhouette()) ? "     -" : String.format(Locale.ROOT, "%.4f", c.silhouette()),
                    100 * c.smallestShare(), r.chosen() != null && c.k() == r.chosen().k() ? "  <- chosen" : ""));
        }
        b.append("  rule: ").append(report.get("k_rule")).append('\n');
        if (model != null) {
            b.append(String.format(Locale.ROOT, "%nSegments (k = %d, silhouette %.4f on %s points)%n", model.getQuality().getK(),
                    model.getQuality().getSilhouette(), ((Map<?, ?>) report.get("clusters")).get("silhouette_points")));
            List<Centroid> cs = model.getCentroids();
            b.append(String.format(Locale.ROOT, "  %-4s %-30s %8s %7s%n", "id", "label", "size", "share"));
            for (Centroid c : cs) {
                b.append(String.format(Locale.ROOT, "  %-4d %-30s %8d %6.2f%%%n", c.getSegmentId(), c.getLabel(), c.getSize(),
                        100.0 * c.getSize() / r.prepared().size()));
            }
            b.append("\nCentroids (original units)\n");
            b.append(String.format(Locale.ROOT, "  %-34s", "feature"));
            for (Centroid c : cs) {
                b.append(String.format(Locale.ROOT, " %12s", "seg " + c.getSegmentId()));
            }
            b.append('\n');
            for (int j = 0; j < r.prepared().names().size(); j++) {
                b.append(String.format(Locale.ROOT, "  %-34s", r.prepared().names().get(j)));
                boolean share = FeatureEncoding.kind(model.getFeatures().get(j)) == FeatureKind.CATEGORY;
                for (Centroid c : cs) {
                    b.append(share ? String.format(Locale.ROOT, " %11.1f%%", 100 * c.getOriginal().get(j))
                            : String.format(Locale.ROOT, " %12.2f", c.getOriginal().get(j)));
                }
                b.append('\n');
            }
            if (SegmentProfiles.encoded(model)) {
                b.append("\nSegment profiles (numbers as means, ordinals as the nearest level, categories as shares of the segment)\n");
                for (Centroid c : cs) {
                    b.append(String.format(Locale.ROOT, "  %d %s (%d customers)%n", c.getSegmentId(), c.getLabel(), c.getSize()));
                    for (String line : SegmentProfiles.lines(SegmentProfiles.of(model, c), 4)) {
                        b.append("      ").append(line).append('\n');
                    }
                }
            }
        }
        appendRevenue(b, sections);
        if (r.movement() != null) {
            b.append(String.format(Locale.ROOT, "%nAgainst the model in use (version %d): this model %s to another segment (stability gate: at most %.2f %%)%n",
                    r.model().getPreviousVersion() == null ? 0 : r.model().getPreviousVersion(), r.movement().describe(),
                    100.0 * r.options().stability().maxMovement()));
        }
        b.append("\nQuality gates: ").append(r.publishable() ? "passed" : "FAILED (model not publishable)").append('\n');
        for (String reason : r.rejections()) {
            b.append("  - ").append(reason).append('\n');
        }
        return b.toString();
    }

    private static void appendRevenue(StringBuilder b, RevenueSections sections) {
        SegmentRevenue revenue = sections.revenue();
        if (revenue != null) {
            b.append("\nRevenue by segment (").append(sections.revenueBasis()).append(")\n");
            b.append(String.format(Locale.ROOT, "  %-4s %-30s %9s %10s %15s %7s %12s%n", "id", "label", "customers", "purchases",
                    "revenue", "share", "AOV"));
            for (SegmentRevenue.Segment s : revenue.segments()) {
                Double share = revenue.share(s);
                b.append(String.format(Locale.ROOT, "  %-4d %-30s %,9d %,10d %,15.2f %7s %12s%n", s.id(), s.label(), s.customers(),
                        s.purchases(), s.revenue(), share == null ? "-" : String.format(Locale.ROOT, "%.2f%%", 100 * share), money(s.aov())));
            }
            SegmentRevenue.Segment t = revenue.total();
            b.append(String.format(Locale.ROOT, "  %-35s %,9d %,10d %,15.2f %7s %12s%n", "all", t.customers(), t.purchases(), t.revenue(),
                    "", money(t.aov())));
        }
        SegmentTransitions tr = sections.transitions();
        if (tr != null) {
            b.append(String.format(Locale.ROOT, "%nTransitions since %s (%s) to the end, %s; both instants scored with this model%n",
                    Instant.ofEpochMilli(tr.since()), sections.sinceRule(), Instant.ofEpochMilli(tr.end())));
            b.append(String.format(Locale.ROOT, "  %,d customers at the end: %,d in the same segment, %,d moved, %,d new since then"
                    + " (no purchase by then); %,d changed%n", tr.customers(), tr.stayed(), tr.moved(), tr.newCustomers(), tr.changed()));
            b.append(String.format(Locale.ROOT, "  %-34s    %-31s %9s %19s%n", "from", "to", "customers", "revenue in period"));
            for (SegmentTransitions.Move m : tr.moves()) {
                appendMove(b, m.from() + " " + m.fromLabel(), m);
            }
            for (SegmentTransitions.Move m : tr.arrivals()) {
                appendMove(b, SegmentTransitions.NEW, m);
            }
            b.append(String.format(Locale.ROOT, "  %-69s %,9d %,19.2f%n", "moved", tr.moved(), tr.movedRevenue()));
            b.append(String.format(Locale.ROOT, "  %-69s %,9d %,19.2f%n", "new", tr.newCustomers(), tr.newRevenue()));
            b.append(String.format(Locale.ROOT, "  %-69s %,9d %,19.2f%n", "changed", tr.changed(), tr.movedRevenue() + tr.newRevenue()));
            b.append(String.format(Locale.ROOT, "  %-69s %,9d %,19.2f%n", "stayed", tr.stayed(), tr.stayedRevenue()));
            b.append("  revenue in period: the customers' net spend (purchases minus refunds) after the instant, up to the end\n");
        }
        if (sections.note() != null) {
            b.append('\n').append(sections.note()).append('\n');
        }
    }

    private static void appendMove(StringBuilder b, String from, SegmentTransitions.Move m) {
        b.append(String.format(Locale.ROOT, "  %-34s -> %-31s %,9d %,19.2f%n", from, m.to() + " " + m.toLabel(), m.customers(), m.revenue()));
    }

    private static String money(Double v) {
        return v == null ? "-" : String.format(Locale.ROOT, "%,.2f", v);
    }

    private static void appendCounts(StringBuilder b, Object counts, int total) {
        for (Map.Entry<?, ?> e : ((Map<?, ?>) counts).entrySet()) {
            long n = ((Number) e.getValue()).longValue();
            b.append(String.format(Locale.ROOT, "  %-36s %6d  %6.2f %%%n", e.getKey(), n, 100.0 * n / total));
        }
    }

    private static String fmt(List<Double> v) {
        return String.format(Locale.ROOT, "%.3f / %.3f / %.3f", v.get(0), v.get(1), v.get(2));
    }
}
