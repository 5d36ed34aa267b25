package io.segmenter.app.process;

import io.segmenter.app.metrics.SegmenterMetrics;
import io.segmenter.app.validate.DeadLetters;
import io.segmenter.app.validate.RejectedException;
import io.segmenter.app.validate.TransactionDecoder;
import io.segmenter.app.validate.TransactionValidator;
import io.segmenter.avro.Transaction;
import java.util.Optional;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes and checks each raw transaction record. A rejected record keeps its original key and value
 * bytes and gets the dead-letter headers (reason and source coordinates); the topology routes it to the DLQ.
 */
public final class ValidateProcessor implements FixedKeyProcessor<byte[], byte[], Checked> {

    private static final Logger LOG = LoggerFactory.getLogger(ValidateProcessor.class);

    private final TransactionDecoder decoder;
    private final TransactionValidator validator;
    private final SegmenterMetrics metrics;
    private FixedKeyProcessorContext<byte[], Checked> context;

    public ValidateProcessor(TransactionDecoder decoder, TransactionValidator validator, SegmenterMetrics metrics) {
        this.decoder = decoder;
        this.validator = validator;
        this.metrics = metrics;
    }

    @Override
    public void init(FixedKeyProcessorContext<byte[], Checked> context) {
        this.context = context;
    }

    @Override
    public void process(FixedKeyRecord<byte[], byte[]> record) {
        Optional<RecordMetadata> meta = context.recordMetadata();
        String topic = meta.map(RecordMetadata::topic).orElse(null);
        try {
            Transaction t = decoder.decode(topic, record.value());
            validator.check(t, context.currentSystemTimeMs());
            context.forward(record.withValue(new Checked(t, null, null)));
        } catch (RejectedException e) {
            int partition = meta.map(RecordMetadata::partition).orElse(-1);
            long offset = meta.map(RecordMetadata::offset).orElse(-1L);
            // the message can quote a field of the record (a customer's data): it goes to the DLQ header, not the log
            LOG.warn("Rejected transaction record {}-{}@{}: {} (details in the dead-letter headers)", topic, partition, offset, e.reason().label());
            metrics.rejected(e.reason().label());
            RecordHeaders headers = new RecordHeaders(record.headers().toArray());
            DeadLetters.stamp(headers, e.reason(), e.getMessage(), topic, partition, offset);
            context.forward(record.withValue(new Checked(null, e.reason(), record.value())).withHeaders(headers));
        }
    }
}
