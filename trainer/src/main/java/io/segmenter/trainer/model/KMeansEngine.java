package io.segmenter.trainer.model;

/** The seam to the K-means implementation: one fit for one k (best of the engine's restarts), seeded. */
@FunctionalInterface
public interface KMeansEngine {

    Clustering fit(double[][] x, int k, long seed);
}
