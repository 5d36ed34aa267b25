package io.segmenter.trainer.kmeans;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Greedy k-means++ seeding as scikit-learn does it: each new centre is the best (lowest potential) of
 * {@code 2 + ln k} candidates drawn with probability proportional to the squared distance to the
 * nearest centre chosen so far.
 */
final class KMeansPlusPlus {

    private KMeansPlusPlus() {
    }

    /** Returns k initial centres as a row-major {@code double[k * d]}. */
    static double[] seed(Points p, int k, SplittableRandom random) {
        int n = p.n;
        int d = p.d;
        int trials = 2 + (int) Math.log(k);
        double[] centres = new double[k * d];
        double[] closest = new double[n];
        double[][] candidateDist = new double[trials][n];
        double[] cumulative = new double[n];
        int[] candidates = new int[trials];
        double[] candidatePotential = new double[trials];
        double[] partial = new double[p.chunks() * trials];

        int first = random.nextInt(n);
        System.arraycopy(p.x, first * d, centres, 0, d);
        p.forEachChunk(chunk -> {
            for (int i = p.chunkStart(chunk), end = p.chunkEnd(chunk); i < end; i++) {
                closest[i] = p.distanceSquared(i, centres, 0);
            }
        });
        double potential = sum(closest);

        for (int c = 1; c < k; c++) {
            double running = 0;
            for (int i = 0; i < n; i++) {
                running += closest[i];
                cumulative[i] = running;
            }
            for (int t = 0; t < trials; t++) {
                candidates[t] = pick(cumulative, random.nextDouble() * potential);
            }
            Arrays.fill(partial, 0);
            p.forEachChunk(chunk -> {
                for (int t = 0; t < trials; t++) {
                    double[] dist = candidateDist[t];
                    int cand = candidates[t] * d;
                    double pot = 0;
                    for (int i = p.chunkStart(chunk), end = p.chunkEnd(chunk); i < end; i++) {
                        double ds = 0;
                        int pi = i * d;
                        for (int j = 0; j < d; j++) {
                            double diff = p.x[pi + j] - p.x[cand + j];
                            ds += diff * diff;
                        }
                        double m = Math.min(ds, closest[i]);
                        dist[i] = m;
                        pot += m;
                    }
                    partial[chunk * trials + t] = pot;
                }
            });
            for (int t = 0; t < trials; t++) {
                double pot = 0;
                for (int chunk = 0; chunk < p.chunks(); chunk++) {
                    pot += partial[chunk * trials + t];
                }
                candidatePotential[t] = pot;
            }
            int best = 0;
            for (int t = 1; t < trials; t++) {
                if (candidatePotential[t] < candidatePotential[best]) {
                    best = t;
                }
            }
            potential = candidatePotential[best];
            System.arraycopy(candidateDist[best], 0, closest, 0, n);
            System.arraycopy(p.x, candidates[best] * d, centres, c * d, d);
        }
        return centres;
    }

    /** First index whose cumulative weight reaches {@code target}, clamped to the last point. */
    private static int pick(double[] cumulative, double target) {
        int lo = 0;
        int hi = cumulative.length - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (cumulative[mid] < target) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private static double sum(double[] values) {
        double s = 0;
        for (double v : values) {
            s += v;
        }
        return s;
    }
}
