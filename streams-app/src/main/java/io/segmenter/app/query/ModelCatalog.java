package io.segmenter.app.query;

import io.segmenter.app.state.StoreNames;
import io.segmenter.avro.SegmentModel;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/** The models in the global model store (every instance holds all of them), by name. */
public final class ModelCatalog {

    private final KafkaStreams streams;
    private final String scoringModel;

    public ModelCatalog(KafkaStreams streams, String scoringModel) {
        this.streams = streams;
        this.scoringModel = scoringModel;
    }

    public String scoringModelName() {
        return scoringModel;
    }

    /** The model of that name, or null when none was published (or every one was refused). */
    public SegmentModel get(String name) {
        try {
            return store().get(name);
        } catch (InvalidStateStoreException | IllegalStateException e) {
            throw QueryException.unavailable("models are not queryable yet (" + streams.state() + ")");
        }
    }

    /** The model used for scoring; 503 while none is loaded (the app is not ready). */
    public SegmentModel scoring() {
        SegmentModel m = get(scoringModel);
        if (m == null) {
            throw QueryException.unavailable("no model '" + scoringModel + "' loaded yet");
        }
        return m;
    }

    /** {@code GET /model}: the scoring model, or the published model {@code name}; 404 when there is none. */
    public Views.Model describe(String name) {
        SegmentModel model = name == null || name.isBlank() ? scoring() : get(name);
        if (model == null) {
            throw QueryException.notFound("unknown model '" + name + "'; published models: " + names());
        }
        return Views.Model.of(model, names());
    }

    public List<String> names() {
        List<String> names = new ArrayList<>();
        try (KeyValueIterator<String, SegmentModel> it = store().all()) {
            it.forEachRemaining(kv -> names.add(kv.key));
        } catch (InvalidStateStoreException | IllegalStateException e) {
            throw QueryException.unavailable("models are not queryable yet (" + streams.state() + ")");
        }
        return names;
    }

    private ReadOnlyKeyValueStore<String, SegmentModel> store() {
        return streams.store(StoreQueryParameters.fromNameAndType(StoreNames.MODELS, QueryableStoreTypes.<String, SegmentModel>keyValueStore()));
    }
}
