package io.segmenter.trainer.kmeans;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import smile.clustering.CentroidClustering;
import smile.clustering.KMeans;
import smile.math.MathEx;

class KMeansSearchTest {

    /** Three well separated blobs of 300, 200 and 100 points in 3 dimensions. */
    private static double[][] blobs(long seed) {
        double[][] centres = {{0, 0, 0}, {10, 10, 0}, {0, 10, 10}};
        int[] sizes = {300, 200, 100};
        Random random = new Random(seed);
        double[][] data = new double[600][];
        int i = 0;
        for (int c = 0; c < 3; c++) {
            for (int s = 0; s < sizes[c]; s++) {
                data[i++] = new double[] {
                    centres[c][0] + random.nextGaussian(),
                    centres[c][1] + random.nextGaussian(),
                    centres[c][2] + random.nextGaussian()};
            }
        }
        return data;
    }

    @Test
    void shouldRecoverKnownClustersAndMatchSmile() {
        double[][] data = blobs(7);
        Clustering ours = KMeansSearch.fit(data, 3, 42);

        long[] sizes = ours.sizes().clone();
        Arrays.sort(sizes);
        assertArrayEquals(new long[] {100, 200, 300}, sizes);
        for (int i = 0; i < data.length; i++) {
            int expectedBlob = i < 300 ? 0 : i < 500 ? 1 : 2;
            int firstOfBlob = expectedBlob == 0 ? 0 : expectedBlob == 1 ? 300 : 500;
            assertEquals(ours.labels()[firstOfBlob], ours.labels()[i], "point " + i + " left its blob");
        }

        MathEx.setSeed(42);
        CentroidClustering<double[], double[]> smile = KMeans.fit(data, 3, 300);
        // Smile's distortion is the mean squared distance per point.
        double smileInertia = smile.distortion() * data.length;
        assertEquals(smileInertia, ours.inertia(), smileInertia * 1e-9);
        assertEquals(inertiaOf(data, ours), ours.inertia(), ours.inertia() * 1e-12);
    }

    @Test
    void shouldNotBeWorseThanSmileOnOverlappingData() {
        Random random = new Random(3);
        double[][] data = new double[2_000][];
        for (int i = 0; i < data.length; i++) {
            data[i] = new double[] {random.nextGaussian(), random.nextGaussian() * 2, Math.abs(random.nextGaussian())};
        }
        for (int k = 2; k <= 8; k++) {
            Clustering ours = KMeansSearch.fit(data, k, 1);
            MathEx.setSeed(1);
            double smileBest = Double.POSITIVE_INFINITY;
            for (int r = 0; r < 10; r++) {
                smileBest = Math.min(smileBest, KMeans.fit(data, k, 300).distortion() * data.length);
            }
            assertTrue(ours.inertia() <= smileBest * 1.01, "k=" + k + ": " + ours.inertia() + " vs smile " + smileBest);
        }
    }

    @Test
    void shouldBeDeterministicForASeed() {
        double[][] data = blobs(11);
        Clustering a = KMeansSearch.fit(data, 5, 99);
        Clustering b = KMeansSearch.fit(data, 5, 99);
        assertArrayEquals(a.labels(), b.labels());
        assertEquals(a.inertia(), b.inertia(), 0.0);
    }

    @Test
    void shouldGiveOneClusterOfAllPointsForKOne() {
        double[][] data = blobs(5);
        Clustering c = KMeansSearch.fit(data, 1, 0);
        assertArrayEquals(new long[] {600}, c.sizes());
        double total = 0;
        double[] mean = c.centroids()[0];
        for (double[] row : data) {
            for (int j = 0; j < 3; j++) {
                total += (row[j] - mean[j]) * (row[j] - mean[j]);
            }
        }
        assertEquals(total, c.inertia(), total * 1e-12);
    }

    @Test
    void shouldScoreSilhouetteAsDefinedOnATinyExample() {
        // Two clusters on a line: {0, 1} and {5}. Point 0: a=1, b=5 -> 0.8; point 1: a=1, b=4 -> 0.75;
        // point 5 is alone -> 0. Mean = 1.55 / 3.
        double[][] data = {{0}, {1}, {5}};
        assertEquals(1.55 / 3, KMeansSearch.silhouette(data, new int[] {0, 0, 1}, 2, 0, 0), 1e-12);
    }

    @Test
    void shouldPreferTheTrueKBySilhouette() {
        List<KCandidate> candidates = KMeansSearch.search(blobs(13), 1, 6, 0, 4);
        assertEquals(6, candidates.size());
        assertTrue(Double.isNaN(candidates.get(0).silhouette()));
        KCandidate best = candidates.stream().skip(1)
                .max((x, y) -> Double.compare(x.silhouette(), y.silhouette())).orElseThrow();
        assertEquals(3, best.k());
        for (int i = 1; i < candidates.size(); i++) {
            assertTrue(candidates.get(i).clustering().inertia() <= candidates.get(i - 1).clustering().inertia());
        }
    }

    private static double inertiaOf(double[][] data, Clustering c) {
        double total = 0;
        for (int i = 0; i < data.length; i++) {
            double[] centre = c.centroids()[c.labels()[i]];
            for (int j = 0; j < centre.length; j++) {
                total += (data[i][j] - centre[j]) * (data[i][j] - centre[j]);
            }
        }
        return total;
    }

    @Test
    void shouldSearchTheRunningSumAsNumpySearchsorted() {
        double[] weights = {1, 0, 2, 3};
        // cumsum = 1, 1, 3, 6: side-left search, clipped to the last index past the total
        double[] targets = {3, 0.5, 1, 6.5, 1.5};
        int[] out = new int[targets.length];
        KMeansPlusPlus.searchCumulative(weights, targets, out);
        assertArrayEquals(new int[] {2, 0, 0, 3, 2}, out);
    }

    @Test
    void shouldRefillEmptyClustersWhenPointsRepeat() {
        double[][] data = {{0, 0}, {0, 0}, {0, 0}, {5, 5}, {5, 5}, {5, 5}, {5, 5}};
        Clustering c = KMeansSearch.fit(data, 4, 3);
        assertEquals(7, Arrays.stream(c.sizes()).sum());
        assertEquals(0.0, c.inertia(), 1e-12);
    }

    @Test
    void shouldGiveNaNSilhouetteWhenOnlyOneClusterIsPresent() {
        double[][] data = {{0}, {1}, {2}};
        assertTrue(Double.isNaN(KMeansSearch.silhouette(data, new int[] {1, 1, 1}, 2, 0, 0)));
    }
}
