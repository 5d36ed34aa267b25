package io.segmenter.trainer.kafka;

import io.segmenter.avro.CustomerProfile;
import io.segmenter.serde.AvroSerde;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a consistent snapshot of the compacted {@code customer-profiles} topic for training: from the
 * beginning of every partition up to the end offsets seen at the start ({@code read_committed}, so only
 * committed transactions), the last value per key winning and tombstones removing the customer. Records
 * produced after the read started are not part of the snapshot.
 */
public final class ProfileSnapshotReader {

    private static final Logger LOG = LoggerFactory.getLogger(ProfileSnapshotReader.class);
    private static final Duration DEFAULT_STALL_TIMEOUT = Duration.ofMinutes(2);
    private static final int LOGGED_DECODE_FAILURES = 10;

    private final CompactedTopicReader reader;
    private final AvroSerde<CustomerProfile> serde;

    /** {@code clientConfig}: Kafka client settings (bootstrap.servers, security...) and serde settings. */
    public ProfileSnapshotReader(Map<String, ?> clientConfig) {
        this(clientConfig, DEFAULT_STALL_TIMEOUT);
    }

    /** As above; fails if the read makes no progress for {@code stallTimeout}. */
    public ProfileSnapshotReader(Map<String, ?> clientConfig, Duration stallTimeout) {
        this.reader = new CompactedTopicReader(clientConfig, stallTimeout);
        this.serde = AvroSerde.of(CustomerProfile.class, clientConfig);
    }

    public ProfileSnapshot read(String topic, SnapshotProgress progress) {
        Map<String, CustomerProfile> profiles = new HashMap<>();
        long[] undecodable = {0};
        long records = reader.read(topic, record -> {
            if (record.value() == null) {
                profiles.remove(record.key());
                return;
            }
            try {
                profiles.put(record.key(), serde.deserialize(record.topic(), record.value()));
            } catch (RuntimeException e) {
                if (undecodable[0]++ < LOGGED_DECODE_FAILURES) {
                    LOG.warn("Skipping undecodable profile at {}-{}@{}: {}", record.topic(), record.partition(),
                            record.offset(), e.toString());
                }
            }
        }, progress);
        if (undecodable[0] > 0) {
            LOG.warn("Skipped {} undecodable profile records of {} in {}", undecodable[0], records, topic);
        }
        Instant maxUpdatedAt = null;
        Instant maxLastEvent = null;
        for (CustomerProfile profile : profiles.values()) {
            maxUpdatedAt = later(maxUpdatedAt, profile.getUpdatedAt());
            maxLastEvent = later(maxLastEvent, profile.getLastEventTime());
        }
        LOG.info("Read {} customer profiles from {} ({} records)", profiles.size(), topic, records);
        return new ProfileSnapshot(profiles, maxUpdatedAt, maxLastEvent, records, undecodable[0]);
    }

    private static Instant later(Instant current, Instant candidate) {
        if (candidate == null) {
            return current;
        }
        return current == null || candidate.isAfter(current) ? candidate : current;
    }
}
