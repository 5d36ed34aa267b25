package io.segmenter.cli.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

/**
 * Where a stream thread's wall time goes, running or not: every 2 ms its state and top Kafka or segmenter
 * frames. JFR's execution samples see Java code only (RocksDB's native writes and waits on the broker are
 * missing from them), so this is the view of a thread that is not on the CPU all the time. Sampling
 * stops at safepoints, so frames between them are under-counted; shares above a few percent are sound.
 */
final class WallSampler implements Runnable, AutoCloseable {

    private static final long INTERVAL_NANOS = 2_000_000;
    private static final int FRAMES = 3;

    private final String threadPrefix;
    private final Map<String, Integer> counts = new HashMap<>();
    private final Thread thread;
    private volatile boolean stop;
    private int samples;

    /** Starts sampling the first stream thread of application {@code appId}. */
    WallSampler(String appId) {
        this.threadPrefix = appId;
        this.thread = Thread.ofPlatform().daemon().name("wall-sampler").start(this);
    }

    @Override
    public void run() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long id = -1;
        while (!stop) {
            if (id < 0) {
                id = find(threads);
            } else {
                ThreadInfo t = threads.getThreadInfo(id, 40);
                if (t != null) {
                    record(t);
                }
            }
            LockSupport.parkNanos(INTERVAL_NANOS);
        }
    }

    private long find(ThreadMXBean threads) {
        for (ThreadInfo t : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (t != null && t.getThreadName().startsWith(threadPrefix) && t.getThreadName().endsWith("-StreamThread-1")) {
                return t.getThreadId();
            }
        }
        return -1;
    }

    private void record(ThreadInfo t) {
        StringBuilder key = new StringBuilder(t.getThreadState().toString());
        int frames = 0;
        for (StackTraceElement e : t.getStackTrace()) {
            String c = e.getClassName();
            if (frames < FRAMES && (c.startsWith("org.apache.kafka") || c.startsWith("io.segmenter"))) {
                key.append(" < ").append(c.substring(c.lastIndexOf('.') + 1)).append('.').append(e.getMethodName());
                frames++;
            }
        }
        synchronized (counts) {
            counts.merge(key.toString(), 1, Integer::sum);
            samples++;
        }
    }

    /** Stops sampling and prints the {@code top} commonest states with their share of the samples. */
    void print(int top) {
        close();
        synchronized (counts) {
            System.out.printf("  wall-clock samples of the stream thread: %,d (state < top frames)%n", samples);
            counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(top)
                    .forEach(e -> System.out.printf("  %5.1f%% %s%n", 100.0 * e.getValue() / samples, e.getKey()));
        }
    }

    @Override
    public void close() {
        stop = true;
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
