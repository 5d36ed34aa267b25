package io.segmenter.trainer.model;

import io.segmenter.avro.FeatureSpec;
import io.segmenter.avro.FeatureTransform;
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

    /**
     * @param fixed transforms decided in advance by feature name (others follow the skewness rule); an
     *     empty map with {@code autoTransform == false} means no transform at all
     */
    public static Prepared prepare(FeatureTable table, MissingValues policy, Map<String, FeatureTransform> fixed,
            boolean autoTransform) {
        int d = table.dimensions();
        long[] missing = new long[d];
        for (double[] row : table.rows()) {
            for (int j = 0; j < d; j++) {
                if (!Double.isFinite(row[j])) {
                    missing[j]++;
                }
            }
        }
        List<String> notes = new ArrayList<>(table.notes());
        List<String> ids = new ArrayList<>();
        List<double[]> kept = new ArrayList<>();
        double[] medians = new double[d];
        for (int j = 0; j < d; j++) {
            medians[j] = Stats.median(table.column(j));
        }
        int dropped = 0;
        for (int i = 0; i < table.size(); i++) {
            double[] row = table.rows()[i].clone();
            boolean hasMissing = false;
            for (int j = 0; j < d; j++) {
                if (!Double.isFinite(row[j])) {
                    hasMissing = true;
                    row[j] = medians[j];
                }
            }
            if (hasMissing && policy == MissingValues.DROP_ROWS) {
                dropped++;
                continue;
            }
            ids.add(table.ids().get(i));
            kept.add(row);
        }
        for (int j = 0; j < d; j++) {
            if (missing[j] > 0) {
                notes.add(table.names().get(j) + ": " + missing[j] + " missing, "
                        + (policy == MissingValues.DROP_ROWS ? "rows dropped" : "imputed with the median " + medians[j]));
            }
        }
        if (dropped > 0) {
            notes.add(dropped + " rows with a missing value dropped");
        }
        double[][] raw = kept.toArray(double[][]::new);
        int n = raw.length;
        double[][] scaled = new double[n][d];
        double[] skew = new double[d];
        List<FeatureSpec> specs = new ArrayList<>();
        for (int j = 0; j < d; j++) {
            String name = table.names().get(j);
            double[] col = new double[n];
            double min = Double.POSITIVE_INFINITY;
            for (int i = 0; i < n; i++) {
                col[i] = raw[i][j];
                min = Math.min(min, col[i]);
            }
            skew[j] = Stats.skewness(col);
            FeatureTransform t = fixed.get(name);
            if (t == null) {
                t = autoTransform && skew[j] > SKEW_THRESHOLD && min >= 0 ? FeatureTransform.LOG1P : FeatureTransform.NONE;
            }
            if (t == FeatureTransform.LOG1P) {
                for (int i = 0; i < n; i++) {
                    col[i] = Math.log1p(Math.max(0.0, col[i]));
                }
            }
            double[] ms = n == 0 ? new double[] {Double.NaN, Double.NaN} : Stats.meanStd(col);
            for (int i = 0; i < n; i++) {
                scaled[i][j] = ms[1] > 0 ? (col[i] - ms[0]) / ms[1] : 0.0;
            }
            specs.add(FeatureSpec.newBuilder().setName(name).setTransform(t).setMean(ms[0]).setStd(ms[1]).build());
        }
        return new Prepared(ids, table.names(), raw, scaled, specs, missing, dropped, skew, notes);
    }
}
