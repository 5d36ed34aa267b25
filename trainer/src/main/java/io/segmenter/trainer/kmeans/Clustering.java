package io.segmenter.trainer.kmeans;

/**
 * One k-means fit.
 *
 * @param centroids {@code centroids[k][d]}
 * @param labels    {@code labels[n]}, each in {@code 0..k-1}
 * @param inertia   within-cluster sum of squared Euclidean distances to the centroids
 * @param sizes     {@code sizes[k]}, the number of points per cluster
 */
public record Clustering(double[][] centroids, int[] labels, double inertia, long[] sizes) {

    public int k() {
        return centroids.length;
    }
}
