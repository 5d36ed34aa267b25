package io.segmenter.trainer.model;

import io.segmenter.avro.SegmentModel;
import java.util.List;

/**
 * Everything one training run produced.
 *
 * @param model the fitted model (null only when there was nothing to fit)
 * @param segmentOfRow the segment id of each prepared row
 * @param clusterOfRow the index into the model's centroids of each prepared row
 * @param rejections why the model must not be published; empty when it passed the gates
 */
public record TrainingResult(
        TrainerOptions options,
        Prepared prepared,
        List<KCandidate> candidates,
        KCandidate chosen,
        SegmentModel model,
        int[] segmentOfRow,
        int[] clusterOfRow,
        List<String> rejections) {

    public boolean publishable() {
        return model != null && rejections.isEmpty();
    }
}
