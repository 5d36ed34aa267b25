package io.segmenter.trainer.kafka;

/** Progress of a snapshot read, for a progress bar: offsets read so far of the offsets in the snapshot. */
@FunctionalInterface
public interface SnapshotProgress {

    SnapshotProgress NONE = (read, total) -> { };

    /** Called from the reading thread after every poll; {@code read <= total}. */
    void update(long read, long total);
}
