package io.segmenter.app.process;

import io.segmenter.avro.SegmentModel;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The decoded model of the global store, shared by the global thread (which writes it after validating)
 * and the stream tasks (which read it per record without decoding the store's bytes each time).
 */
public final class ModelHolder {

    private final AtomicReference<SegmentModel> model = new AtomicReference<>();

    public SegmentModel get() {
        return model.get();
    }

    void set(SegmentModel m) {
        model.set(m);
    }
}
