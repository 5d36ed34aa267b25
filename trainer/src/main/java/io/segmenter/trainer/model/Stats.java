package io.segmenter.trainer.model;

import java.util.Arrays;

/** Small descriptive statistics over finite values (NaN skipped), matching pandas where it matters. */
public final class Stats {

    private Stats() {}

    /** Finite values of {@code x}, sorted. */
    public static double[] sortedFinite(double[] x) {
        return Arrays.stream(x).filter(Double::isFinite).sorted().toArray();
    }

    /** Quantile of sorted values with pandas' default linear interpolation: position (n - 1) q. */
    public static double quantile(double[] sorted, double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        double pos = (sorted.length - 1) * q;
        int lo = (int) Math.floor(pos);
        int hi = Math.min(lo + 1, sorted.length - 1);
        return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
    }

    public static double median(double[] x) {
        return quantile(sortedFinite(x), 0.5);
    }

    /** Population mean and standard deviation (ddof = 0, as scikit-learn's StandardScaler). */
    public static double[] meanStd(double[] x) {
        double sum = 0;
        for (double v : x) {
            sum += v;
        }
        double mean = sum / x.length;
        double ss = 0;
        for (double v : x) {
            ss += (v - mean) * (v - mean);
        }
        return new double[] {mean, Math.sqrt(ss / x.length)};
    }

    /** Adjusted Fisher-Pearson skewness (pandas' {@code skew()}); 0 for fewer than 3 values or no spread. */
    public static double skewness(double[] x) {
        double[] v = sortedFinite(x);
        int n = v.length;
        if (n < 3) {
            return 0;
        }
        double mean = Arrays.stream(v).sum() / n;
        double m2 = 0;
        double m3 = 0;
        for (double a : v) {
            double d = a - mean;
            m2 += d * d;
            m3 += d * d * d;
        }
        m2 /= n;
        m3 /= n;
        if (m2 <= 0) {
            return 0;
        }
        double g1 = m3 / Math.pow(m2, 1.5);
        return g1 * Math.sqrt((double) n * (n - 1)) / (n - 2);
    }
}
