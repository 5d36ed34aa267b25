package io.segmenter.app.query;

import io.segmenter.app.model.ModelsInUse;
import io.segmenter.avro.SegmentModel;
import java.util.List;

/** The API's view of the models in use (every instance holds all of them), by name. */
public final class ModelCatalog {

    private final ModelsInUse models;

    public ModelCatalog(ModelsInUse models) {
        this.models = models;
    }

    public String scoringModelName() {
        return models.scoringName();
    }

    /** Every model the app scores, the primary first. */
    public List<String> scoringNames() {
        return models.scoringNames();
    }

    /** The model of that name, or null when none was published (or every one was refused). */
    public SegmentModel get(String name) {
        return models.get(name);
    }

    /** The shadow candidate of model {@code name}; 404 when none is being scored. */
    public SegmentModel shadow(String name) {
        SegmentModel m = models.shadow(name);
        if (m == null) {
            throw QueryException.notFound("no shadow candidate for model '" + name + "' (./segmenter model shadow " + name + " VERSION starts one)");
        }
        return m;
    }

    /** The model used for scoring; 503 while none is loaded (the app is not ready). */
    public SegmentModel scoring() {
        SegmentModel m = models.scoring();
        if (m == null) {
            throw QueryException.unavailable("no model '" + models.scoringName() + "' loaded yet");
        }
        return m;
    }

    /** {@code GET /model}: the scoring model, or the published model {@code name}; 404 when there is none. */
    public Views.Model describe(String name) {
        SegmentModel model = name == null || name.isBlank() ? scoring() : get(name);
        if (model == null) {
            throw QueryException.notFound("unknown model '" + name + "'; published models: " + names());
        }
        return Views.Model.of(model, names(), models.drift().latest(model.getName(), model.getVersion()).orElse(null),
                models.shadow(model.getName()), scoringNames());
    }

    /**
     * A model the app scores (its customers have assignments of it): {@code name}, or the primary when it is
     * null or blank; 404 for a model the app does not score, 503 while it is not loaded.
     */
    public SegmentModel scored(String name) {
        if (name == null || name.isBlank()) {
            return scoring();
        }
        if (!scoringNames().contains(name)) {
            throw QueryException.notFound("model '" + name + "' is not scored by this app; scored models: " + scoringNames());
        }
        SegmentModel m = get(name);
        if (m == null) {
            throw QueryException.unavailable("no model '" + name + "' loaded yet");
        }
        return m;
    }

    public List<String> names() {
        return models.names();
    }
}
