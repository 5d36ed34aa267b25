package io.segmenter.trainer.model;

import io.segmenter.trainer.kmeans.Clustering;

/** The fit for one candidate k: the clustering, its silhouette (NaN for k = 1) and its smallest cluster's share. */
public record KCandidate(int k, Clustering clustering, double silhouette, double smallestShare) {}
