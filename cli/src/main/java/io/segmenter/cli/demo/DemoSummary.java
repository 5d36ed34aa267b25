package io.segmenter.cli.demo;

import io.segmenter.avro.Centroid;
import io.segmenter.avro.FeatureSpec;
import io.segmenter.avro.SegmentModel;
import io.segmenter.cli.replay.ReplayResult;
import io.segmenter.model.RfmFeatures;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What the demo shows at the end. Every count comes from the running app (its stores, its metrics, its
 * dead-letter topic); the model is the one the app has loaded.
 *
 * @param source the replayed file's name
 * @param replay what the replay sent
 * @param outcomes input records by outcome (applied, duplicate, rejected), from the app's counters
 * @param model the model in use (null when none passed the gates)
 * @param census customers, segments and RFM segments from the app's stores
 * @param deadLetters records on the dead-letter topic by reason header
 * @param currency ISO code of the money column
 * @param urls HTTP endpoints that answer
 * @param bootstrapServers the broker's address
 * @param modelRejections why the last training did not publish (empty when it did)
 * @param drift PSI per feature of the customers now against the model's training snapshot (empty: not measured)
 * @param nextRefit what a refit on the profiles now would move against the model in use (null: not measured)
 * @param attributesModel the model over customer attributes the app scores beside the RFM one (null: none)
 * @param attributesSizes its customers by segment id, from the app's customer state store
 */
public record DemoSummary(
        String source,
        ReplayResult replay,
        Map<String, Long> outcomes,
        SegmentModel model,
        AppStores.Census census,
        Map<String, Long> deadLetters,
        String currency,
        List<String> urls,
        String bootstrapServers,
        List<String> modelRejections,
        Map<String, Double> drift,
        io.segmenter.avro.ExpectedMovement nextRefit,
        SegmentModel attributesModel,
        Map<Integer, Long> attributesSizes) {

    /** Without an attributes model. */
    public DemoSummary(String source, ReplayResult replay, Map<String, Long> outcomes, SegmentModel model, AppStores.Census census,
            Map<String, Long> deadLetters, String currency, List<String> urls, String bootstrapServers, List<String> modelRejections,
            Map<String, Double> drift, io.segmenter.avro.ExpectedMovement nextRefit) {
        this(source, replay, outcomes, model, census, deadLetters, currency, urls, bootstrapServers, modelRejections, drift, nextRefit, null, Map.of());
    }

    public long deadLetterTotal() {
        return deadLetters.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Customers by segment id (from the app's customer state store). */
    public Map<Integer, Long> segmentSizes() {
        return census.bySegment();
    }

    public String render() {
        StringBuilder s = new StringBuilder();
        String nl = System.lineSeparator();
        s.append(nl).append("Segmenter demo: ").append(source).append(nl);
        s.append(String.format(Locale.ROOT, "  %,d transactions replayed (%,d purchases, %,d refunds, %,d without customer)%n",
                replay.acknowledged(), replay.purchases(), replay.refunds(), replay.withoutCustomer()));
        s.append(String.format(Locale.ROOT, "  the app applied %,d, counted %,d duplicates, rejected %,d%n",
                outcomes.getOrDefault("applied", 0L), outcomes.getOrDefault("duplicate", 0L), outcomes.getOrDefault("rejected", 0L)));
        s.append(String.format(Locale.ROOT, "  %,d customer profiles%s, %,d with a purchase (scorable), %,d assigned a segment%n",
                census.profiles(), census.attributesOnly() == 0 ? "" : String.format(Locale.ROOT, " (%,d known by attributes alone)",
                        census.attributesOnly()), census.scorable(), census.assigned()));
        s.append(nl);
        if (model == null) {
            s.append("No model in use: the training did not pass the quality gates").append(nl);
            modelRejections.forEach(r -> s.append("  - ").append(r).append(nl));
        } else {
            appendModel(s, nl);
        }
        if (attributesModel != null) {
            s.append(nl);
            appendAttributesModel(s, nl);
        }
        s.append(nl).append("RFM segments (R/F/M quartile scores, 1 = best):").append(nl);
        census.byRfmSegment().entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .forEach(e -> s.append(String.format(Locale.ROOT, "  %-36s %,8d%n", e.getKey(), e.getValue())));
        s.append(nl).append(String.format(Locale.ROOT, "Dead-letter topic transactions-dlq: %,d records%n", deadLetterTotal()));
        deadLetters.forEach((reason, n) -> s.append(String.format(Locale.ROOT, "  %-36s %,8d%n", reason, n)));
        s.append(nl).append("Endpoints:").append(nl);
        urls.forEach(u -> s.append("  ").append(u).append(nl));
        s.append("  Kafka bootstrap server: ").append(bootstrapServers).append(nl);
        return s.toString();
    }

    private void appendModel(StringBuilder s, String nl) {
        s.append(String.format(Locale.ROOT, "Model %s v%d: k = %d, silhouette %.3f, trained on %,d customers at %s (stream clock)%n",
                model.getName(), model.getVersion(), model.getQuality().getK(), model.getQuality().getSilhouette(),
                model.getSnapshotSize(), model.getSnapshotTime().toString().replace('T', ' ').replace("Z", " UTC")));
        List<String> headers = new ArrayList<>();
        for (FeatureSpec f : model.getFeatures()) {
            headers.add(header(f.getName()));
        }
        s.append(String.format(Locale.ROOT, "  %-3s %-24s %10s", "id", "segment", "customers"));
        headers.forEach(h -> s.append(String.format(Locale.ROOT, " %14s", h)));
        s.append(nl);
        long total = 0;
        for (Centroid c : model.getCentroids().stream().sorted(java.util.Comparator.comparingInt(Centroid::getSegmentId)).toList()) {
            long size = census.bySegment().getOrDefault(c.getSegmentId(), 0L);
            total += size;
            s.append(String.format(Locale.ROOT, "  %-3d %-24s %,10d", c.getSegmentId(), c.getLabel(), size));
            for (int i = 0; i < c.getOriginal().size(); i++) {
                s.append(String.format(Locale.ROOT, " %,14." + decimals(model.getFeatures().get(i).getName()) + "f", c.getOriginal().get(i)));
            }
            s.append(nl);
        }
        s.append(String.format(Locale.ROOT, "  %-3s %-24s %,10d%n", "", "total", total));
        s.append("  (centroids in real units: the mean customer of each segment; sizes from the app's customer state store)").append(nl);
        if (model.getExpectedMovement() != null) {
            var m = model.getExpectedMovement();
            s.append(String.format(Locale.ROOT, "  against v%d it moved %,d of %,d customers (%.1f %%) to another segment%n", m.getComparedWithVersion(),
                    m.getMoved(), m.getCustomers(), 100.0 * m.getMoved() / Math.max(1, m.getCustomers())));
        }
        if (!drift.isEmpty()) {
            StringBuilder line = new StringBuilder("  drift since training (PSI; under 0.1 stable, over 0.25 retrain):");
            drift.forEach((feature, psi) -> line.append(String.format(Locale.ROOT, " %s %.3f", feature, psi)));
            s.append(line).append(nl);
        }
        if (nextRefit != null) {
            s.append(String.format(Locale.ROOT, "  a refit now would move %,d of %,d customers (%.1f %%) to another segment (the stability gate allows %.0f %%)%n",
                    nextRefit.getMoved(), nextRefit.getCustomers(), 100.0 * nextRefit.getMoved() / Math.max(1, nextRefit.getCustomers()),
                    100 * io.segmenter.trainer.model.TrainerOptions.Stability.DEFAULT_MAX_MOVEMENT));
        }
    }

    /** The attributes model: its segments with sizes and what characterises each (numbers as means, the most common category). */
    private void appendAttributesModel(StringBuilder s, String nl) {
        SegmentModel m = attributesModel;
        s.append(String.format(Locale.ROOT, "Model %s v%d (customer attributes, scored beside rfm): k = %d, silhouette %.3f, trained on %,d customers%n",
                m.getName(), m.getVersion(), m.getQuality().getK(), m.getQuality().getSilhouette(), m.getSnapshotSize()));
        s.append(String.format(Locale.ROOT, "  %-3s %-44s %10s  %s%n", "id", "segment", "customers", "profile (means; most common category)"));
        long total = 0;
        for (Centroid c : m.getCentroids().stream().sorted(java.util.Comparator.comparingInt(Centroid::getSegmentId)).toList()) {
            long size = attributesSizes.getOrDefault(c.getSegmentId(), 0L);
            total += size;
            s.append(String.format(Locale.ROOT, "  %-3d %-44s %,10d  %s%n", c.getSegmentId(), c.getLabel(), size, profile(m, c)));
        }
        s.append(String.format(Locale.ROOT, "  %-3s %-44s %,10d%n", "", "total", total));
    }

    /** Numeric dimensions as values, each one-hot group as its largest share. */
    private static String profile(SegmentModel m, Centroid c) {
        Map<String, String> best = new java.util.LinkedHashMap<>();
        Map<String, Double> bestShare = new java.util.HashMap<>();
        List<FeatureSpec> features = m.getFeatures();
        for (int i = 0; i < features.size(); i++) {
            FeatureSpec f = features.get(i);
            double v = c.getOriginal().get(i);
            String source = f.getSource() == null ? f.getName() : f.getSource();
            switch (f.getKind()) {
                case CATEGORY -> {
                    if (v > bestShare.getOrDefault(source, -1.0)) {
                        bestShare.put(source, v);
                        best.put(source, String.format(Locale.ROOT, "%s %.0f %%", f.getCategory() == null ? "(other)" : f.getCategory(), 100 * v));
                    }
                }
                case ORDINAL -> best.put(source, f.getLevels().get((int) Math.max(0, Math.min(f.getLevels().size() - 1, Math.round(v)))));
                default -> best.put(source, String.format(Locale.ROOT, "%.1f", v));
            }
        }
        StringBuilder out = new StringBuilder();
        best.forEach((k, v) -> out.append(out.isEmpty() ? "" : ", ").append(k).append(' ').append(v));
        return out.toString();
    }

    private String header(String feature) {
        return switch (feature) {
            case RfmFeatures.RECENCY -> "recency (days)";
            case RfmFeatures.FREQUENCY -> "purchases";
            case RfmFeatures.MONETARY -> "money (" + symbol() + ")";
            default -> feature;
        };
    }

    private static int decimals(String feature) {
        return RfmFeatures.MONETARY.equals(feature) ? 2 : 1;
    }

    private String symbol() {
        try {
            return Currency.getInstance(currency).getSymbol(Locale.UK);
        } catch (IllegalArgumentException e) {
            return currency;
        }
    }
}
