package io.segmenter.trainer.job;

import io.segmenter.avro.SegmentModel;
import java.util.List;
import java.util.Optional;

/**
 * A rollback republishes an earlier version's centroids, cut points and labels as the newest version, so
 * the app hot-swaps to it like to any new model (and re-scores every customer) and the version history
 * only ever grows. Pure: the caller reads the history and publishes.
 */
public final class ModelRollback {

    private ModelRollback() {}

    /**
     * The model to publish to return {@code name} to version {@code to}.
     *
     * @param history every version of the model, as {@link io.segmenter.trainer.kafka.ModelPublisher#versions} reads them
     * @param latest the model in use
     * @throws IllegalArgumentException naming the versions there are, when {@code to} is not one of them or is the latest
     */
    public static SegmentModel of(String name, long to, List<SegmentModel> history, Optional<SegmentModel> latest) {
        SegmentModel current = latest.orElseThrow(() -> new IllegalArgumentException("no model " + name + " is published"));
        SegmentModel target = history.stream().filter(m -> m.getVersion() == to).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("model " + name + " has no version " + to + " in its history (versions: "
                        + history.stream().map(m -> Long.toString(m.getVersion())).toList() + ")"));
        if (to == current.getVersion()) {
            throw new IllegalArgumentException("version " + to + " of " + name + " is already the one in use");
        }
        return SegmentModel.newBuilder(target)
                .setVersion(current.getVersion() + 1)
                .setPreviousVersion(current.getVersion())
                .setExpectedMovement(null)
                .build();
    }
}
