package io.segmenter.app.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.segmenter.avro.CustomerProfile;
import io.segmenter.model.ProfileFolder;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The profile as GET /customers/{id} shows it. */
class ProfileViewTest {

    private static final ProfileFolder FOLDER = new ProfileFolder(365, 7, "GBP");

    @Test
    void aProfileTheClockHadNoTimeForShowsNoUpdateTimeRatherThan1970() {
        // attributes applied before the stream clock saw a transaction: the fold's "now" is 0
        CustomerProfile attributesOnly = FOLDER.empty("c1", 0L);
        attributesOnly.setAttributesTime(Instant.parse("2026-12-04T10:00:00Z"));
        Views.Profile view = Views.Profile.of(attributesOnly);
        assertNull(view.updatedAt());
        assertEquals("2026-12-04T10:00:00Z", view.attributesTime());

        assertEquals("2011-12-09T12:50:00Z", Views.Profile.of(FOLDER.empty("c2", Instant.parse("2011-12-09T12:50:00Z").toEpochMilli())).updatedAt());
    }
}
