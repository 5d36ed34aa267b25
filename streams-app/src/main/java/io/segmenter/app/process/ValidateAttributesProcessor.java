package io.segmenter.app.process;

import io.segmenter.app.metrics.SegmenterMetrics;
import io.segmenter.app.validate.AttributesValidator;
import io.segmenter.app.validate.DeadLetters;
import io.segmenter.app.validate.RejectReason;
import io.segmenter.app.validate.RejectedException;
import io.segmenter.avro.CustomerAttributes;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes and checks each raw customer-attributes record, as {@link ValidateProcessor} does for
 * transactions: a rejected record keeps its original bytes and gets the dead-letter headers.
 */
public final class ValidateAttributesProcessor implements FixedKeyProcessor<byte[], byte[], CheckedAttributes> {

    private static final Logger LOG = LoggerFactory.getLogger(ValidateAttributesProcessor.class);

    private final Deserializer<CustomerAttributes> decoder;
    private final AttributesValidator validator;
    private final SegmenterMetrics metrics;
    private final int maxRecordBytes;
    private final CustomerPartitioning partitioning;
    private FixedKeyProcessorContext<byte[], CheckedAttributes> context;

    public ValidateAttributesProcessor(Deserializer<CustomerAttributes> decoder, AttributesValidator validator, SegmenterMetrics metrics,
            int maxRecordBytes, CustomerPartitioning partitioning) {
        this.decoder = decoder;
        this.validator = validator;
        this.metrics = metrics;
        this.maxRecordBytes = maxRecordBytes;
        this.partitioning = partitioning;
    }

    @Override
    public void init(FixedKeyProcessorContext<byte[], CheckedAttributes> context) {
        this.context = context;
    }

    @Override
    public void process(FixedKeyRecord<byte[], byte[]> record) {
        Optional<RecordMetadata> meta = context.recordMetadata();
        String topic = meta.map(RecordMetadata::topic).orElse(null);
        int partition = meta.map(RecordMetadata::partition).orElse(-1);
        byte[] key = record.key();
        byte[] value = record.value();
        try {
            long size = (key == null ? 0L : key.length) + (value == null ? 0L : value.length);
            if (size > maxRecordBytes) {
                throw new RejectedException(RejectReason.OVERSIZED, "record of " + size + " bytes (key and value); at most "
                        + maxRecordBytes + " are accepted (record.max.bytes)");
            }
            CustomerAttributes a = value == null ? null : decode(topic, value);
            validator.check(key == null ? null : new String(key, StandardCharsets.UTF_8), a);
            context.forward(record.withValue(CheckedAttributes.valid(a, partitioning.holds(key, partition))));
        } catch (RejectedException e) {
            long offset = meta.map(RecordMetadata::offset).orElse(-1L);
            LOG.warn("Rejected attributes record {}-{}@{}: {} (details in the dead-letter headers)", topic, partition, offset, e.reason().label());
            metrics.attributes(SegmenterMetrics.ATTRIBUTES_REJECTED, e.reason().label());
            RecordHeaders headers = new RecordHeaders(record.headers().toArray());
            DeadLetters.stamp(headers, e.reason(), e.getMessage(), topic, partition, offset);
            if (e.reason() == RejectReason.OVERSIZED) {
                DeadLetters.Cut cut = DeadLetters.cutOversized(headers, key, value, maxRecordBytes);
                key = cut.key();
                value = cut.value();
            }
            context.forward(record.withValue(CheckedAttributes.rejected(e.reason(), value, key)).withHeaders(headers));
        }
    }

    private CustomerAttributes decode(String topic, byte[] value) {
        try {
            return decoder.deserialize(topic, value);
        } catch (RuntimeException e) {
            throw new RejectedException(RejectReason.UNDECODABLE, "not a CustomerAttributes record: " + e.getMessage());
        }
    }
}
