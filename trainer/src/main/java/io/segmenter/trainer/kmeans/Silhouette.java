package io.segmenter.trainer.kmeans;

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
        return java.util.Arrays.copyOf(perm, size);
    }

    private static double score(Points p, int[] labels, int k) {
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
        if (present < 2 || present > p.n - 1) {
            throw new IllegalArgumentException("silhouette needs 2 to n-1 clusters, got " + present);
        }
        int d = p.d;
        double[] x = p.x;
        // Points are cut into smaller chunks than Points.CHUNK: each one costs O(n) here, not O(1).
        int block = 256;
        int blocks = (p.n + block - 1) / block;
        double[] partial = new double[blocks];
        java.util.stream.IntStream.range(0, blocks).parallel().forEach(b -> {
            double[] dist = new double[k];
            double total = 0;
            for (int i = b * block, end = Math.min(p.n, (b + 1) * block); i < end; i++) {
                java.util.Arrays.fill(dist, 0);
                int pi = i * d;
                for (int o = 0; o < p.n; o++) {
                    int po = o * d;
                    double ds = 0;
                    for (int j = 0; j < d; j++) {
                        double diff = x[pi + j] - x[po + j];
                        ds += diff * diff;
                    }
                    dist[labels[o]] += Math.sqrt(ds);
                }
                int own = labels[i];
                if (counts[own] <= 1) {
                    continue;
                }
                double a = dist[own] / (counts[own] - 1);
                double nearest = Double.POSITIVE_INFINITY;
                for (int c = 0; c < k; c++) {
                    if (c != own && counts[c] > 0) {
                        nearest = Math.min(nearest, dist[c] / counts[c]);
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
        return sum / p.n;
    }
}
