package io.segmenter.trainer.kafka;

import io.segmenter.avro.CustomerProfile;
import java.time.Instant;
import java.util.Map;

/**
 * The customer profiles as of one consistent cut of {@code customer-profiles}.
 *
 * @param profiles         live profiles by customer id (the last value per key; erased customers absent)
 * @param maxUpdatedAt     largest {@code updatedAt} among them, null if there are none
 * @param maxLastEventTime largest {@code lastEventTime} among them, null if none has one
 * @param recordsRead      records read to build it (updates and tombstones included)
 * @param undecodable      records skipped because their value could not be decoded (logged with their offsets)
 */
public record ProfileSnapshot(Map<String, CustomerProfile> profiles, Instant maxUpdatedAt, Instant maxLastEventTime,
        long recordsRead, long undecodable) {
}
