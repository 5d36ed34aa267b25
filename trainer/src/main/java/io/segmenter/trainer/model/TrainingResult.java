package io.segmenter.trainer.model;

import io.segmenter.avro.SegmentModel;
import java.util.List;

/**
 * Everything one training run produced.
 *
 * @param model the fitted model (null only when there was nothing to fit)
 * @param segmentOfRow the segment id of each prepared row
 * @param clusterOfRow the index into the model's centroids of each prepared row
 * @param failures the quality gates the model failed and why; empty when it may be published
 * @param movement customers the model would move against the model in use, on this snapshot (null without one)
 */
public record TrainingResult(
        TrainerOptions options,
        Prepared prepared,
        List<KCandidate> candidates,
        KCandidate chosen,
        SegmentModel model,
        int[] segmentOfRow,
        int[] clusterOfRow,
        List<QualityGates.Failure> failures,
        Movement movement) {

    public boolean publishable() {
        return model != null && failures.isEmpty();
    }

    /** Why the model must not be published, one sentence per failed gate. */
    public List<String> rejections() {
        return failures.stream().map(QualityGates.Failure::reason).toList();
    }

    /** Names of the failed gates, each once. */
    public List<String> failedGates() {
        return failures.stream().map(QualityGates.Failure::gate).distinct().toList();
    }
}
