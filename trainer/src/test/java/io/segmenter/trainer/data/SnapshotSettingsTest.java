package io.segmenter.trainer.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.segmenter.avro.CustomerProfile;
import io.segmenter.avro.PeriodBucket;
import io.segmenter.trainer.data.ProfileFeatures.ClockMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SnapshotSettingsTest {

    private static final Instant LAST = Instant.parse("2011-12-09T12:00:00Z");

    private static CustomerProfile profile(String id, String clock, Integer bucketDays, String model) {
        return CustomerProfile.newBuilder().setCustomerId(id).setCurrency("GBP").setFirstPurchaseTime(LAST).setLastPurchaseTime(LAST)
                .setLifetimePurchaseCount(2).setLifetimeNetMonetaryMinor(1000).setLifetimeRefundMinor(0).setHorizonDays(365)
                .setHorizonPurchaseCount(2).setHorizonNetMonetaryMinor(1000)
                .setBuckets(List.of(new PeriodBucket(LAST.minusSeconds(86_400), 2, 1000L)))
                .setLastEventTime(LAST).setUpdatedAt(LAST).setClock(clock).setBucketDays(bucketDays).setModelName(model).build();
    }

    @Test
    void shouldTakeTheAppsSettingsFromItsProfilesOverTheTrainersOwn() {
        List<CustomerProfile> profiles = List.of(profile("a", "stream", 14, "rfm-eu"), profile("b", "stream", 14, "rfm-eu"));

        SnapshotSettings s = SnapshotSettings.of(profiles, new SnapshotSettings.Fallback(ClockMode.WALL, 7, null));

        assertEquals(ClockMode.STREAM, s.clock());
        assertEquals(14, s.bucketDays());
        assertEquals(365, s.horizonDays());
        assertEquals("rfm-eu", s.modelName(), "published under the name the app scores with");
        assertTrue(s.notes().stream().anyMatch(n -> n.contains("setting WALL is ignored")), s.notes().toString());
    }

    @Test
    void shouldUseTheFallbackOnlyForProfilesThatDoNotSay() {
        List<CustomerProfile> old = List.of(profile("a", null, null, null));

        SnapshotSettings s = SnapshotSettings.of(old, new SnapshotSettings.Fallback(ClockMode.STREAM, 7, null));
        assertEquals(ClockMode.STREAM, s.clock());
        assertEquals("rfm", s.modelName());

        SnapshotSettings unsaid = SnapshotSettings.of(old, SnapshotSettings.Fallback.NONE);
        assertEquals(ClockMode.WALL, unsaid.clock(), "the app's default");
        assertEquals(7, unsaid.bucketDays(), "the app's default");
        assertTrue(unsaid.notes().stream().anyMatch(n -> n.contains("set --clock wall|stream")), unsaid.notes().toString());
    }

    @Test
    void shouldNoteWhenProfilesDisagreeAndUseTheMostCommon() {
        List<CustomerProfile> mixed = new ArrayList<>(List.of(profile("a", "stream", 7, "rfm"), profile("b", "stream", 7, "rfm"),
                profile("c", "wall", 7, "rfm")));

        SnapshotSettings s = SnapshotSettings.of(mixed, SnapshotSettings.Fallback.NONE);

        assertEquals(ClockMode.STREAM, s.clock());
        assertTrue(s.notes().stream().anyMatch(n -> n.contains("disagree") && n.contains("clock")), s.notes().toString());
    }

    @Test
    void shouldSaySoWhenNoCustomerIsInsideTheHorizon() {
        // The case: a 2011 file folded on the stream clock, trained on the wall clock of today.
        List<CustomerProfile> profiles = List.of(profile("a", "wall", 7, "rfm"), profile("b", "wall", 7, "rfm"));
        SnapshotSettings s = SnapshotSettings.of(profiles, SnapshotSettings.Fallback.NONE);

        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> ProfileFeatures.table("t", profiles, s, Instant.parse("2026-12-03T00:00:00Z").toEpochMilli()));

        assertTrue(e.getMessage().startsWith("no customer has a purchase inside the 365-day horizon"), e.getMessage());
        assertTrue(e.getMessage().contains("2011-12-09T12:00:00Z"), e.getMessage());
    }
}
