package io.segmenter.app.model;

import io.segmenter.avro.SegmentModel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The one source of truth for the models in use: the latest valid model of every name, as the global store
 * updater accepted them. Scoring (the stream tasks), readiness, the metrics and the HTTP API all read this;
 * only the updater writes it, after validating. The global store keeps the models across restarts and
 * fills this again at start.
 */
public final class ModelsInUse {

    private final List<String> scoringNames;
    private final String scoringName;
    private final AtomicReference<Map<String, SegmentModel>> byName = new AtomicReference<>(Map.of());
    private final AtomicReference<Map<String, SegmentModel>> shadows = new AtomicReference<>(Map.of());
    private final DriftWatch drift = new DriftWatch();

    public ModelsInUse(String scoringName) {
        this(List.of(scoringName));
    }

    /** The app scores every model of {@code scoringNames}; the first is the primary (readiness, customer-segments, metrics). */
    public ModelsInUse(List<String> scoringNames) {
        if (scoringNames.isEmpty()) {
            throw new IllegalArgumentException("at least one model to score");
        }
        this.scoringNames = List.copyOf(scoringNames);
        this.scoringName = scoringNames.getFirst();
    }

    /** The names of every model the app scores, the primary first. */
    public List<String> scoringNames() {
        return scoringNames;
    }

    /** How far the customers have drifted from the scoring model's training snapshot, as last measured. */
    public DriftWatch drift() {
        return drift;
    }

    public String scoringName() {
        return scoringName;
    }

    /** The primary model the app scores with, or null while none was accepted. */
    public SegmentModel scoring() {
        return byName.get().get(scoringName);
    }

    /** The model of that name, or null. */
    public SegmentModel get(String name) {
        return byName.get().get(name);
    }

    /** Names of the models accepted, sorted. */
    public List<String> names() {
        List<String> names = new ArrayList<>(byName.get().keySet());
        names.sort(null);
        return names;
    }

    /** Makes {@code model} the one in use for its name (called by the updater once it is validated). */
    public void accept(SegmentModel model) {
        put(byName, model.getName(), model);
    }

    /** The candidate scored beside the live model {@code name} without emitting ({@code model shadow}), or null. */
    public SegmentModel shadow(String name) {
        return shadows.get().get(name);
    }

    /** Makes {@code candidate} the shadow of the live model of its name (validated by the updater). */
    public void acceptShadow(SegmentModel candidate) {
        put(shadows, candidate.getName(), candidate);
    }

    /** Ends the shadow scoring of {@code name}. */
    public void dropShadow(String name) {
        put(shadows, name, null);
    }

    private static void put(AtomicReference<Map<String, SegmentModel>> models, String name, SegmentModel model) {
        models.updateAndGet(current -> {
            Map<String, SegmentModel> next = new HashMap<>(current);
            if (model == null) {
                next.remove(name);
            } else {
                next.put(name, model);
            }
            return Map.copyOf(next);
        });
    }
}
