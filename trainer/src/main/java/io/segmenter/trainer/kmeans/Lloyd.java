package io.segmenter.trainer.kmeans;

import java.util.Arrays;

/**
 * Lloyd iterations from given centres, following scikit-learn's loop: stop when no label changes
 * (strict convergence) or when the squared centre shift falls to {@code tol}; after a tolerance stop,
 * assign once more so labels and inertia match the final centres.
 *
 * <p>The assignment step is accelerated with Hamerly's bounds (an upper bound on each point's distance to
 * its centre, a lower bound on the distance to the second nearest): a point whose bounds prove its label
 * cannot change is not compared with every centre. The bounds must hold with a margin far above rounding
 * error, otherwise the point is assigned by brute force, so the labels are exactly those of plain Lloyd.
 * Bounds are stored relative to the centres' cumulative drift, so proving a label writes nothing.
 * Centres are recomputed from all points in a fixed chunk order, so the result does not depend on the
 * thread count. Per-chunk accumulators are allocated once per run: the iterations allocate nothing.
 */
final class Lloyd {

    /** Relative margin by which a bound must prove a label; rounding errors are ~1e-16. */
    private static final double MARGIN = 1e-9;

    private final Points p;
    private final int k;
    private final int[] labels;
    private final double[] upper;
    private final double[] lower;
    private final double[] sums;
    private final long[] counts;
    private final double[] inertia;
    private final int[] changed;
    /** Half the distance from each centre to its nearest other centre. */
    private final double[] halfGap;
    /** How far each centre moved in the last update. */
    private final double[] movement;
    /** Total distance each centre has moved so far; {@code upper} is stored minus the label's drift. */
    private final double[] drift;
    /** Sum over updates of the largest movement; {@code lower} is stored plus it. */
    private double maxDrift;

    private Lloyd(Points p, int k) {
        this.p = p;
        this.k = k;
        this.labels = new int[p.n];
        this.upper = new double[p.n];
        this.lower = new double[p.n];
        int chunks = p.chunks();
        this.sums = new double[chunks * k * p.d];
        this.counts = new long[chunks * k];
        this.inertia = new double[chunks];
        this.changed = new int[chunks];
        this.halfGap = new double[k];
        this.movement = new double[k];
        this.drift = new double[k];
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
            int moved = iter == 0 ? assignAll(centres) : assignBounded(centres, true);
            combine(next, size);
            relocateEmpty(centres, next, size);
            double shift = 0;
            for (int c = 0; c < k; c++) {
                double move = 0;
                for (int j = 0; j < d; j++) {
                    double diff = next[c * d + j] - centres[c * d + j];
                    move += diff * diff;
                }
                shift += move;
                movement[c] = Math.sqrt(move);
            }
            double maxMove = 0;
            for (int c = 0; c < k; c++) {
                drift[c] += movement[c];
                maxMove = Math.max(maxMove, movement[c]);
            }
            maxDrift += maxMove;
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
            assignBounded(centres, false);
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

    /** First assignment: every point against every centre; sets the bounds and accumulates the sums. */
    private int assignAll(double[] centres) {
        Arrays.fill(sums, 0);
        Arrays.fill(counts, 0);
        p.forEachChunk(chunk -> {
            int moved = 0;
            for (int i = p.chunkStart(chunk), end = p.chunkEnd(chunk); i < end; i++) {
                moved += nearest(i, centres);
            }
            accumulate(chunk);
            changed[chunk] = moved;
        });
        return totalChanged();
    }

    /**
     * Assignment after the centres moved: a point is compared with every centre only when its bounds,
     * loosened by the drift since they were set, cannot prove its label. Accumulates the sums in the same
     * pass when asked.
     */
    private int assignBounded(double[] centres, boolean accumulate) {
        computeHalfGaps(centres);
        if (accumulate) {
            Arrays.fill(sums, 0);
            Arrays.fill(counts, 0);
        }
        double lowerDrift = maxDrift;
        p.forEachChunk(chunk -> {
            int d = p.d;
            double[] x = p.x;
            int sumBase = chunk * k * d;
            int countBase = chunk * k;
            int moved = 0;
            for (int i = p.chunkStart(chunk), end = p.chunkEnd(chunk); i < end; i++) {
                int a = labels[i];
                double bound = Math.max(halfGap[a], lower[i] - lowerDrift);
                if ((upper[i] + drift[a]) * (1 + MARGIN) >= bound) {
                    double u = Math.sqrt(p.distanceSquared(i, centres, a));
                    upper[i] = u - drift[a];
                    if (u * (1 + MARGIN) >= bound) {
                        moved += nearest(i, centres);
                        a = labels[i];
                    }
                }
                if (accumulate) {
                    int sb = sumBase + a * d;
                    int pi = i * d;
                    for (int j = 0; j < d; j++) {
                        sums[sb + j] += x[pi + j];
                    }
                    counts[countBase + a]++;
                }
            }
            changed[chunk] = moved;
        });
        return totalChanged();
    }

    /**
     * Labels point i by brute force (the same arithmetic and tie rule, lowest index, as scikit-learn's
     * argmin) and resets its bounds; returns 1 if its label changed.
     */
    private int nearest(int i, double[] centres) {
        int d = p.d;
        double[] x = p.x;
        int pi = i * d;
        int best = 0;
        double bestDist = Double.POSITIVE_INFINITY;
        double second = Double.POSITIVE_INFINITY;
        if (d == 3) {
            double x0 = x[pi];
            double x1 = x[pi + 1];
            double x2 = x[pi + 2];
            for (int c = 0; c < k; c++) {
                double d0 = x0 - centres[3 * c];
                double d1 = x1 - centres[3 * c + 1];
                double d2 = x2 - centres[3 * c + 2];
                double ds = d0 * d0 + d1 * d1 + d2 * d2;
                if (ds < bestDist) {
                    second = bestDist;
                    bestDist = ds;
                    best = c;
                } else if (ds < second) {
                    second = ds;
                }
            }
        } else {
            for (int c = 0; c < k; c++) {
                double ds = p.distanceSquared(i, centres, c);
                if (ds < bestDist) {
                    second = bestDist;
                    bestDist = ds;
                    best = c;
                } else if (ds < second) {
                    second = ds;
                }
            }
        }
        upper[i] = Math.sqrt(bestDist) - drift[best];
        lower[i] = Math.sqrt(second) + maxDrift;
        if (labels[i] != best) {
            labels[i] = best;
            return 1;
        }
        return 0;
    }

    /** Adds the chunk's points to its per-cluster sums, in point order. */
    private void accumulate(int chunk) {
        int d = p.d;
        double[] x = p.x;
        int sumBase = chunk * k * d;
        int countBase = chunk * k;
        for (int i = p.chunkStart(chunk), end = p.chunkEnd(chunk); i < end; i++) {
            int sb = sumBase + labels[i] * d;
            int pi = i * d;
            for (int j = 0; j < d; j++) {
                sums[sb + j] += x[pi + j];
            }
            counts[countBase + labels[i]]++;
        }
    }

    private void computeHalfGaps(double[] centres) {
        int d = p.d;
        Arrays.fill(halfGap, Double.POSITIVE_INFINITY);
        for (int a = 0; a < k; a++) {
            for (int b = a + 1; b < k; b++) {
                double ds = 0;
                for (int j = 0; j < d; j++) {
                    double diff = centres[a * d + j] - centres[b * d + j];
                    ds += diff * diff;
                }
                double half = Math.sqrt(ds) / 2;
                halfGap[a] = Math.min(halfGap[a], half);
                halfGap[b] = Math.min(halfGap[b], half);
            }
        }
    }

    private int totalChanged() {
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

    /** Adds the chunk accumulators in chunk order: per-cluster sums (not yet divided) and sizes. */
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
    }

    /**
     * Divides the sums into means after giving each empty cluster one of the points farthest from their
     * centres, taken out of its donor's sum, as scikit-learn does (labels stay, as there). Rare, so it may
     * allocate.
     */
    private void relocateEmpty(double[] oldCentres, double[] next, long[] size) {
        int d = p.d;
        int empty = 0;
        for (long s : size) {
            if (s == 0) {
                empty++;
            }
        }
        if (empty > 0) {
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
                for (int j = 0; j < d; j++) {
                    next[donor * d + j] -= p.x[far * d + j];
                    next[c * d + j] = p.x[far * d + j];
                }
                size[donor]--;
                size[c] = 1;
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
}
