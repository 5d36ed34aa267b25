package io.segmenter.trainer.kmeans;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Mean silhouette coefficient as scikit-learn's {@code silhouette_score}: for each point,
 * {@code (b - a) / max(a, b)} with a the mean Euclidean distance to the other members of its cluster and
 * b the smallest mean distance to another cluster; 0 for a point alone in its cluster. With a sample,
 * both the points scored and the points they are compared with are the sample, drawn as scikit-learn
 * draws it ({@code RandomState(seed).permutation(n)[:sampleSize]}), so the same seed scores the same points.
 */
final class Silhouette {

    private Silhouette() {
    }

    static double of(Points all, int[] allLabels, int k, int sampleSize, long seed) {
        Points p = all;
        int[] labels = allLabels;
        if (sampleSize > 0 && sampleSize < all.n) {
            int[] idx = permutationPrefix(all.n, sampleSize, new NumpyRandomState(Math.floorMod(seed, 1L << 32)));
            p = all.subset(idx);
            labels = new int[sampleSize];
            for (int s = 0; s < sampleSize; s++) {
                labels[s] = allLabels[idx[s]];
            }
        }
        return score(p, labels, k);
    }

    /**
     * {@link #of} for several labellings of the same points at once, each with its own k: the same numbers
     * bit for bit, for less work. Each point's distances to the others are computed once, not once per
     * labelling, then added into every labelling's per-cluster sums in ascending point order, which is the
     * order {@link #of} adds them in. NaN for a labelling where the silhouette is undefined.
     */
    static double[] ofAll(Points all, int[][] allLabels, int[] ks, int sampleSize, long seed) {
        Points p = all;
        int m = allLabels.length;
        int[][] labels = allLabels;
        if (sampleSize > 0 && sampleSize < all.n) {
            int[] idx = permutationPrefix(all.n, sampleSize, new NumpyRandomState(Math.floorMod(seed, 1L << 32)));
            p = all.subset(idx);
            labels = new int[m][sampleSize];
            for (int l = 0; l < m; l++) {
                for (int s = 0; s < sampleSize; s++) {
                    labels[l][s] = allLabels[l][idx[s]];
                }
            }
        }
        int n = p.n;
        double[] out = new double[m];
        long[][] counts = new long[m][];
        int[] offset = new int[m + 1]; // labelling l's clusters at offset[l] .. offset[l + 1] - 1 of a sums array
        List<Integer> defined = new ArrayList<>();
        for (int l = 0; l < m; l++) {
            counts[l] = new long[ks[l]];
            for (int label : labels[l]) {
                counts[l][label]++;
            }
            int present = 0;
            for (long c : counts[l]) {
                present += c > 0 ? 1 : 0;
            }
            offset[l + 1] = offset[l] + ks[l];
            if (present < 2 || present > n - 1) {
                out[l] = Double.NaN; // as score(): undefined
            } else {
                defined.add(l);
            }
        }
        int[] use = defined.stream().mapToInt(Integer::intValue).toArray();
        int u = use.length;
        // slot[j * u + t]: where point j's distance goes among the sums of labelling use[t]
        int[] slot = new int[n * u];
        for (int j = 0; j < n; j++) {
            for (int t = 0; t < u; t++) {
                slot[j * u + t] = offset[use[t]] + labels[use[t]][j];
            }
        }
        int block = 64; // the blocks and their order of score(), so the totals add up identically
        int blocks = (n + block - 1) / block;
        double[][] partial = new double[m][blocks];
        Points q = p;
        int[][] lab = labels;
        IntStream.range(0, blocks).parallel().forEach(b -> {
            double[] sums = new double[offset[m]];
            for (int i = b * block, end = Math.min(n, (b + 1) * block); i < end; i++) {
                Arrays.fill(sums, 0);
                addDistances(q, i, slot, u, sums);
                for (int l : use) {
                    int own = lab[l][i];
                    long[] cl = counts[l];
                    if (cl[own] <= 1) {
                        continue;
                    }
                    double a = 0;
                    double nearest = Double.POSITIVE_INFINITY;
                    for (int c = 0; c < ks[l]; c++) {
                        if (cl[c] == 0) {
                            continue;
                        }
                        double sum = sums[offset[l] + c];
                        if (c == own) {
                            a = sum / (cl[c] - 1);
                        } else {
                            nearest = Math.min(nearest, sum / cl[c]);
                        }
                    }
                    double max = Math.max(a, nearest);
                    partial[l][b] += max > 0 ? (nearest - a) / max : 0;
                }
            }
        });
        for (int l : use) {
            double sum = 0;
            for (double s : partial[l]) {
                sum += s;
            }
            out[l] = sum / n;
        }
        return out;
    }

    /**
     * Adds the distance from point i to every point j, in ascending j, to {@code sums[slot[j * u + t]]} for
     * each of the u labellings t (independent sums, so the additions overlap), with the arithmetic of
     * distanceSum3 and distanceSum.
     */
    private static void addDistances(Points p, int i, int[] slot, int u, double[] sums) {
        double[] x = p.x;
        int d = p.d;
        int n = p.n;
        if (d == 3) {
            double x0 = x[i * 3];
            double x1 = x[i * 3 + 1];
            double x2 = x[i * 3 + 2];
            for (int j = 0; j < n; j++) {
                double d0 = x0 - x[j * 3];
                double d1 = x1 - x[j * 3 + 1];
                double d2 = x2 - x[j * 3 + 2];
                double dist = Math.sqrt(d0 * d0 + d1 * d1 + d2 * d2);
                for (int t = j * u, end = t + u; t < end; t++) {
                    sums[slot[t]] += dist;
                }
            }
        } else {
            for (int j = 0; j < n; j++) {
                double ds = 0;
                for (int f = 0; f < d; f++) {
                    double diff = x[i * d + f] - x[j * d + f];
                    ds += diff * diff;
                }
                double dist = Math.sqrt(ds);
                for (int t = j * u, end = t + u; t < end; t++) {
                    sums[slot[t]] += dist;
                }
            }
        }
    }

    /** The first {@code size} entries of numpy's legacy {@code permutation(n)} (Fisher-Yates from the top). */
    static int[] permutationPrefix(int n, int size, NumpyRandomState random) {
        int[] perm = new int[n];
        for (int i = 0; i < n; i++) {
            perm[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = (int) random.nextLong(i + 1L);
            int tmp = perm[i];
            perm[i] = perm[j];
            perm[j] = tmp;
        }
        return Arrays.copyOf(perm, size);
    }

    private static double score(Points p, int[] labels, int k) {
        int n = p.n;
        int d = p.d;
        long[] counts = new long[k];
        for (int label : labels) {
            counts[label]++;
        }
        int present = 0;
        for (long c : counts) {
            if (c > 0) {
                present++;
            }
        }
        if (present < 2 || present > n - 1) {
            return Double.NaN; // undefined (scikit-learn raises); a quality gate reads NaN as a failure
        }
        // Feature-major copy with the points grouped by cluster: the inner loop then sums one cluster's
        // distances in a register over contiguous memory, which the JIT can vectorise.
        int[] start = new int[k + 1];
        for (int c = 0; c < k; c++) {
            start[c + 1] = start[c] + (int) counts[c];
        }
        double[][] columns = new double[d][n];
        int[] fill = Arrays.copyOf(start, k);
        for (int i = 0; i < n; i++) {
            int slot = fill[labels[i]]++;
            for (int j = 0; j < d; j++) {
                columns[j][slot] = p.x[i * d + j];
            }
        }
        int block = 64;
        int blocks = (n + block - 1) / block;
        double[] partial = new double[blocks];
        IntStream.range(0, blocks).parallel().forEach(b -> {
            double[] point = new double[d];
            double total = 0;
            for (int i = b * block, end = Math.min(n, (b + 1) * block); i < end; i++) {
                for (int j = 0; j < d; j++) {
                    point[j] = p.x[i * d + j];
                }
                int own = labels[i];
                if (counts[own] <= 1) {
                    continue;
                }
                double a = 0;
                double nearest = Double.POSITIVE_INFINITY;
                for (int c = 0; c < k; c++) {
                    if (counts[c] == 0) {
                        continue;
                    }
                    double sum = d == 3
                            ? distanceSum3(columns, start[c], start[c + 1], point[0], point[1], point[2])
                            : distanceSum(columns, start[c], start[c + 1], point);
                    if (c == own) {
                        a = sum / (counts[c] - 1);
                    } else {
                        nearest = Math.min(nearest, sum / counts[c]);
                    }
                }
                double max = Math.max(a, nearest);
                total += max > 0 ? (nearest - a) / max : 0;
            }
            partial[b] = total;
        });
        double sum = 0;
        for (double s : partial) {
            sum += s;
        }
        return sum / n;
    }

    private static double distanceSum3(double[][] columns, int from, int to, double x0, double x1, double x2) {
        double[] c0 = columns[0];
        double[] c1 = columns[1];
        double[] c2 = columns[2];
        double sum = 0;
        for (int o = from; o < to; o++) {
            double d0 = x0 - c0[o];
            double d1 = x1 - c1[o];
            double d2 = x2 - c2[o];
            sum += Math.sqrt(d0 * d0 + d1 * d1 + d2 * d2);
        }
        return sum;
    }

    private static double distanceSum(double[][] columns, int from, int to, double[] point) {
        double sum = 0;
        for (int o = from; o < to; o++) {
            double ds = 0;
            for (int j = 0; j < point.length; j++) {
                double diff = point[j] - columns[j][o];
                ds += diff * diff;
            }
            sum += Math.sqrt(ds);
        }
        return sum;
    }
}
