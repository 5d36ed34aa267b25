package io.segmenter.trainer.kmeans;

/**
 * The part of numpy's legacy {@code RandomState} (MT19937) that scikit-learn's k-means++ draws from:
 * {@code RandomState(seed)}, {@code randint(n)} and {@code uniform()}. Reproducing it bit for bit makes
 * {@link KMeansSearch#fit} pick the same initial centres as {@code KMeans(random_state=seed)}, hence
 * reproduce scikit-learn's results (the reference notebook's figures) rather than merely resemble them.
 */
final class NumpyRandomState {

    private static final int N = 624;
    private static final int M = 397;

    private final int[] mt = new int[N];
    private int pos;

    /** As {@code numpy.random.RandomState(seed)} for a seed in {@code 0..2^32-1}. */
    NumpyRandomState(long seed) {
        if (seed < 0 || seed > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("seed must be in 0..2^32-1, got " + seed);
        }
        int s = (int) seed;
        for (int i = 0; i < N; i++) {
            mt[i] = s;
            s = 1812433253 * (s ^ (s >>> 30)) + i + 1;
        }
        pos = N;
    }

    int nextInt32() {
        if (pos >= N) {
            generate();
        }
        int y = mt[pos++];
        y ^= y >>> 11;
        y ^= (y << 7) & 0x9d2c5680;
        y ^= (y << 15) & 0xefc60000;
        y ^= y >>> 18;
        return y;
    }

    private void generate() {
        for (int i = 0; i < N; i++) {
            int y = (mt[i] & 0x8000_0000) | (mt[(i + 1) % N] & 0x7fff_ffff);
            int next = mt[(i + M) % N] ^ (y >>> 1);
            mt[i] = (y & 1) != 0 ? next ^ 0x9908b0df : next;
        }
        pos = 0;
    }

    /** {@code random_sample()}: a double in [0, 1) from two draws, 53 random bits. */
    double nextDouble() {
        long a = Integer.toUnsignedLong(nextInt32()) >>> 5;
        long b = Integer.toUnsignedLong(nextInt32()) >>> 6;
        return (a * 67108864.0 + b) / 9007199254740992.0;
    }

    /** {@code randint(n)} for {@code 1 <= n <= 2^32}: masked rejection sampling, as numpy's legacy path. */
    long nextLong(long n) {
        long range = n - 1;
        if (range == 0) {
            return 0;
        }
        long mask = range;
        mask |= mask >>> 1;
        mask |= mask >>> 2;
        mask |= mask >>> 4;
        mask |= mask >>> 8;
        mask |= mask >>> 16;
        long value;
        do {
            value = Integer.toUnsignedLong(nextInt32()) & mask;
        } while (value > range);
        return value;
    }
}
