package io.segmenter.app.validate;

import io.segmenter.app.SegmenterConfig;
import org.apache.kafka.common.config.ConfigException;

/** Picks the {@link TransactionDecoder} for {@code input.format}. */
public final class TransactionDecoders {

    private TransactionDecoders() {}

    public static TransactionDecoder forConfig(SegmenterConfig config) {
        String format = config.getString(SegmenterConfig.INPUT_FORMAT);
        return switch (format) {
            case SegmenterConfig.INPUT_FORMAT_AVRO -> new AvroTransactionDecoder(config.originals());
            // TODO(foundation-serdes): plug io.segmenter.serde.TransactionJsonDeserializer in here.
            default -> throw new ConfigException(SegmenterConfig.INPUT_FORMAT, format, "not supported by this build yet");
        };
    }
}
