package io.segmenter.trainer.kmeans;

import java.util.Arrays;

/**
 * Greedy k-means++ seeding, step for step as scikit-learn's {@code _kmeans_plusplus}: the first centre is
 * {@code randint(n)}; each next one is the best (lowest potential) of {@code 2 + ln k} candidates drawn
 * with probability proportional to the squared distance to the nearest centre so far. Candidate
 * potentials are accumulated without storing their distance arrays, to keep memory traffic down.
 */
final class KMeansPlusPlus {

    private KMeansPlusPlus() {
    }

    /** Returns k initial centres as a row-major {@code double[k * d]}. */
    static double[] seed(Points p, int k, NumpyRandomState random) {
        int n = p.n;
        int d = p.d;
        double[] x = p.x;
        int trials = 2 + (int) Math.log(k);
        double[] centres = new double[k * d];
        double[] closest = new double[n];
        double[] targets = new double[trials];
        int[] candidates = new int[trials];
        int chunks = p.chunks();
        double[] partial = new double[chunks * trials];
        double[] chunkSum = new double[chunks];

        int first = (int) random.nextLong(n);
        System.arraycopy(x, first * d, centres, 0, d);
        p.forEachChunk(chunk -> {
            double sum = 0;
            for (int i = p.chunkStart(chunk), end = p.chunkEnd(chunk); i < end; i++) {
                double ds = p.distanceSquared(i, centres, 0);
                closest[i] = ds;
                sum += ds;
            }
            chunkSum[chunk] = sum;
        });
        double potential = sum(chunkSum);

        for (int c = 1; c < k; c++) {
            for (int t = 0; t < trials; t++) {
                targets[t] = random.nextDouble() * potential;
            }
            searchCumulative(closest, targets, candidates);
            Arrays.fill(partial, 0);
            p.forEachChunk(chunk -> {
                int base = chunk * trials;
                for (int i = p.chunkStart(chunk), end = p.chunkEnd(chunk); i < end; i++) {
                    int pi = i * d;
                    double current = closest[i];
                    for (int t = 0; t < trials; t++) {
                        int pc = candidates[t] * d;
                        double ds = 0;
                        for (int j = 0; j < d; j++) {
                            double diff = x[pi + j] - x[pc + j];
                            ds += diff * diff;
                        }
                        partial[base + t] += Math.min(ds, current);
                    }
                }
            });
            int best = 0;
            double bestPotential = Double.POSITIVE_INFINITY;
            for (int t = 0; t < trials; t++) {
                double pot = 0;
                for (int chunk = 0; chunk < chunks; chunk++) {
                    pot += partial[chunk * trials + t];
                }
                if (pot < bestPotential) {
                    bestPotential = pot;
                    best = t;
                }
            }
            potential = bestPotential;
            int centre = c;
            System.arraycopy(x, candidates[best] * d, centres, centre * d, d);
            p.forEachChunk(chunk -> {
                for (int i = p.chunkStart(chunk), end = p.chunkEnd(chunk); i < end; i++) {
                    closest[i] = Math.min(closest[i], p.distanceSquared(i, centres, centre));
                }
            });
        }
        return centres;
    }

    /**
     * For each target, the first index whose running sum of {@code weights} reaches it: numpy's
     * {@code searchsorted(cumsum(weights), target)} (side left, clipped to the last index), with the same
     * sequential additions, but in one pass that stops at the largest target and stores no cumulative array.
     */
    static void searchCumulative(double[] weights, double[] targets, int[] out) {
        int m = targets.length;
        Integer[] order = new Integer[m];
        for (int t = 0; t < m; t++) {
            order[t] = t;
        }
        Arrays.sort(order, (a, b) -> Double.compare(targets[a], targets[b]));
        int last = weights.length - 1;
        int next = 0;
        double running = 0;
        for (int i = 0; i < weights.length && next < m; i++) {
            running += weights[i];
            while (next < m && running >= targets[order[next]]) {
                out[order[next++]] = i;
            }
        }
        while (next < m) {
            out[order[next++]] = last;
        }
    }

    private static double sum(double[] values) {
        double s = 0;
        for (double v : values) {
            s += v;
        }
        return s;
    }
}
