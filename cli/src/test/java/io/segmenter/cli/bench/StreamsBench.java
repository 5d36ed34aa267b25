package io.segmenter.cli.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The streaming benchmarks of DESIGN.md ("Promises to measure"), run by {@code bench/streams.sh}: not a
 * test (surefire and failsafe never pick it up). Starts one embedded broker in a temporary directory
 * and prints a table per benchmark.
 *
 * <pre>
 * StreamsBench [streams|latency|restore|all] [key=value ...]
 *   streams: tx=200000 customers=5000 rekey=0.25 partitions=6 rounds=2 commit.ms=100
 *   latency: rate=2000 seconds=60 warmup=10 customers=5000 rekey=0.25 partitions=6
 *   restore: restore.customers=100000 partitions=6 failover=1 session.timeout.ms=6000
 * </pre>
 */
public final class StreamsBench {

    private StreamsBench() {}

    public static void main(String[] args) throws Exception {
        io.segmenter.serde.TrustedClasses.ensure(); // before the input records are built (Avro 1.12.2 trusts no class by default)
        String which = args.length == 0 ? "all" : args[0];
        List<String> rest = args.length == 0 ? List.of() : Arrays.asList(args).subList(1, args.length);
        if (!List.of("streams", "latency", "restore", "all").contains(which)) {
            System.err.println("usage: bench/streams.sh [streams|latency|restore|all] [key=value ...]");
            System.exit(2);
        }
        BenchOptions options = new BenchOptions(rest);
        Path dir = Files.createTempDirectory("segmenter-bench");
        int status = 0;
        try (BenchKafka kafka = new BenchKafka(dir, options.prefixed("broker."))) {
            ThroughputBench streams = new ThroughputBench(kafka, options);
            LatencyBench latency = new LatencyBench(kafka, options);
            RestoreBench restore = new RestoreBench(kafka, options);
            if (!options.unused().isEmpty()) {
                System.err.println("unknown options: " + options.unused());
                System.exit(2);
            }
            System.out.printf("segmenter streaming benchmarks, JDK %s, %d cores, load average at start: %s%n",
                    Runtime.version(), Runtime.getRuntime().availableProcessors(), loadAverage());
            if (which.equals("streams") || which.equals("all")) {
                streams.run();
            }
            if (which.equals("latency") || which.equals("all")) {
                latency.run();
            }
            if (which.equals("restore") || which.equals("all")) {
                restore.run();
            }
            System.out.printf("%nload average at end: %s%n", loadAverage());
        } catch (Exception e) {
            e.printStackTrace();
            status = 1;
        } finally {
            deleteTree(dir);
        }
        System.exit(status);
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (java.io.IOException e) {
            return "n/a";
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (java.io.IOException e) {
            System.err.println("could not delete " + dir + ": " + e.getMessage());
        }
    }
}
