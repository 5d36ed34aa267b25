package io.segmenter.model;

import io.segmenter.avro.FeatureKind;
import io.segmenter.avro.FeatureSpec;
import io.segmenter.avro.SegmentModel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Turns a customer's inputs (numbers, ordinal levels, categories, by source name) into the raw dimension
 * values of one validated {@link SegmentModel}, which {@link Scorer} then transforms, scales and scores. The
 * trainer and the app both encode through it, so they agree by construction.
 *
 * <p>Per dimension ({@link FeatureSpec}): NUMERIC takes the number as is; ORDINAL the index of the value in
 * {@code levels} (a value not among them counts as missing); CATEGORY is 1 when the value equals the
 * dimension's {@code category}, else 0; the group's dimension without a category (its "other" bucket) is 1
 * for a present value no dimension of the group lists. A missing value (null, a non-finite number, an
 * unknown level) takes each dimension's {@code fill}; without one the customer cannot be scored.
 */
public final class FeatureEncoding {

    /** Category of the dimension a missing value sets to 1 when missing is its own category (and the dimension name's suffix). */
    public static final String MISSING = "(missing)";
    /** How the dimension name of a group's other bucket ends: {@code Source=(other)}. */
    public static final String OTHER = "(other)";

    /**
     * One input a caller provides, in the order the model first uses it.
     *
     * @param choices the ordinal levels in ascending order, or the categories the model lists (not {@link #MISSING}); empty for numbers
     * @param fillable true when a missing value is imputed rather than making the customer unscorable
     */
    public record Input(String source, FeatureKind kind, List<String> choices, boolean fillable) {}

    /** The dimensions reading one source, and how to turn its value into theirs. */
    private record Group(String source, FeatureKind kind, int[] dims, Map<String, Integer> index, int other, double[] fill) {}

    private final List<Group> groups;
    private final List<Input> inputs;
    private final int dimensions;

    public FeatureEncoding(SegmentModel model) {
        List<FeatureSpec> features = model.getFeatures();
        dimensions = features.size();
        Map<String, List<Integer>> bySource = new LinkedHashMap<>();
        for (int i = 0; i < features.size(); i++) {
            bySource.computeIfAbsent(source(features.get(i)), s -> new ArrayList<>()).add(i);
        }
        List<Group> gs = new ArrayList<>();
        List<Input> ins = new ArrayList<>();
        for (Map.Entry<String, List<Integer>> e : bySource.entrySet()) {
            int[] dims = e.getValue().stream().mapToInt(Integer::intValue).toArray();
            FeatureSpec first = features.get(dims[0]);
            FeatureKind kind = kind(first);
            double[] fill = new double[dims.length];
            boolean fillable = true;
            Map<String, Integer> index = new HashMap<>();
            int other = -1;
            List<String> choices = new ArrayList<>();
            for (int a = 0; a < dims.length; a++) {
                FeatureSpec f = features.get(dims[a]);
                fill[a] = f.getFill() == null ? Double.NaN : f.getFill();
                fillable &= f.getFill() != null;
                if (kind == FeatureKind.CATEGORY) {
                    if (f.getCategory() == null) {
                        other = a;
                    } else {
                        index.putIfAbsent(f.getCategory(), a);
                        if (!MISSING.equals(f.getCategory())) {
                            choices.add(f.getCategory());
                        }
                    }
                }
            }
            if (kind == FeatureKind.ORDINAL) {
                List<String> levels = first.getLevels() == null ? List.of() : first.getLevels();
                for (int l = 0; l < levels.size(); l++) {
                    index.putIfAbsent(levels.get(l), l);
                }
                choices.addAll(levels);
            }
            gs.add(new Group(e.getKey(), kind, dims, Map.copyOf(index), other, fill));
            ins.add(new Input(e.getKey(), kind, List.copyOf(choices), fillable));
        }
        groups = List.copyOf(gs);
        inputs = List.copyOf(ins);
    }

    /** Name of a one-hot dimension: {@code Source=value}, {@code Source=(other)} for the other bucket. */
    public static String dimensionName(String source, String category) {
        return source + "=" + (category == null ? OTHER : category);
    }

    /** The source a spec reads: its {@code source}, or its name when that is null. */
    public static String source(FeatureSpec f) {
        return f.getSource() != null ? f.getSource() : f.getName();
    }

    /** The spec's kind; NUMERIC when a reader without the field left it null. */
    public static FeatureKind kind(FeatureSpec f) {
        return f.getKind() == null ? FeatureKind.NUMERIC : f.getKind();
    }

    /** The inputs the model reads, in first-use order (what a form or the explorer asks for). */
    public List<Input> inputs() {
        return inputs;
    }

    public int dimensions() {
        return dimensions;
    }

    /**
     * Writes the raw dimension values of one customer into {@code raw} (the model's dimension).
     *
     * @param values the value of a source: a {@link Number} for NUMERIC, a {@link String} for ORDINAL and CATEGORY; null when missing
     * @return null when every dimension was written, else the first source that is missing and has no fill
     *     (the customer cannot be scored; {@code raw} is then partly written)
     */
    public String encode(Function<String, Object> values, double[] raw) {
        for (Group g : groups) {
            Object v = values.apply(g.source());
            switch (g.kind()) {
                case NUMERIC -> {
                    double x = v instanceof Number n ? n.doubleValue() : Double.NaN;
                    if (Double.isFinite(x)) {
                        for (int d : g.dims()) {
                            raw[d] = x;
                        }
                    } else if (!fill(g, raw)) {
                        return g.source();
                    }
                }
                case ORDINAL -> {
                    Integer level = v == null ? null : g.index().get(v.toString());
                    if (level != null) {
                        for (int d : g.dims()) {
                            raw[d] = level;
                        }
                    } else if (!fill(g, raw)) {
                        return g.source();
                    }
                }
                case CATEGORY -> {
                    if (v == null) {
                        if (!fill(g, raw)) {
                            return g.source();
                        }
                        continue;
                    }
                    for (int d : g.dims()) {
                        raw[d] = 0.0;
                    }
                    Integer hit = g.index().get(v.toString());
                    int on = hit != null ? hit : g.other();
                    if (on >= 0) {
                        raw[g.dims()[on]] = 1.0;
                    }
                }
            }
        }
        return null;
    }

    private static boolean fill(Group g, double[] raw) {
        for (int a = 0; a < g.dims().length; a++) {
            if (Double.isNaN(g.fill()[a])) {
                return false;
            }
            raw[g.dims()[a]] = g.fill()[a];
        }
        return true;
    }
}
