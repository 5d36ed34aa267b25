package io.segmenter.app.validate;

import io.segmenter.app.config.SegmenterConfig;
import io.segmenter.serde.TransactionFormat;
import java.util.HashMap;
import java.util.Map;

/** Picks the {@link TransactionDecoder} for {@code input.format} ({@code avro} or {@code json}). */
public final class TransactionDecoders {

    private TransactionDecoders() {}

    public static TransactionDecoder forConfig(SegmenterConfig config) {
        Map<String, Object> settings = new HashMap<>(config.originals());
        settings.put(TransactionFormat.INPUT_FORMAT, config.getString(SegmenterConfig.INPUT_FORMAT));
        return new DeserializingTransactionDecoder(TransactionFormat.deserializer(settings));
    }
}
