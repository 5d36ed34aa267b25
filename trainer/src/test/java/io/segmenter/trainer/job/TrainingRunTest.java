package io.segmenter.trainer.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.segmenter.avro.CustomerProfile;
import io.segmenter.avro.SegmentModel;
import io.segmenter.model.RfmFeatures;
import io.segmenter.model.Scorer;
import io.segmenter.trainer.data.ProfileFeatures;
import io.segmenter.trainer.data.SnapshotSettings;
import io.segmenter.trainer.model.Trainer;
import io.segmenter.trainer.model.TrainerOptions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TrainingRunTest {

    private static final long DAY = RfmFeatures.DAY_MILLIS;
    private static final Instant STREAM_NOW = Instant.parse("2011-12-09T12:00:00Z");

    private static CustomerProfile profile(String id, long daysAgo, long purchases, long moneyMinor) {
        Instant last = STREAM_NOW.minusMillis(daysAgo * DAY);
        return CustomerProfile.newBuilder().setCustomerId(id).setCurrency("GBP")
                .setFirstPurchaseTime(last.minusMillis(30 * DAY)).setLastPurchaseTime(last)
                .setLifetimePurchaseCount(purchases).setLifetimeNetMonetaryMinor(moneyMinor).setLifetimeRefundMinor(0)
                .setHorizonDays(0).setHorizonPurchaseCount(purchases).setHorizonNetMonetaryMinor(moneyMinor)
                .setBuckets(List.of()).setLastEventTime(last).setUpdatedAt(last)
                .setClock("stream").setBucketDays(7).setModelName("rfm").build();
    }

    private static List<CustomerProfile> profiles() {
        SplittableRandom rnd = new SplittableRandom(5);
        List<CustomerProfile> out = new ArrayList<>();
        long[][] groups = {{3, 30, 500_000}, {20, 2, 6_000}, {200, 6, 60_000}, {330, 1, 2_000}};
        for (int g = 0; g < groups.length; g++) {
            for (int i = 0; i < 200; i++) {
                out.add(profile("g" + g + "-" + i, groups[g][0] + rnd.nextInt(10), Math.max(1, groups[g][1] + rnd.nextInt(3) - 1),
                        groups[g][2] + rnd.nextInt(1000)));
            }
        }
        out.add(CustomerProfile.newBuilder(out.get(0)).setCustomerId("refund-only").setLastPurchaseTime(null)
                .setFirstPurchaseTime(null).build());
        out.getLast().setLastEventTime(STREAM_NOW);
        return out;
    }

    private static SnapshotSettings settings(ProfileFeatures.ClockMode clock) {
        return new SnapshotSettings(clock, 7, 0, "rfm", List.of());
    }

    @Test
    void shouldComputeFeaturesAtTheStreamClockOfTheSnapshot() {
        var result = ProfileFeatures.table("t", profiles(), settings(ProfileFeatures.ClockMode.STREAM), 0);
        assertEquals(STREAM_NOW.toEpochMilli(), result.nowMillis());
        assertEquals(800, result.table().size(), "the refund-only profile is left out");
        var wall = ProfileFeatures.table("t", profiles(), settings(ProfileFeatures.ClockMode.WALL),
                STREAM_NOW.toEpochMilli() + 10 * DAY);
        assertEquals(result.table().rows()[0][0] + 10, wall.table().rows()[0][0], "recency ages with the wall clock");
    }

    @Test
    void shouldPublishFirstModelAndKeepSegmentIdsOnTheNextRun() {
        List<SegmentModel> topic = new ArrayList<>();
        TrainingRun job = new TrainingRun(TrainingRunTest::profiles, name -> topic.isEmpty() ? null : topic.getLast(),
                topic::add, TrainerOptions.rfmDefaults(), SnapshotSettings.Fallback.NONE,
                Clock.fixed(STREAM_NOW, ZoneOffset.UTC), new Trainer());

        TrainingRun.Run first = job.runOnce();
        TrainingRun.Run second = job.runOnce();

        assertTrue(first.published(), first.result().rejections().toString());
        assertTrue(second.published());
        assertEquals(2, topic.size());
        assertNull(topic.get(0).getPreviousVersion());
        assertEquals(1L, topic.get(1).getPreviousVersion());
        assertEquals(topic.get(0).getCentroids().stream().map(c -> c.getSegmentId() + c.getLabel()).toList(),
                topic.get(1).getCentroids().stream().map(c -> c.getSegmentId() + c.getLabel()).toList());
        // The published model scores with the app's own Scorer: a champion-like customer lands in Champions.
        Scorer scorer = new Scorer(topic.get(1));
        int idx = scorer.score(new double[] {3, 30, 5000}).centroidIndex();
        assertEquals("Champions", topic.get(1).getCentroids().get(idx).getLabel());
    }

    @Test
    void shouldNotPublishModelThatFailsTheGates() {
        List<SegmentModel> topic = new ArrayList<>();
        TrainingRun job = new TrainingRun(TrainingRunTest::profiles, name -> null, topic::add,
                TrainerOptions.rfmDefaults().withGates(0.99, 0.01), SnapshotSettings.Fallback.NONE,
                Clock.systemUTC(), new Trainer());

        TrainingRun.Run run = job.runOnce();

        assertFalse(run.published());
        assertTrue(topic.isEmpty());
        assertTrue(run.result().rejections().getFirst().contains("silhouette"), run.result().rejections().toString());
    }

    private static List<CustomerProfile> profilesWithAttributes() {
        List<CustomerProfile> out = new ArrayList<>();
        String[] score = {"Low", "Average", "High"};
        for (CustomerProfile p : profiles()) {
            int n = out.size();
            if (n % 80 == 7) {
                out.add(p); // no attributes record: left out
                continue;
            }
            int g = p.getCustomerId().startsWith("g") ? p.getCustomerId().charAt(1) - '0' : 0;
            java.util.Map<String, Double> numeric = new java.util.HashMap<>();
            if (n % 50 != 3) {
                numeric.put("Age", 25.0 + 12 * g + n % 5); // else missing: imputed with the median
            }
            out.add(CustomerProfile.newBuilder(p).setNumericAttributes(numeric)
                    .setCategoricalAttributes(java.util.Map.of("Gender", g % 2 == 0 ? "Male" : "Female", "Spending_Score", score[g % 3]))
                    .setAttributesTime(STREAM_NOW).build());
        }
        return out;
    }

    @Test
    void shouldTrainOnTheProfilesAttributesAndReportWhoIsLeftOut() {
        io.segmenter.trainer.config.TrainerConfig config = io.segmenter.trainer.config.TrainerConfig.load(null, java.util.Map.of(),
                java.util.Map.of("bootstrap.servers", "localhost:9092", "train.features", "recency_days,Age,Gender,Spending_Score",
                        "train.ordinals", "Spending_Score=Low<Average<High", "model.name", "demo"));
        List<SegmentModel> topic = new ArrayList<>();
        TrainingRun job = new TrainingRun(TrainingRunTest::profilesWithAttributes, name -> topic.isEmpty() ? null : topic.getLast(),
                topic::add, config.options(),
                config.fallback(), Clock.fixed(STREAM_NOW, ZoneOffset.UTC), new Trainer());

        TrainingRun.Run run = job.runOnce();

        SegmentModel model = run.result().model();
        assertEquals("demo", model.getName());
        assertEquals(List.of("recency_days", "Age", "Gender=Female", "Gender=Male", "Spending_Score"), // equal counts: by name
                model.getFeatures().stream().map(io.segmenter.avro.FeatureSpec::getName).toList());
        assertNull(model.getRfmCuts(), "not the rfm model");
        assertEquals(List.of("Low", "Average", "High"), model.getFeatures().get(4).getLevels());
        String notes = run.result().prepared().notes().toString();
        assertTrue(notes.contains("801 profiles in the snapshot; 790 in the training set; left out: 1 without a purchase (recency_days need one), "
                + "10 without any attributes"), notes);
        assertTrue(notes.contains("Age: 16 missing, imputed with the median"), notes);
        assertEquals(790, run.result().prepared().size());
        java.util.Map<String, Double> psi = job.drift();
        assertTrue(psi.keySet().containsAll(List.of("Gender=Male", "Spending_Score", "Age")), psi.toString());
        assertTrue(psi.values().stream().allMatch(v -> v < 0.01), "the training snapshot against itself: " + psi);
    }

    @Test
    void shouldRefuseAttributeFeaturesWithoutTheirOwnModelName() {
        var e = org.junit.jupiter.api.Assertions.assertThrows(org.apache.kafka.common.config.ConfigException.class,
                () -> io.segmenter.trainer.config.TrainerConfig.load(null, java.util.Map.of(),
                        java.util.Map.of("bootstrap.servers", "localhost:9092", "train.features", "Age,Gender")));
        assertTrue(e.getMessage().contains("model.name"), e.getMessage());
    }
}
