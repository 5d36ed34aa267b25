package io.segmenter.trainer.model;

import io.segmenter.avro.FeatureKind;
import io.segmenter.avro.FeatureSpec;
import io.segmenter.avro.FeatureTransform;
import io.segmenter.model.FeatureEncoding;
import io.segmenter.trainer.data.FeatureTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Missing values, transform and standardisation.
 *
 * <p>Transform rule (when a feature has no fixed transform): {@code log1p} when the feature's skewness
 * is above 1 and it has no negative value; otherwise none. The RFM model fixes its transforms instead
 * ({@link #RFM_TRANSFORMS}). Standardisation uses the population standard deviation; a constant feature
 * keeps std 0, scales to 0 and is refused by the quality gates.
 */
public final class Preprocessor {

    /**
     * Recency stays linear: it is bounded by the data's time span and its days are the unit people
     * reason in (a log would make 1 vs 3 days as far apart as 100 vs 300). Frequency and monetary are
     * heavy-tailed counts and amounts: log1p, monetary clipped at 0 (net refunds) as the scorer does.
     */
    public static final Map<String, FeatureTransform> RFM_TRANSFORMS = Map.of(
            io.segmenter.model.RfmFeatures.RECENCY, FeatureTransform.NONE,
            io.segmenter.model.RfmFeatures.FREQUENCY, FeatureTransform.LOG1P,
            io.segmenter.model.RfmFeatures.MONETARY, FeatureTransform.LOG1P);

    public static final double SKEW_THRESHOLD = 1.0;

    private Preprocessor() {}

    /** As {@link #prepare(FeatureTable, MissingValues, Map, boolean, Encoding)} with the default encoding of every column. */
    public static Prepared prepare(FeatureTable table, MissingValues policy, Map<String, FeatureTransform> fixed,
            boolean autoTransform) {
        return prepare(table, policy, fixed, autoTransform, Encoding.DEFAULT);
    }

    /** What one input becomes: its kind, and per row its value (numbers and level indexes; NaN = missing) or text. */
    private record Input(String name, FeatureKind kind, double[] values, String[] text, List<String> levels) {}

    /**
     * @param fixed transforms decided in advance by feature name (others follow the skewness rule); an
     *     empty map with {@code autoTransform == false} means no transform at all
     * @param encoding which inputs, in which order; ordinal levels; one-hot categories, missing category and weight
     */
    public static Prepared prepare(FeatureTable table, MissingValues policy, Map<String, FeatureTransform> fixed,
            boolean autoTransform, Encoding encoding) {
        List<Input> inputs = inputs(table, encoding);
        List<String> notes = new ArrayList<>(table.notes());
        // rows kept: with DROP_ROWS, those without a missing number or level (a missing category is a category or imputed)
        boolean[] drop = new boolean[table.size()];
        int dropped = 0;
        if (policy == MissingValues.DROP_ROWS) {
            for (int i = 0; i < table.size(); i++) {
                for (Input in : inputs) {
                    if (in.kind() != FeatureKind.CATEGORY && !Double.isFinite(in.values()[i])) {
                        drop[i] = true;
                    }
                }
                dropped += drop[i] ? 1 : 0;
            }
        }
        int n = table.size() - dropped;
        int[] tableRows = new int[n];
        for (int i = 0, a = 0; i < table.size(); i++) {
            if (!drop[i]) {
                tableRows[a++] = i;
            }
        }
        List<String> names = new ArrayList<>();
        List<double[]> rawColumns = new ArrayList<>();
        List<double[]> scaledColumns = new ArrayList<>();
        List<FeatureSpec> specs = new ArrayList<>();
        List<Long> missingByDim = new ArrayList<>();
        List<Double> skewByDim = new ArrayList<>();
        List<String> missingNotes = new ArrayList<>();
        for (Input in : inputs) {
            if (in.kind() == FeatureKind.CATEGORY) {
                oneHot(in, tableRows, encoding, names, rawColumns, scaledColumns, specs, missingByDim, skewByDim, missingNotes);
                continue;
            }
            long missing = 0;
            for (double v : in.values()) {
                missing += Double.isFinite(v) ? 0 : 1;
            }
            double fill;
            String filled;
            if (in.kind() == FeatureKind.ORDINAL) {
                fill = mode(in.values(), in.levels().size());
                filled = "imputed with the most frequent level " + (Double.isNaN(fill) ? "(none)" : in.levels().get((int) fill));
            } else {
                fill = Stats.median(in.values());
                filled = "imputed with the median " + fill;
            }
            if (missing > 0) {
                missingNotes.add(in.name() + ": " + missing + " missing" + (in.kind() == FeatureKind.ORDINAL ? " or not a level" : "") + ", "
                        + (policy == MissingValues.DROP_ROWS ? "rows dropped" : filled));
            }
            double[] col = new double[n];
            double min = Double.POSITIVE_INFINITY;
            for (int a = 0; a < n; a++) {
                double v = in.values()[tableRows[a]];
                col[a] = Double.isFinite(v) ? v : fill;
                min = Math.min(min, col[a]);
            }
            double skew = Stats.skewness(col);
            FeatureTransform t = in.kind() == FeatureKind.ORDINAL ? FeatureTransform.NONE : fixed.get(in.name());
            if (t == null) {
                t = autoTransform && skew > SKEW_THRESHOLD && min >= 0 ? FeatureTransform.LOG1P : FeatureTransform.NONE;
            }
            double[] x = col.clone();
            if (t == FeatureTransform.LOG1P) {
                for (int a = 0; a < n; a++) {
                    x[a] = Math.log1p(Math.max(0.0, x[a]));
                }
            }
            double[] ms = n == 0 ? new double[] {Double.NaN, Double.NaN} : Stats.meanStd(x);
            double[] scaled = new double[n];
            for (int a = 0; a < n; a++) {
                scaled[a] = ms[1] > 0 ? (x[a] - ms[0]) / ms[1] : 0.0;
            }
            names.add(in.name());
            rawColumns.add(col);
            scaledColumns.add(scaled);
            missingByDim.add(missing);
            skewByDim.add(skew);
            specs.add(FeatureSpec.newBuilder().setName(in.name()).setTransform(t).setMean(ms[0]).setStd(ms[1]).setKind(in.kind())
                    .setLevels(in.levels()).setFill(policy == MissingValues.DROP_ROWS || !Double.isFinite(fill) ? null : fill).build());
        }
        notes.addAll(missingNotes);
        if (dropped > 0) {
            notes.add(dropped + " rows with a missing value dropped");
        }
        int d = names.size();
        double[][] raw = new double[n][d];
        double[][] scaled = new double[n][d];
        for (int j = 0; j < d; j++) {
            for (int a = 0; a < n; a++) {
                raw[a][j] = rawColumns.get(j)[a];
                scaled[a][j] = scaledColumns.get(j)[a];
            }
        }
        List<String> ids = new ArrayList<>(n);
        for (int i : tableRows) {
            ids.add(table.ids().get(i));
        }
        return new Prepared(ids, List.copyOf(names), raw, scaled, specs, missingByDim.stream().mapToLong(Long::longValue).toArray(),
                dropped, skewByDim.stream().mapToDouble(Double::doubleValue).toArray(), notes, tableRows);
    }

    /** The inputs chosen (all columns by default), each read as a number, a level index or text. */
    private static List<Input> inputs(FeatureTable table, Encoding encoding) {
        List<String> chosen = encoding.features().isEmpty() ? table.columns() : encoding.features();
        for (String name : encoding.ordinals().keySet()) {
            if (!table.columns().contains(name)) {
                throw new IllegalArgumentException("ordinal " + name + ": no such column in " + table.source() + " (columns: " + table.columns() + ")");
            }
            if (table.names().contains(name)) {
                throw new IllegalArgumentException("ordinal " + name + " is a numeric column: its numbers are used as they are");
            }
        }
        List<Input> out = new ArrayList<>();
        for (String name : chosen) {
            int j = table.names().indexOf(name);
            if (j >= 0) {
                out.add(new Input(name, FeatureKind.NUMERIC, table.column(j), null, null));
                continue;
            }
            FeatureTable.TextColumn t = table.textColumn(name);
            if (t == null) {
                throw new IllegalArgumentException("feature " + name + ": no such column in " + table.source() + " (columns: " + table.columns() + ")");
            }
            List<String> levels = encoding.ordinals().get(name);
            if (levels == null) {
                out.add(new Input(name, FeatureKind.CATEGORY, null, t.values(), null));
                continue;
            }
            double[] index = new double[t.values().length];
            for (int i = 0; i < index.length; i++) {
                int l = t.values()[i] == null ? -1 : levels.indexOf(t.values()[i]);
                index[i] = l < 0 ? Double.NaN : l;
            }
            out.add(new Input(name, FeatureKind.ORDINAL, index, t.values(), List.copyOf(levels)));
        }
        return out;
    }

    /** The most frequent level index (the lowest among ties), NaN when every value is missing. */
    private static double mode(double[] index, int levels) {
        long[] counts = new long[levels];
        for (double v : index) {
            if (Double.isFinite(v)) {
                counts[(int) v]++;
            }
        }
        int best = -1;
        for (int l = 0; l < levels; l++) {
            if (counts[l] > 0 && (best < 0 || counts[l] > counts[best])) {
                best = l;
            }
        }
        return best < 0 ? Double.NaN : best;
    }

    /**
     * One dimension per listed category (the {@code maxCategories} most frequent, most frequent first, ties by value),
     * then {@code (other)} when values were left out, then {@code (missing)} when missing is its own category and the
     * training rows have a missing value. Each dimension is 0/1 with mean 0 and std sqrt(2)/W.
     */
    private static void oneHot(Input in, int[] rows, Encoding encoding, List<String> names, List<double[]> rawColumns,
            List<double[]> scaledColumns, List<FeatureSpec> specs, List<Long> missingByDim, List<Double> skewByDim, List<String> notes) {
        Map<String, Long> counts = new java.util.HashMap<>();
        long missing = 0;
        for (int i : rows) {
            String v = in.text()[i];
            if (v == null) {
                missing++;
            } else {
                counts.merge(v, 1L, Long::sum);
            }
        }
        List<String> byFrequency = counts.keySet().stream()
                .sorted(java.util.Comparator.comparing((String v) -> -counts.get(v)).thenComparing(java.util.Comparator.naturalOrder()))
                .toList();
        List<String> listed = byFrequency.subList(0, Math.min(encoding.maxCategories(), byFrequency.size()));
        List<String> categories = new ArrayList<>(listed);
        boolean other = byFrequency.size() > listed.size();
        if (other) {
            categories.add(null);
        }
        boolean ownMissing = encoding.missingCategory() == Encoding.MissingCategory.OWN && missing > 0;
        if (ownMissing) {
            categories.add(FeatureEncoding.MISSING);
        }
        String mode = byFrequency.isEmpty() ? null : byFrequency.get(0);
        if (other) {
            long rest = 0;
            for (String v : byFrequency.subList(listed.size(), byFrequency.size())) {
                rest += counts.get(v);
            }
            notes.add(in.name() + ": " + byFrequency.size() + " values, the " + listed.size() + " most frequent kept, "
                    + (byFrequency.size() - listed.size()) + " others (" + rest + " customers) share " + FeatureEncoding.OTHER);
        }
        if (ownMissing) {
            notes.add(in.name() + ": " + missing + " missing, its own category " + FeatureEncoding.MISSING);
        } else if (missing > 0) {
            notes.add(in.name() + ": " + missing + " missing, imputed with the most frequent value " + mode);
        } else if (encoding.missingCategory() == Encoding.MissingCategory.OWN) {
            notes.add(in.name() + ": no missing value in training; a missing value when scoring is imputed with the most frequent value " + mode);
        }
        // the dimension a missing value turns on: (missing), else the mode's (null: none, e.g. an input without values)
        String missingTo = ownMissing ? FeatureEncoding.MISSING : mode;
        double std = encoding.oneHotStd();
        for (String category : categories) {
            double[] col = new double[rows.length];
            double[] scaled = new double[rows.length];
            for (int a = 0; a < rows.length; a++) {
                String v = in.text()[rows[a]];
                boolean on;
                if (v == null) {
                    on = java.util.Objects.equals(category, missingTo);
                } else if (category == null) {
                    on = !listed.contains(v);
                } else {
                    on = category.equals(v);
                }
                col[a] = on ? 1.0 : 0.0;
                scaled[a] = col[a] / std;
            }
            names.add(FeatureEncoding.dimensionName(in.name(), category));
            rawColumns.add(col);
            scaledColumns.add(scaled);
            missingByDim.add(missing);
            skewByDim.add(Stats.skewness(col));
            Double fill = missingTo == null ? null : java.util.Objects.equals(category, missingTo) ? 1.0 : 0.0;
            specs.add(FeatureSpec.newBuilder().setName(FeatureEncoding.dimensionName(in.name(), category)).setTransform(FeatureTransform.NONE)
                    .setMean(0.0).setStd(std).setKind(FeatureKind.CATEGORY).setSource(in.name()).setCategory(category).setFill(fill).build());
        }
    }
}
