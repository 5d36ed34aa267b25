package io.segmenter.trainer.kmeans;

import java.util.Arrays;

/**
 * Lloyd iterations from given centres, following scikit-learn's loop: stop when no label changes
 * (strict convergence) or when the squared centre shift falls to {@code tol}; after a tolerance stop,
 * assign once more so labels and inertia match the final centres. Per-chunk accumulators are
 * allocated once per run, so the iterations allocate nothing.
 */
final class Lloyd {

    private final Points p;
    private final int k;
    private final int[] labels;
    private final double[] sums;
    private final long[] counts;
    private final double[] inertia;
    private final int[] changed;

    private Lloyd(Points p, int k) {
        this.p = p;
        this.k = k;
        this.labels = new int[p.n];
        int chunks = p.chunks();
        this.sums = new double[chunks * k * p.d];
        this.counts = new long[chunks * k];
        this.inertia = new double[chunks];
        this.changed = new int[chunks];
    }

    static Clustering run(Points p, double[] initialCentres, int maxIter, double tol) {
        int k = initialCentres.length / p.d;
        return new Lloyd(p, k).iterate(initialCentres.clone(), maxIter, tol);
    }

    private Clustering iterate(double[] centres, int maxIter, double tol) {
        int d = p.d;
        Arrays.fill(labels, -1);
        double[] next = new double[k * d];
        long[] size = new long[k];
        boolean strict = false;
        for (int iter = 0; iter < maxIter; iter++) {
            int moved = assign(centres, true);
            combine(next, size);
            relocateEmpty(centres, next, size);
            double shift = 0;
            for (int i = 0; i < next.length; i++) {
                double diff = next[i] - centres[i];
                shift += diff * diff;
            }
            double[] tmp = centres;
            centres = next;
            next = tmp;
            if (moved == 0) {
                strict = true;
                break;
            }
            if (shift <= tol) {
                break;
            }
        }
        if (!strict) {
            assign(centres, false);
        }
        double total = inertiaOf(centres);
        Arrays.fill(size, 0);
        for (int label : labels) {
            size[label]++;
        }
        double[][] rows = new double[k][];
        for (int c = 0; c < k; c++) {
            rows[c] = Arrays.copyOfRange(centres, c * d, (c + 1) * d);
        }
        return new Clustering(rows, labels, total, size);
    }

    /** Assigns every point to its nearest centre; returns how many labels changed. */
    private int assign(double[] centres, boolean accumulate) {
        int d = p.d;
        double[] x = p.x;
        if (accumulate) {
            Arrays.fill(sums, 0);
            Arrays.fill(counts, 0);
        }
        p.forEachChunk(chunk -> {
            int sumBase = chunk * k * d;
            int countBase = chunk * k;
            int moved = 0;
            for (int i = p.chunkStart(chunk), end = p.chunkEnd(chunk); i < end; i++) {
                int pi = i * d;
                int best = 0;
                double bestDist = Double.POSITIVE_INFINITY;
                for (int c = 0; c < k; c++) {
                    int pc = c * d;
                    double ds = 0;
                    for (int j = 0; j < d; j++) {
                        double diff = x[pi + j] - centres[pc + j];
                        ds += diff * diff;
                    }
                    if (ds < bestDist) {
                        bestDist = ds;
                        best = c;
                    }
                }
                if (labels[i] != best) {
                    labels[i] = best;
                    moved++;
                }
                if (accumulate) {
                    int sb = sumBase + best * d;
                    for (int j = 0; j < d; j++) {
                        sums[sb + j] += x[pi + j];
                    }
                    counts[countBase + best]++;
                }
            }
            changed[chunk] = moved;
        });
        int moved = 0;
        for (int m : changed) {
            moved += m;
        }
        return moved;
    }

    /** Sum of squared distances of the points to the centres of their labels. */
    private double inertiaOf(double[] centres) {
        p.forEachChunk(chunk -> {
            double in = 0;
            for (int i = p.chunkStart(chunk), end = p.chunkEnd(chunk); i < end; i++) {
                in += p.distanceSquared(i, centres, labels[i]);
            }
            inertia[chunk] = in;
        });
        double total = 0;
        for (double in : inertia) {
            total += in;
        }
        return total;
    }

    /** Adds the chunk accumulators in chunk order and divides: the new centres (empty ones left at 0). */
    private void combine(double[] next, long[] size) {
        int d = p.d;
        Arrays.fill(next, 0);
        Arrays.fill(size, 0);
        for (int chunk = 0; chunk < p.chunks(); chunk++) {
            int sumBase = chunk * k * d;
            for (int i = 0; i < k * d; i++) {
                next[i] += sums[sumBase + i];
            }
            for (int c = 0; c < k; c++) {
                size[c] += counts[chunk * k + c];
            }
        }
        for (int c = 0; c < k; c++) {
            if (size[c] > 0) {
                for (int j = 0; j < d; j++) {
                    next[c * d + j] /= size[c];
                }
            }
        }
    }

    /**
     * Gives each empty cluster the point farthest from its own centre (distinct points), taken out of its
     * donor cluster, as scikit-learn does; rare, so it may allocate.
     */
    private void relocateEmpty(double[] oldCentres, double[] next, long[] size) {
        int empty = 0;
        for (long s : size) {
            if (s == 0) {
                empty++;
            }
        }
        if (empty == 0) {
            return;
        }
        int d = p.d;
        double[] dist = new double[p.n];
        for (int i = 0; i < p.n; i++) {
            dist[i] = p.distanceSquared(i, oldCentres, labels[i]);
        }
        Integer[] order = new Integer[p.n];
        for (int i = 0; i < p.n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(dist[b], dist[a]));
        int taken = 0;
        for (int c = 0; c < k && taken < p.n; c++) {
            if (size[c] != 0) {
                continue;
            }
            int far = order[taken++];
            int donor = labels[far];
            if (size[donor] > 1) {
                for (int j = 0; j < d; j++) {
                    next[donor * d + j] = (next[donor * d + j] * size[donor] - p.x[far * d + j]) / (size[donor] - 1);
                }
                size[donor]--;
            }
            System.arraycopy(p.x, far * d, next, c * d, d);
            size[c] = 1;
            labels[far] = c;
        }
    }
}
