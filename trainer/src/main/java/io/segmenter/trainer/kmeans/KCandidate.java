package io.segmenter.trainer.kmeans;

/**
 * The best fit for one k of a search.
 *
 * @param silhouette mean silhouette coefficient of the fit, {@code NaN} for k = 1
 */
public record KCandidate(int k, Clustering clustering, double silhouette) {
}
