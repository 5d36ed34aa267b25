package io.segmenter.trainer.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.segmenter.trainer.kmeans.Clustering;
import io.segmenter.trainer.kmeans.KMeansSearch;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class KSearchTest {

    /**
     * Below {@link KSearch#PARALLEL_K_BELOW} points the k are fitted side by side, and the silhouettes of all
     * k computed together: each gives what a fit and a silhouette on its own give, on all points or a sample.
     */
    @ParameterizedTest
    @ValueSource(ints = {0, 500})
    void shouldFitEveryKSideBySideAsOneAtATime(int sample) {
        Random random = new Random(3);
        double[][] x = new double[2_000][];
        for (int i = 0; i < x.length; i++) {
            int blob = i % 4;
            x[i] = new double[] {blob * 3 + random.nextGaussian(), (blob % 2) * 5 + random.nextGaussian(), random.nextGaussian()};
        }
        List<Integer> started = new ArrayList<>();
        List<KCandidate> candidates = KSearch.run(x, 1, 8, 5, 42L, sample, started::add);
        assertEquals(8, candidates.size());
        assertEquals(8, started.size());
        for (int k = 1; k <= 8; k++) {
            KCandidate c = candidates.get(k - 1);
            assertEquals(k, c.k());
            assertTrue(started.contains(k));
            Clustering alone = KMeansSearch.fit(x, k, 5, 42L);
            assertEquals(alone.inertia(), c.clustering().inertia(), 0.0, "k = " + k);
            assertArrayEquals(alone.labels(), c.clustering().labels(), "k = " + k);
            double silhouette = k == 1 ? Double.NaN : KMeansSearch.silhouette(x, alone.labels(), k, sample, 42L);
            assertEquals(silhouette, c.silhouette(), 0.0, "k = " + k);
        }
    }
}
