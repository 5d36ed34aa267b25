package io.segmenter.trainer.report;

import io.segmenter.avro.Centroid;
import io.segmenter.avro.FeatureKind;
import io.segmenter.avro.FeatureSpec;
import io.segmenter.avro.SegmentModel;
import io.segmenter.model.FeatureEncoding;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A segment's centre in the units of its inputs: a number for a numeric input, the nearest level (and the mean
 * level index) for an ordinal one, and for a one-hot group the share of the segment in each category (a one-hot
 * dimension's centroid in original units is that share), largest first.
 */
public final class SegmentProfiles {

    private SegmentProfiles() {}

    /** True when the model has an ordinal or one-hot dimension (otherwise the centroids table says it all). */
    public static boolean encoded(SegmentModel model) {
        return model.getFeatures().stream().anyMatch(f -> FeatureEncoding.kind(f) != FeatureKind.NUMERIC);
    }

    /** The centre of {@code c} by input, in first-use order: Double, {@code {level, mean_index}}, or category to share. */
    public static Map<String, Object> of(SegmentModel model, Centroid c) {
        List<FeatureSpec> features = model.getFeatures();
        Map<String, Object> out = new LinkedHashMap<>();
        for (int d = 0; d < features.size(); d++) {
            FeatureSpec f = features.get(d);
            String source = FeatureEncoding.source(f);
            double v = c.getOriginal().get(d);
            switch (FeatureEncoding.kind(f)) {
                case NUMERIC -> out.put(source, v);
                case ORDINAL -> {
                    Map<String, Object> level = new LinkedHashMap<>();
                    int nearest = (int) Math.max(0, Math.min(f.getLevels().size() - 1, Math.round(v)));
                    level.put("level", f.getLevels().get(nearest));
                    level.put("mean_index", v);
                    out.put(source, level);
                }
                case CATEGORY -> {
                    @SuppressWarnings("unchecked")
                    Map<String, Double> shares = (Map<String, Double>) out.computeIfAbsent(source, s -> new LinkedHashMap<String, Double>());
                    shares.put(f.getCategory() == null ? FeatureEncoding.OTHER : f.getCategory(), v);
                }
            }
        }
        for (Map.Entry<String, Object> e : out.entrySet()) {
            if (e.getValue() instanceof Map<?, ?> m && !m.containsKey("level")) {
                @SuppressWarnings("unchecked")
                Map<String, Double> shares = (Map<String, Double>) m;
                List<Map.Entry<String, Double>> sorted = new ArrayList<>(shares.entrySet());
                sorted.sort(Map.Entry.<String, Double>comparingByValue().reversed());
                Map<String, Double> ordered = new LinkedHashMap<>();
                sorted.forEach(s -> ordered.put(s.getKey(), s.getValue()));
                e.setValue(ordered);
            }
        }
        return out;
    }

    /** One line per input, e.g. {@code Gender: Male 62%, Female 38%}, {@code Spending_Score: Average (mean level 1.20)}. */
    public static List<String> lines(Map<String, Object> profile, int maxShares) {
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, Object> e : profile.entrySet()) {
            if (e.getValue() instanceof Double v) {
                out.add(String.format(Locale.ROOT, "%s: %.2f", e.getKey(), v));
            } else if (e.getValue() instanceof Map<?, ?> m && m.containsKey("level")) {
                out.add(String.format(Locale.ROOT, "%s: %s (mean level %.2f)", e.getKey(), m.get("level"), (Double) m.get("mean_index")));
            } else if (e.getValue() instanceof Map<?, ?> m) {
                List<String> parts = new ArrayList<>();
                boolean more = false;
                for (Map.Entry<?, ?> s : m.entrySet()) {
                    double share = (Double) s.getValue();
                    if (share < 0.005) {
                        continue; // below 1 % as printed
                    }
                    if (parts.size() < maxShares) {
                        parts.add(String.format(Locale.ROOT, "%s %.0f%%", s.getKey(), 100 * share));
                    } else {
                        more = true;
                    }
                }
                out.add(e.getKey() + ": " + String.join(", ", parts) + (more ? ", ..." : ""));
            }
        }
        return out;
    }
}
