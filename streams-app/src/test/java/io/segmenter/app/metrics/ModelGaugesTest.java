package io.segmenter.app.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.segmenter.app.Fixtures;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every scored model has its own version, age and loaded gauges, from start-up on. */
class ModelGaugesTest {

    @Test
    void eachScoredModelShowsWhetherItIsLoadedItsVersionAndItsAge() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Clock clock = Clock.fixed(Fixtures.model(1).getTrainedAt().plusSeconds(3600), ZoneOffset.UTC);
        SegmenterMetrics metrics = new SegmenterMetrics(registry, clock);
        metrics.modelsExpected(List.of("rfm", "demographic"));
        String before = registry.scrape();
        assertTrue(before.contains("segmenter_model_loaded{model=\"rfm\"} 0"), before);
        assertTrue(before.contains("segmenter_model_loaded{model=\"demographic\"} 0"), before);
        assertTrue(before.contains("segmenter_model_version{model=\"demographic\"} NaN"), before);

        metrics.modelLoaded(Fixtures.model(3));
        metrics.modelLoaded(Fixtures.demographic(2));
        String after = registry.scrape();
        assertTrue(after.contains("segmenter_model_loaded{model=\"rfm\"} 1"), after);
        assertTrue(after.contains("segmenter_model_version{model=\"rfm\"} 3"), after);
        assertTrue(after.contains("segmenter_model_version{model=\"demographic\"} 2"), after);
        assertTrue(after.contains("segmenter_model_age_seconds{model=\"rfm\"} 3600"), after);
        assertEquals(2L, metrics.model("demographic").getVersion());
        assertEquals(3L, metrics.model("rfm").getVersion());
    }
}
