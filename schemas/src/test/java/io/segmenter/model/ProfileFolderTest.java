package io.segmenter.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.segmenter.avro.CustomerProfile;
import io.segmenter.avro.TransactionKind;
import org.junit.jupiter.api.Test;

class ProfileFolderTest {

    private static final long DAY = RfmFeatures.DAY_MILLIS;
    private static final long NOW = 1_000 * DAY;

    @Test
    void shouldAgreeWithTheSharedFeatureMathsAtAnyLaterTime() {
        ProfileFolder folder = new ProfileFolder(30, 7, "GBP");
        CustomerProfile p = folder.empty("c", NOW);
        for (int d = 0; d < 60; d += 3) {
            p = folder.apply(p, d % 9 == 0 ? TransactionKind.REFUND : TransactionKind.PURCHASE, NOW - d * DAY, 100, NOW);
        }
        for (long later = NOW; later < NOW + 40 * DAY; later += DAY) {
            CustomerProfile rolled = folder.roll(p, later);
            double[] f = RfmFeatures.at(p, later, 7, new double[3]);
            assertEquals(f[1], rolled.getHorizonPurchaseCount(), "frequency at +" + (later - NOW) / DAY);
            assertEquals(f[2], RfmFeatures.toMajor(rolled.getHorizonNetMonetaryMinor(), "GBP"), 1e-9);
        }
    }

    @Test
    void shouldExpireTheOldestBucketExactlyAtItsExpiryTime() {
        ProfileFolder folder = new ProfileFolder(28, 7, "GBP");
        CustomerProfile p = folder.apply(folder.empty("c", NOW), TransactionKind.PURCHASE, NOW, 500, NOW);
        long expiry = folder.nextBucketExpiry(p);
        assertFalse(folder.changesAt(p, expiry - 1));
        assertTrue(folder.changesAt(p, expiry));
        assertEquals(0, folder.roll(p, expiry).getBuckets().size());
    }

    @Test
    void shouldDropExpiredBucketsWhenApplyingAndLeaveItsInputAsItWas() {
        ProfileFolder folder = new ProfileFolder(30, 7, "GBP");
        CustomerProfile p = folder.empty("c", NOW);
        for (int d = 0; d < 30; d += 2) {
            p = folder.apply(p, TransactionKind.PURCHASE, NOW - d * DAY, 100, NOW);
        }
        CustomerProfile before = CustomerProfile.newBuilder(p).build(); // a deep copy
        long later = NOW + 12 * DAY;
        CustomerProfile q = folder.apply(p, TransactionKind.PURCHASE, later, 250, later);
        assertEquals(before, p, "apply does not modify its input");
        assertTrue(q.getBuckets().size() < p.getBuckets().size() + 1, "buckets that left the horizon are dropped");
        for (var b : q.getBuckets()) {
            assertTrue(b.getPeriodStart().toEpochMilli() + 7 * DAY > later - 30 * DAY, "kept bucket " + b);
        }
        double[] f = RfmFeatures.at(q, later, 7, new double[3]);
        assertEquals(f[1], q.getHorizonPurchaseCount());
        assertEquals(f[2], RfmFeatures.toMajor(q.getHorizonNetMonetaryMinor(), "GBP"), 1e-9);
        assertEquals(folder.roll(q, later), q, "rolling at the same time changes nothing");
        assertEquals(p.getLifetimePurchaseCount() + 1, q.getLifetimePurchaseCount());
    }

    @Test
    void shouldFoldInPlaceExactlyAsApplyDoes() {
        for (int horizon : new int[] {0, 30}) {
            ProfileFolder folder = new ProfileFolder(horizon, 7, "GBP");
            CustomerProfile copied = folder.empty("c", NOW);
            CustomerProfile inPlace = folder.empty("c", NOW);
            for (int d = 0; d < 90; d += 4) {
                long now = NOW + d * DAY;
                TransactionKind kind = d % 12 == 0 ? TransactionKind.REFUND : TransactionKind.PURCHASE;
                long time = now - (d % 5) * 9 * DAY; // some late, some already outside the horizon
                copied = folder.apply(copied, kind, time, 100 + d, now);
                folder.foldInto(inPlace, kind, time, 100 + d, now);
                assertEquals(copied, inPlace, "horizon " + horizon + " day " + d);
            }
        }
    }
}
