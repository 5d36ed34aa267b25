package io.segmenter.cli.observability;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.segmenter.trainer.kafka.TrainerHttpServer;
import io.segmenter.trainer.kafka.TrainerMetrics;
import io.segmenter.trainer.kafka.TrainingJob;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;

/**
 * The periodic trainer's metrics server ({@link TrainerHttpServer}) on a free loopback port, with two
 * finished runs recorded through its {@link TrainingJob}: one published, one refused by a quality gate,
 * so every {@code segmenter_trainer_*} series of docs/metrics.md exists.
 */
final class TrainerEndpoint implements AutoCloseable {

    private final TrainerHttpServer server;
    private final PrometheusMeterRegistry registry;

    private TrainerEndpoint(TrainerHttpServer server, PrometheusMeterRegistry registry) {
        this.server = server;
        this.registry = registry;
    }

    static TrainerEndpoint startWithRecordedRuns() throws IOException {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        TrainerMetrics metrics = new TrainerMetrics(registry);
        new TrainingJob(() -> metrics.gateFailed(Duration.ofMillis(900), 60, 4, 0.05, List.of("min_silhouette"))).runNow();
        TrainingJob job = new TrainingJob(() -> metrics.published(Duration.ofMillis(1200), 60, 2, 0.62, 2));
        job.runNow();
        return new TrainerEndpoint(TrainerHttpServer.start(new InetSocketAddress("127.0.0.1", 0), registry, job), registry);
    }

    int port() {
        return server.port();
    }

    String scrape() {
        return registry.scrape();
    }

    @Override
    public void close() {
        server.close();
    }
}
