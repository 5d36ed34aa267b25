package io.segmenter.app.query;

import io.segmenter.app.state.CustomerState;
import io.segmenter.avro.Centroid;
import io.segmenter.avro.CustomerProfile;
import io.segmenter.avro.SegmentAssignment;
import io.segmenter.avro.SegmentModel;
import io.segmenter.model.FeatureEncoding;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * {@code GET /segments/breakdown}: customers per segment of a model and value of one attribute (or of the
 * primary model's RFM segment). Each instance counts its own customers ({@link Local}); the instance asked
 * sums them and keeps the {@link #TOP} most common values, the rest as {@code (other)}.
 *
 * <p>Bounds: an instance tracks at most {@link #MAX_TRACKED} distinct values (later new ones count as
 * {@code (other)}) and sends its {@link #MAX_SENT} most common; either makes the answer approximate.
 */
public final class SegmentBreakdown {

    /** What {@code by=rfmSegment} groups by: the primary model's RFM segment. */
    public static final String RFM_SEGMENT = "rfmSegment";
    public static final String MISSING = FeatureEncoding.MISSING;
    public static final String OTHER = FeatureEncoding.OTHER;
    public static final int TOP = 20;
    static final int MAX_TRACKED = 10_000;
    static final int MAX_SENT = 1_000;

    private SegmentBreakdown() {}

    /** The value a customer is counted under: a categorical attribute, a numeric one as its number, {@code (missing)} without it. */
    static Function<CustomerState, String> attribute(String name) {
        return state -> {
            CustomerProfile p = state.profile();
            String c = p.getCategoricalAttributes().get(name);
            if (c != null) {
                return c;
            }
            Double n = p.getNumericAttributes().get(name);
            if (n == null) {
                return MISSING;
            }
            return n == Math.rint(n) && Math.abs(n) < 1e15 ? Long.toString(n.longValue()) : n.toString();
        };
    }

    /** The primary model's RFM segment of a customer, {@code (missing)} when it has none. */
    static Function<CustomerState, String> rfmSegment(String primary) {
        return state -> {
            SegmentAssignment a = state.assignment(primary);
            return a == null || a.getRfmSegment() == null || a.getRfmSegment().isEmpty() ? MISSING : a.getRfmSegment();
        };
    }

    /** One instance's counts, filled by a walk over its customer states. */
    static final class Local {
        private final String model;
        private final Function<CustomerState, String> valueOf;
        private final Map<Integer, String> labels = new TreeMap<>();
        private final Map<Integer, Map<String, Long>> counts = new TreeMap<>();
        private final Map<String, Long> totals = new HashMap<>();
        private boolean approximate;

        Local(String model, Function<CustomerState, String> valueOf) {
            this.model = model;
            this.valueOf = valueOf;
        }

        void add(CustomerState state) {
            SegmentAssignment a = state.assignment(model);
            if (a == null) {
                return;
            }
            String value = valueOf.apply(state);
            if (!totals.containsKey(value) && totals.size() >= MAX_TRACKED) {
                value = OTHER;
                approximate = true;
            }
            totals.merge(value, 1L, Long::sum);
            labels.putIfAbsent(a.getSegmentId(), a.getSegmentLabel());
            counts.computeIfAbsent(a.getSegmentId(), k -> new HashMap<>()).merge(value, 1L, Long::sum);
        }

        Views.LocalBreakdown finish() {
            List<String> kept = top(totals, MAX_SENT);
            boolean folded = kept.size() < totals.size();
            Set<String> keep = new HashSet<>(kept);
            List<Views.BreakdownCell> cells = new ArrayList<>();
            counts.forEach((id, byValue) -> {
                long other = 0;
                for (Map.Entry<String, Long> e : new TreeMap<>(byValue).entrySet()) {
                    if (keep.contains(e.getKey())) {
                        cells.add(new Views.BreakdownCell(id, labels.get(id), e.getKey(), e.getValue()));
                    } else {
                        other += e.getValue();
                    }
                }
                if (other > 0) {
                    cells.add(new Views.BreakdownCell(id, labels.get(id), OTHER, other));
                }
            });
            return new Views.LocalBreakdown(cells, approximate || folded);
        }
    }

    /** The {@code n} values with the most customers, ties by value; {@code (other)} never among them. */
    private static List<String> top(Map<String, Long> totals, int n) {
        return totals.entrySet().stream().filter(e -> !e.getKey().equals(OTHER))
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(n).map(Map.Entry::getKey).toList();
    }

    /** Sums the instances' counts: the model's segments in its order (then any only an older model's customers carry), top values first. */
    static Views.Breakdown merge(SegmentModel model, String by, List<Views.LocalBreakdown> parts) {
        Map<Integer, String> labels = new LinkedHashMap<>();
        for (Centroid c : model.getCentroids()) {
            labels.put(c.getSegmentId(), c.getLabel());
        }
        Map<Integer, Map<String, Long>> cells = new HashMap<>();
        Map<String, Long> totals = new HashMap<>();
        boolean approximate = false;
        for (Views.LocalBreakdown part : parts) {
            approximate |= part.approximate();
            for (Views.BreakdownCell c : part.cells()) {
                labels.putIfAbsent(c.segmentId(), c.label());
                cells.computeIfAbsent(c.segmentId(), k -> new HashMap<>()).merge(c.value(), c.customers(), Long::sum);
                totals.merge(c.value(), c.customers(), Long::sum);
            }
        }
        List<String> values = new ArrayList<>(top(totals, TOP));
        long rest = totals.values().stream().mapToLong(Long::longValue).sum() - values.stream().mapToLong(totals::get).sum();
        if (rest > 0) {
            values.add(OTHER);
        }
        Map<String, Long> shownTotals = new LinkedHashMap<>();
        values.forEach(v -> shownTotals.put(v, v.equals(OTHER) ? rest : totals.get(v)));
        List<Views.BreakdownSegment> segments = new ArrayList<>();
        long customers = 0;
        for (Map.Entry<Integer, String> s : labels.entrySet()) {
            Map<String, Long> byValue = cells.getOrDefault(s.getKey(), Map.of());
            Map<String, Long> shown = new LinkedHashMap<>();
            long sum = 0;
            for (String v : values) {
                shown.put(v, 0L);
            }
            for (Map.Entry<String, Long> e : byValue.entrySet()) {
                shown.merge(shown.containsKey(e.getKey()) && !e.getKey().equals(OTHER) ? e.getKey() : OTHER, e.getValue(), Long::sum);
                sum += e.getValue();
            }
            customers += sum;
            segments.add(new Views.BreakdownSegment(s.getKey(), s.getValue(), sum, shown));
        }
        return new Views.Breakdown(new Views.ModelRef(model.getName(), model.getVersion()), by, values, shownTotals, segments, customers,
                approximate, parts.size());
    }
}
