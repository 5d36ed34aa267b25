package io.segmenter.trainer.kmeans;

import java.util.function.IntConsumer;
import java.util.stream.IntStream;

/**
 * Points copied once into one row-major {@code double[]} (point i, feature j at {@code i * d + j}) so the
 * hot loops walk contiguous memory, cut into fixed chunks that run in parallel. The chunking does not
 * depend on the number of cores, so partial sums add up in the same order on every machine.
 */
final class Points {

    /** Points per parallel chunk: large enough to amortise the fork, small enough to spread over cores. */
    static final int CHUNK = 16_384;

    final double[] x;
    final int n;
    final int d;

    private Points(double[] x, int n, int d) {
        this.x = x;
        this.n = n;
        this.d = d;
    }

    static Points of(double[][] data) {
        if (data == null || data.length == 0) {
            throw new IllegalArgumentException("no points");
        }
        int d = data[0].length;
        if (d == 0) {
            throw new IllegalArgumentException("points have no features");
        }
        double[] x = new double[Math.multiplyExact(data.length, d)];
        for (int i = 0; i < data.length; i++) {
            double[] row = data[i];
            if (row.length != d) {
                throw new IllegalArgumentException("point " + i + " has " + row.length + " features, expected " + d);
            }
            for (int j = 0; j < d; j++) {
                if (!Double.isFinite(row[j])) {
                    throw new IllegalArgumentException("point " + i + " has a non-finite feature");
                }
            }
            System.arraycopy(row, 0, x, i * d, d);
        }
        return new Points(x, data.length, d);
    }

    /** The points at {@code indices}, in that order. */
    Points subset(int[] indices) {
        double[] sub = new double[indices.length * d];
        for (int s = 0; s < indices.length; s++) {
            System.arraycopy(x, indices[s] * d, sub, s * d, d);
        }
        return new Points(sub, indices.length, d);
    }

    int chunks() {
        return (n + CHUNK - 1) / CHUNK;
    }

    int chunkStart(int chunk) {
        return chunk * CHUNK;
    }

    int chunkEnd(int chunk) {
        return Math.min(n, (chunk + 1) * CHUNK);
    }

    /** Runs {@code body} once per chunk, in parallel when there is more than one. */
    void forEachChunk(IntConsumer body) {
        int chunks = chunks();
        if (chunks == 1) {
            body.accept(0);
        } else {
            IntStream.range(0, chunks).parallel().forEach(body);
        }
    }

    /** Squared Euclidean distance between point i and row c of the row-major matrix {@code m}. */
    double distanceSquared(int i, double[] m, int c) {
        int pi = i * d;
        int pc = c * d;
        double sum = 0;
        for (int j = 0; j < d; j++) {
            double diff = x[pi + j] - m[pc + j];
            sum += diff * diff;
        }
        return sum;
    }

    /** Mean of the per-feature variances, the scale of scikit-learn's relative tolerance. */
    double meanVariance() {
        double total = 0;
        for (int j = 0; j < d; j++) {
            double mean = 0;
            for (int i = 0; i < n; i++) {
                mean += x[i * d + j];
            }
            mean /= n;
            double var = 0;
            for (int i = 0; i < n; i++) {
                double diff = x[i * d + j] - mean;
                var += diff * diff;
            }
            total += var / n;
        }
        return total / d;
    }
}
