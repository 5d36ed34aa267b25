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
}
