package io.segmenter.trainer.model;

/**
 * One K-means fit: centroids in the space it was fitted in, each point's cluster, inertia (sum of
 * squared distances to the assigned centroid) and the size of each cluster.
 */
public record Clustering(double[][] centroids, int[] labels, double inertia, long[] sizes) {

    public int k() {
        return centroids.length;
    }

    /** Sizes counted from the labels. */
    public static long[] sizes(int[] labels, int k) {
        long[] sizes = new long[k];
        for (int l : labels) {
            sizes[l]++;
        }
        return sizes;
    }
}
