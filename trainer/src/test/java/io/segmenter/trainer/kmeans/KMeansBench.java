package io.segmenter.trainer.kmeans;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import smile.clustering.KMeans;
import smile.math.MathEx;

/**
 * Benchmark main (not a test; run by {@code trainer/bench/kmeans_bench.sh}): the k search on a file of
 * row-major little-endian float64 triples, one JSON line per k, the same shape as
 * {@code sklearn_kmeans.py fit}.
 *
 * <p>{@code KMeansBench FILE KMIN KMAX RESTARTS SAMPLE SEED [smile K]}: with {@code smile K}, times
 * Smile's {@code KMeans.fit} (which builds its BBD tree per call) for that k instead.
 */
public final class KMeansBench {

    private KMeansBench() {
    }

    public static void main(String[] args) throws IOException {
        long t = System.nanoTime();
        double[][] x = load(Path.of(args[0]));
        int kMin = Integer.parseInt(args[1]);
        int kMax = Integer.parseInt(args[2]);
        int restarts = Integer.parseInt(args[3]);
        int sample = Integer.parseInt(args[4]);
        long seed = Long.parseLong(args[5]);
        String impl = "segmenter KMeansSearch (Java " + Runtime.version() + ", "
                + Runtime.getRuntime().availableProcessors() + " cores)";
        System.out.printf(Locale.ROOT, "{\"impl\": \"%s\", \"load_s\": %.3f}%n", impl, seconds(t));
        if (args.length > 7 && args[6].equals("smile")) {
            int k = Integer.parseInt(args[7]);
            MathEx.setSeed(seed);
            for (int run = 0; run < 3; run++) {
                long s = System.nanoTime();
                double distortion = KMeans.fit(x, k, 300).distortion();
                System.out.printf(Locale.ROOT, "{\"smile_k\": %d, \"fit_s\": %.3f, \"inertia\": %.6f}%n", k, seconds(s),
                        distortion * x.length);
            }
            return;
        }
        Points points = Points.of(x);
        for (int k = kMin; k <= kMax; k++) {
            long t0 = System.nanoTime();
            double cpu0 = cpuSeconds();
            Clustering c = KMeansSearch.fit(points, k, restarts, seed);
            double fit = seconds(t0);
            double fitCpu = cpuSeconds() - cpu0;
            long t1 = System.nanoTime();
            double cpu1 = cpuSeconds();
            double silhouette = k == 1 ? Double.NaN : Silhouette.of(points, c.labels(), k, sample, seed);
            System.out.printf(Locale.ROOT,
                    "{\"k\": %d, \"fit_s\": %.4f, \"silhouette_s\": %.4f, \"fit_cpu_s\": %.4f, \"silhouette_cpu_s\": %.4f,"
                            + " \"inertia\": %.17g, \"silhouette\": %s}%n",
                    k, fit, seconds(t1), fitCpu, cpuSeconds() - cpu1, c.inertia(),
                    Double.isNaN(silhouette) ? "NaN" : Double.toString(silhouette));
        }
    }

    private static double[][] load(Path file) throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        int n = bytes.remaining() / (3 * Double.BYTES);
        double[][] x = new double[n][3];
        for (double[] row : x) {
            for (int j = 0; j < 3; j++) {
                row[j] = bytes.getDouble();
            }
        }
        return x;
    }

    /** CPU time of the whole process (all threads), to compare fairly on a busy machine. */
    private static double cpuSeconds() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime() / 1e9;
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }
}
