package io.segmenter.trainer.kmeans;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Expected figures come from scikit-learn 1.2.1 (numpy 1.24) on the same points:
 * {@code KMeans(n_clusters=k, n_init=10, random_state=2024).fit(X)} and {@code silhouette_score(X, labels)}
 * with {@code i = np.arange(500); X = np.c_[np.sin(i*1.3)*3 + (i%3)*4, np.cos(i*0.7)*2 + (i%5),
 * np.sin(i*0.11) + (i%7)*0.5]}.
 */
class ScikitLearnReplayTest {

    private static double[][] points() {
        double[][] x = new double[500][];
        for (int i = 0; i < x.length; i++) {
            x[i] = new double[] {
                Math.sin(i * 1.3) * 3 + (i % 3) * 4,
                Math.cos(i * 0.7) * 2 + (i % 5),
                Math.sin(i * 0.11) + (i % 7) * 0.5};
        }
        return x;
    }

    @Test
    void shouldReplayScikitLearnKMeansForTheSameRandomState() {
        double[] inertia = {4856.325432144232, 3955.233215153943, 3166.8136791824363, 2653.7856347036113,
            2222.7693161749867};
        long[][] sizes = {{247, 253}, {86, 178, 236}, {85, 86, 162, 167}, {80, 86, 95, 109, 130},
            {72, 76, 76, 81, 94, 101}};
        double[] silhouette = {0.43005784482443765, 0.3237566141355164, 0.2954848666310236, 0.3033361852113374,
            0.30253813243545596};

        List<KCandidate> candidates = KMeansSearch.search(points(), 2, 6, 0, 2024);

        for (KCandidate c : candidates) {
            int i = c.k() - 2;
            assertEquals(inertia[i], c.clustering().inertia(), inertia[i] * 1e-9, "inertia k=" + c.k());
            long[] got = c.clustering().sizes().clone();
            Arrays.sort(got);
            assertArrayEquals(sizes[i], got, "sizes k=" + c.k());
            assertEquals(silhouette[i], c.silhouette(), 1e-9, "silhouette k=" + c.k());
        }
    }

    @Test
    void shouldDrawTheSameNumbersAsNumpyRandomState() {
        // np.random.RandomState(42): randint(4339) -> 860, then uniform(size=3)
        NumpyRandomState random = new NumpyRandomState(42);
        assertEquals(860, random.nextLong(4339));
        assertEquals(0.1834347898661638, random.nextDouble(), 0.0);
        assertEquals(0.7796910002727693, random.nextDouble(), 0.0);
        assertEquals(0.596850157946487, random.nextDouble(), 0.0);
    }

    @Test
    void shouldScoreTheSameSampleAsScikitLearnSilhouette() {
        // silhouette_score(X, labels_k4, sample_size=200, random_state=3)
        double[][] x = points();
        Clustering c = KMeansSearch.fit(x, 4, 2024);
        assertEquals(0.2992012283746719, KMeansSearch.silhouette(x, c.labels(), 4, 200, 3), 1e-9);
        // np.random.RandomState(5).permutation(10)[:4]
        assertArrayEquals(new int[] {9, 5, 2, 4}, Silhouette.permutationPrefix(10, 4, new NumpyRandomState(5)));
    }
}
