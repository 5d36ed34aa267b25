package io.segmenter.cli.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.segmenter.avro.Centroid;
import io.segmenter.avro.FeatureKind;
import io.segmenter.avro.FeatureSpec;
import io.segmenter.avro.FeatureTransform;
import io.segmenter.avro.ModelQuality;
import io.segmenter.avro.SegmentModel;
import io.segmenter.cli.replay.ReplayResult;
import io.segmenter.csv.CsvReadStats;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DemoSummaryTest {

    private static SegmentModel model() {
        FeatureSpec r = new FeatureSpec("recency_days", FeatureTransform.NONE, 0.0, 1.0, FeatureKind.NUMERIC, null, null, null, null);
        FeatureSpec f = new FeatureSpec("frequency", FeatureTransform.LOG1P, 0.0, 1.0, FeatureKind.NUMERIC, null, null, null, null);
        FeatureSpec m = new FeatureSpec("monetary", FeatureTransform.LOG1P, 0.0, 1.0, FeatureKind.NUMERIC, null, null, null, null);
        return SegmentModel.newBuilder()
                .setName("rfm").setVersion(3).setTrainedAt(Instant.parse("2026-01-01T00:00:00Z"))
                .setSnapshotTime(Instant.parse("2011-12-09T12:50:00Z")).setSnapshotSize(30)
                .setFeatures(List.of(r, f, m))
                .setCentroids(List.of(
                        new Centroid(1, "Champions", List.of(0.0, 0.0, 0.0), List.of(12.25, 9.5, 5000.125), 10L),
                        new Centroid(0, "Lost", List.of(0.0, 0.0, 0.0), List.of(300.0, 0.25, -36.4), 20L)))
                .setRfmCuts(null)
                .setQuality(new ModelQuality(2, 1.0, 0.5, List.of(10L, 20L), List.of()))
                .setPreviousVersion(2L)
                .build();
    }

    private static DemoSummary summary() {
        ReplayResult replay = new ReplayResult(40, 35, 5, 2, 0, new CsvReadStats(100, 35, 5, 2, 0, 0, 0), List.of(),
                Duration.ofSeconds(1), false, null);
        AppStores.Census census = new AppStores.Census(31, 30, 30, Map.of(0, 18L, 1, 12L), Map.of(0, "Lost", 1, "Champions"),
                Map.of("Top tier", 4L, "Active", 26L));
        return new DemoSummary("t.csv", replay, Map.of("applied", 38L, "rejected", 2L), model(), census,
                Map.of("missing_customer_id", 2L), "GBP", List.of("http://127.0.0.1:8080/metrics"), "127.0.0.1:9092", List.of(),
                new java.util.LinkedHashMap<>(Map.of("recency_days", 0.012)), new io.segmenter.avro.ExpectedMovement(1L, 30L, 3L, List.of()));
    }

    @Test
    void shouldShowWhatARefitNowWouldMove() {
        assertTrue(summary().render().contains("a refit now would move 3 of 30 customers (10.0 %) to another segment (the stability gate allows 25 %)"),
                summary().render());
    }

    @Test
    void shouldShowTheDriftSinceTraining() {
        assertTrue(summary().render().contains("drift since training (PSI; under 0.1 stable, over 0.25 retrain): recency_days 0.012"),
                summary().render());
    }

    @Test
    void shouldListSegmentsByIdWithTheAppsSizesAndCentroidsInRealUnits() {
        String text = summary().render();

        assertTrue(text.contains("money (£)"), text);
        int lost = find(text, "\\n  0\\s+Lost\\s+18\\s+300\\.0\\s+0\\.3\\s+-36\\.40\\n");
        int champions = find(text, "\\n  1\\s+Champions\\s+12\\s+12\\.3\\s+9\\.5\\s+5,000\\.13\\n");
        assertTrue(lost < champions, "ordered by segment id");
        find(text, "\\n\\s+total\\s+30\\n");
    }

    private static int find(String text, String regex) {
        var m = java.util.regex.Pattern.compile(regex).matcher(text);
        assertTrue(m.find(), () -> "no match for " + regex + " in" + text);
        return m.start();
    }

    @Test
    void shouldShowRfmSegmentsLargestFirstAndDeadLettersByReason() {
        String text = summary().render();

        assertTrue(text.indexOf("Active") < text.indexOf("Top tier"), text);
        assertTrue(text.contains("Dead-letter topic transactions-dlq: 2 records"), text);
        assertTrue(text.matches("(?s).*\\n  missing_customer_id\\s+2\\n.*"), text);
        assertEquals(2, summary().deadLetterTotal());
    }
}
