package io.segmenter.model;

import io.segmenter.avro.Centroid;
import io.segmenter.avro.FeatureSpec;
import io.segmenter.avro.SegmentModel;
import java.util.List;

/**
 * Transform, scale and nearest-centroid for one validated {@link SegmentModel}. Built once per model
 * version (it copies the model into flat arrays), then cheap and allocation-free per call when the
 * caller passes its own buffers.
 */
public final class Scorer {

    /**
     * Largest magnitude of a standardised coordinate: {@link ModelValidator} refuses centroids beyond it and
     * {@link #scale} clamps points to it, so with at most {@link ModelValidator#MAX_FEATURES} features every
     * squared distance is below 256 x (2 x 10^6)^2 = 1.0 x 10^15: finite, whatever the (finite) input.
     */
    public static final double MAX_SCALED = 1e6;

    private final SegmentModel model;
    private final boolean[] log1p;
    private final double[] mean;
    private final double[] std;
    private final double[][] centroids;

    /** Result of scoring one point: index into the model's centroids, distance and margin to the runner-up. */
    public record Result(int centroidIndex, double distance, double margin) {}

    public Scorer(SegmentModel model) {
        this.model = model;
        List<FeatureSpec> features = model.getFeatures();
        int d = features.size();
        log1p = new boolean[d];
        mean = new double[d];
        std = new double[d];
        for (int i = 0; i < d; i++) {
            FeatureSpec f = features.get(i);
            log1p[i] = f.getTransform() == io.segmenter.avro.FeatureTransform.LOG1P;
            mean[i] = f.getMean();
            std[i] = f.getStd();
        }
        List<Centroid> cs = model.getCentroids();
        centroids = new double[cs.size()][d];
        for (int c = 0; c < cs.size(); c++) {
            List<Double> v = cs.get(c).getScaled();
            for (int i = 0; i < d; i++) {
                centroids[c][i] = v.get(i);
            }
        }
    }

    public SegmentModel model() {
        return model;
    }

    public int dimensions() {
        return mean.length;
    }

    /** Transforms and standardises {@code raw} into {@code scaled}, clamped to +-{@link #MAX_SCALED} (both of the model's dimension). */
    public double[] scale(double[] raw, double[] scaled) {
        for (int i = 0; i < mean.length; i++) {
            double z = unclamped(raw, i);
            scaled[i] = Math.max(-MAX_SCALED, Math.min(MAX_SCALED, z));
        }
        return scaled;
    }

    /** Index of the first feature whose standardised value is beyond +-{@link #MAX_SCALED} (or not a number), or -1. */
    public int outOfRange(double[] raw) {
        for (int i = 0; i < mean.length; i++) {
            double z = unclamped(raw, i);
            if (!(Math.abs(z) <= MAX_SCALED)) {
                return i;
            }
        }
        return -1;
    }

    private double unclamped(double[] raw, int i) {
        double x = log1p[i] ? Math.log1p(Math.max(0.0, raw[i])) : raw[i];
        return (x - mean[i]) / std[i];
    }

    /**
     * Nearest centroid of {@code raw}; fills {@code distances} (length k) with the distance to every
     * centroid when it is not null.
     */
    public Result score(double[] raw, double[] scratch, double[] distances) {
        double[] p = scale(raw, scratch);
        int best = -1;
        double bestD = Double.POSITIVE_INFINITY;
        double second = Double.POSITIVE_INFINITY;
        for (int c = 0; c < centroids.length; c++) {
            double dist = Math.sqrt(squaredDistance(p, centroids[c]));
            if (distances != null) {
                distances[c] = dist;
            }
            if (dist < bestD) {
                second = bestD;
                bestD = dist;
                best = c;
            } else if (dist < second) {
                second = dist;
            }
        }
        if (best < 0) { // only a NaN input gets here: scaled points are clamped and validated centroids bounded
            throw new IllegalArgumentException("cannot score a point with a non-number feature");
        }
        double margin = centroids.length > 1 ? second - bestD : 0.0;
        return new Result(best, bestD, margin);
    }

    public Result score(double[] raw) {
        return score(raw, new double[mean.length], null);
    }

    public static double squaredDistance(double[] a, double[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            double t = a[i] - b[i];
            sum += t * t;
        }
        return sum;
    }
}
