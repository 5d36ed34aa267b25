package io.segmenter.app.process;

import io.segmenter.app.metrics.SegmenterMetrics;
import io.segmenter.app.model.ModelsInUse;
import io.segmenter.avro.SegmentModel;
import io.segmenter.model.ModelValidator;
import io.segmenter.model.RfmFeatures;
import io.segmenter.model.ModelKeys;
import io.segmenter.serde.AvroSerde;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the global model store: decodes and validates each record of the models topic and keeps the latest
 * valid model of every name in the store and in {@link ModelsInUse} (the API predicts with any of them);
 * scoring uses only the configured model name, which must also have the RFM features. A model that does not fit is refused, logged and counted,
 * and the previous one of that name stays. A {@link ModelKeys#shadow} holds a candidate scored beside the live model
 * (validated the same way; its tombstone ends the shadow).
 */
public final class ModelStoreUpdater implements Processor<String, byte[], Void, Void> {

    private static final Logger LOG = LoggerFactory.getLogger(ModelStoreUpdater.class);

    private final String storeName;
    private final SegmenterMetrics metrics;
    private final ModelsInUse models;
    private final AvroSerde<SegmentModel> serde;
    private KeyValueStore<String, SegmentModel> store;

    /** @param serde decodes the models topic: configured like every serde of the app (registry framing included) */
    public ModelStoreUpdater(String storeName, ModelsInUse models, SegmenterMetrics metrics, AvroSerde<SegmentModel> serde) {
        this.storeName = storeName;
        this.models = models;
        this.metrics = metrics;
        this.serde = serde;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        store = context.getStateStore(storeName);
        try (KeyValueIterator<String, SegmentModel> it = store.all()) { // the models restored at start
            while (it.hasNext()) {
                var kv = it.next();
                SegmentModel m = kv.value;
                if (ModelValidator.check(m, featuresFor(m.getName())).isEmpty()) {
                    if (ModelKeys.shadowOf(kv.key).isPresent()) {
                        models.acceptShadow(m);
                    } else {
                        use(m);
                    }
                }
            }
        }
    }

    @Override
    public void process(Record<String, byte[]> record) {
        String name = record.key();
        if (name == null) {
            return;
        }
        Optional<String> shadowOf = ModelKeys.shadowOf(name);
        if (record.value() == null) {
            if (shadowOf.isPresent()) {
                store.delete(name);
                models.dropShadow(shadowOf.get());
                LOG.info("Shadow scoring of model {} ended", shadowOf.get());
            } else {
                LOG.warn("Ignoring a tombstone for model {}; the model in use stays", name);
            }
            return;
        }
        SegmentModel model;
        try {
            model = serde.deserialize(null, record.value());
        } catch (RuntimeException e) {
            refuse(name, SegmenterMetrics.REFUSAL_DECODE, "cannot decode: " + e.getMessage());
            return;
        }
        String modelName = shadowOf.orElse(name);
        if (!model.getName().equals(modelName)) {
            refuse(name, ModelValidator.OTHER, "the record is keyed " + name + " but holds model " + model.getName());
            return;
        }
        Optional<ModelValidator.Problem> problem = ModelValidator.check(model, featuresFor(modelName));
        if (problem.isPresent()) {
            refuse(name, problem.get().cause(), problem.get().message() + " (version " + model.getVersion() + ")");
            return;
        }
        if (shadowOf.isPresent()) { // never scored for output: any version may be a candidate
            store.put(name, model);
            models.acceptShadow(model);
            LOG.info("Model {} version {} scored in shadow beside the live model (k = {})", modelName, model.getVersion(),
                    model.getCentroids().size());
            return;
        }
        SegmentModel current = store.get(name);
        if (current != null && model.getVersion() <= current.getVersion()) {
            LOG.warn("Ignoring model {} version {}: version {} is already in use", name, model.getVersion(), current.getVersion());
            return;
        }
        store.put(name, model);
        use(model);
        LOG.info("Model {} version {} loaded (k = {})", name, model.getVersion(), model.getCentroids().size());
    }

    /**
     * A model named rfm must have the three RFM features (recency, frequency, monetary) in that order; any other
     * model may read any RFM features and attributes, as its encoding says (validated with the model).
     */
    private List<String> featuresFor(String name) {
        return RFM_MODEL.equals(name) ? RfmFeatures.NAMES : null;
    }

    private static final String RFM_MODEL = "rfm";

    private void use(SegmentModel model) {
        models.accept(model);
        if (models.scoringNames().contains(model.getName())) {
            metrics.modelLoaded(model);
        }
    }

    private void refuse(String name, String cause, String why) {
        LOG.error("Refused model {}: {}; the previous model stays", name, why);
        metrics.modelRefused(cause);
    }
}
