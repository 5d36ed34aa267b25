package io.segmenter.trainer.model;

import io.segmenter.avro.RfmCuts;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Persona labels for RFM centroids, deterministic and unique within a model.
 *
 * <p>Rule: each centroid's recency, frequency and monetary (original units) are placed against the
 * model's quartile cut points as a continuous level from 0 to 4 (q25 = 1, q50 = 2, q75 = 3, linear in
 * between and beyond, clamped), flipped for recency so that 4 always means "best" (most recent, most
 * frequent, highest spend). Each persona below has a prototype (R, F, M) level; the centroids still
 * needing a label and the personas still free are matched by an optimal assignment (Hungarian) on the
 * squared distance between levels, so every label is unique and a centroid gets the next-best persona
 * when its closest one is taken. Beyond ten centroids the rest are called {@code Segment <id>}. (The
 * least frequent or lowest-spending customers sit at level 1, not 0, when a quarter or more of them
 * share the minimum, as one-purchase customers do; the low prototypes use 1 for that reason.)
 *
 * <p>Models without R/F/M features (customer-level files) get descriptive labels instead: the feature
 * on which the centroid lies furthest from the mean in scaled space, as {@code High X} or {@code Low X};
 * when that label is taken, the two furthest features ({@code High X, Low Y}); then {@code Segment <id>}.
 */
public final class PersonaLabeler {

    /** A persona and its prototype levels (recency, frequency, monetary; 4 = best). */
    public record Persona(String label, double r, double f, double m) {}

    public static final List<Persona> PERSONAS = List.of(
            new Persona("Champions", 3.5, 3.5, 3.5),
            new Persona("Loyal", 2.5, 3.5, 2.5),
            new Persona("Big Spenders", 2.5, 1.5, 3.5),
            new Persona("New", 3.5, 1.0, 1.0),
            new Persona("Promising", 3.0, 2.0, 2.0),
            new Persona("Need Attention", 2.0, 2.0, 2.0),
            new Persona("At Risk", 1.0, 2.5, 2.5),
            new Persona("Can't Lose Them", 0.5, 3.5, 3.5),
            new Persona("Hibernating", 1.5, 1.5, 1.5),
            new Persona("Lost", 0.5, 1.0, 1.0));

    private PersonaLabeler() {}

    /** Level of {@code v} against cut points q25, q50, q75: 1, 2, 3 at the cuts, linear between and beyond, in [0, 4]. */
    public static double level(double v, List<Double> cuts) {
        double[] x = {cuts.get(0), cuts.get(1), cuts.get(2)};
        int seg = v <= x[1] ? 0 : 1; // interpolate on [q25, q50] or [q50, q75], extrapolating outside
        double span = x[seg + 1] - x[seg];
        double y;
        if (span > 0) {
            y = seg + 1 + (v - x[seg]) / span;
        } else {
            y = v < x[seg] ? 0 : v > x[seg + 1] ? 4 : seg + 1.5;
        }
        return Math.max(0, Math.min(4, y));
    }

    /** Levels (R, F, M), 4 = best, of a centroid given in original units (recency days, frequency, monetary). */
    public static double[] levels(double[] original, RfmCuts cuts) {
        return new double[] {
            4 - level(original[0], cuts.getRecency()),
            level(original[1], cuts.getFrequency()),
            level(original[2], cuts.getMonetary())
        };
    }

    /**
     * @param originals centroids in original units
     * @param labels labels so far (null = needs one); filled in place
     * @param ids segment ids, used for the {@code Segment <id>} fallback
     */
    public static void fill(double[][] originals, double[][] scaled, List<String> names, RfmCuts cuts, String[] labels,
            int[] ids) {
        fill(originals, scaled, names, cuts, labels, ids, new double[names.size()]);
    }

    /**
     * @param baseline per dimension, the scaled value a centroid is measured from for the descriptive labels (0 for
     *     standardised features, the population's share for one-hot dimensions, which are not centred)
     */
    public static void fill(double[][] originals, double[][] scaled, List<String> names, RfmCuts cuts, String[] labels,
            int[] ids, double[] baseline) {
        List<Integer> need = new ArrayList<>();
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] == null) {
                need.add(i);
            }
        }
        if (need.isEmpty()) {
            return;
        }
        Set<String> taken = new java.util.HashSet<>(java.util.Arrays.asList(labels));
        List<Persona> free = cuts == null ? List.of() : PERSONAS.stream().filter(p -> !taken.contains(p.label())).toList();
        if (!free.isEmpty()) {
            double[][] cost = new double[need.size()][free.size()];
            for (int a = 0; a < need.size(); a++) {
                double[] lv = levels(originals[need.get(a)], cuts);
                for (int b = 0; b < free.size(); b++) {
                    Persona p = free.get(b);
                    cost[a][b] = sq(lv[0] - p.r()) + sq(lv[1] - p.f()) + sq(lv[2] - p.m());
                }
            }
            int[] pick = Hungarian.assign(cost);
            for (int a = 0; a < need.size(); a++) {
                if (pick[a] >= 0) {
                    labels[need.get(a)] = free.get(pick[a]).label();
                }
            }
        }
        if (cuts == null) {
            for (int i : need) {
                double[] centre = scaled[i].clone();
                for (int j = 0; j < centre.length; j++) {
                    centre[j] -= baseline[j];
                }
                String label = describe(centre, names, taken);
                if (label != null) {
                    labels[i] = label;
                    taken.add(label);
                }
            }
        }
        for (int i : need) {
            if (labels[i] == null) {
                String l = "Segment " + ids[i];
                while (taken.contains(l)) {
                    l += "'";
                }
                labels[i] = l;
                taken.add(l);
            }
        }
    }

    private static String describe(double[] centre, List<String> names, Set<String> taken) {
        Integer[] order = new Integer[centre.length];
        for (int j = 0; j < order.length; j++) {
            order[j] = j;
        }
        java.util.Arrays.sort(order, (a, b) -> Double.compare(Math.abs(centre[b]), Math.abs(centre[a])));
        String one = side(centre, names, order[0]);
        if (!taken.contains(one)) {
            return one;
        }
        if (order.length > 1) {
            String two = one + ", " + side(centre, names, order[1]);
            if (!taken.contains(two)) {
                return two;
            }
        }
        return null;
    }

    private static String side(double[] centre, List<String> names, int j) {
        return (centre[j] >= 0 ? "High " : "Low ") + names.get(j);
    }

    private static double sq(double x) {
        return x * x;
    }
}
