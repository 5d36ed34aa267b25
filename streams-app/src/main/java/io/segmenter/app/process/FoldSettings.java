package io.segmenter.app.process;

import io.segmenter.app.config.SegmenterConfig;
import io.segmenter.avro.CustomerProfile;
import java.time.Duration;

/** The settings of the per-customer processor, read once from the configuration. */
public record FoldSettings(
        String modelName,
        int horizonDays,
        int bucketDays,
        long dedupeRetentionMs,
        int dedupeInlineIds,
        boolean streamClock,
        Duration tickInterval,
        int tickMaxCustomers,
        int rescoreChunkSize,
        int dueSearchMaxDays,
        boolean emitAlways,
        int attributesMaxCount) {

    public static FoldSettings from(SegmenterConfig c) {
        return new FoldSettings(
                c.scoringModels().getFirst(),
                c.getInt(SegmenterConfig.HORIZON_DAYS),
                c.getInt(SegmenterConfig.BUCKET_DAYS),
                c.getLong(SegmenterConfig.DEDUPE_RETENTION_MS),
                c.getInt(SegmenterConfig.DEDUPE_INLINE_IDS),
                c.streamClock(),
                Duration.ofMillis(c.getLong(SegmenterConfig.TICK_INTERVAL_MS)),
                c.getInt(SegmenterConfig.TICK_MAX_CUSTOMERS),
                c.getInt(SegmenterConfig.RESCORE_CHUNK_SIZE),
                c.getInt(SegmenterConfig.DUE_SEARCH_MAX_DAYS),
                c.emitAlways(),
                c.getInt(SegmenterConfig.ATTRIBUTES_MAX_COUNT));
    }

    /**
     * The published profile with the settings it was folded with, so the trainer reads them from the
     * profiles instead of being told them again (and cannot disagree). Null (a tombstone) stays null.
     */
    public CustomerProfile stamp(CustomerProfile profile) {
        if (profile != null) {
            profile.setBucketDays(bucketDays);
            profile.setClock(streamClock ? SegmenterConfig.CLOCK_STREAM : SegmenterConfig.CLOCK_WALL);
            profile.setModelName(modelName);
        }
        return profile;
    }
}
