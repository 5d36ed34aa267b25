package io.segmenter.app.process;

import io.segmenter.app.metrics.SegmenterMetrics;
import io.segmenter.app.state.OutcomeCounts;
import io.segmenter.app.state.StoreNames;
import io.segmenter.app.validate.DeadLetters;
import io.segmenter.app.validate.RejectReason;
import io.segmenter.app.validate.RejectedException;
import io.segmenter.app.validate.TransactionDecoder;
import io.segmenter.app.validate.TransactionValidator;
import io.segmenter.avro.Transaction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
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
    private final int maxRecordBytes;
    private final CustomerPartitioning partitioning;
    private FixedKeyProcessorContext<byte[], Checked> context;
    private OutcomeCounts outcomes;
    private boolean warnedWrongPartition;

    public ValidateProcessor(TransactionDecoder decoder, TransactionValidator validator, SegmenterMetrics metrics, int maxRecordBytes,
            CustomerPartitioning partitioning) {
        this.decoder = decoder;
        this.validator = validator;
        this.metrics = metrics;
        this.maxRecordBytes = maxRecordBytes;
        this.partitioning = partitioning;
    }

    @Override
    public void init(FixedKeyProcessorContext<byte[], Checked> context) {
        this.context = context;
        this.outcomes = new OutcomeCounts(context.getStateStore(StoreNames.OUTCOMES));
    }

    @Override
    public void process(FixedKeyRecord<byte[], byte[]> record) {
        Optional<RecordMetadata> meta = context.recordMetadata();
        String topic = meta.map(RecordMetadata::topic).orElse(null);
        try {
            long size = (record.key() == null ? 0L : record.key().length) + (record.value() == null ? 0L : record.value().length);
            if (size > maxRecordBytes) { // before decoding: nothing re-keys, stores or re-sends it
                throw new RejectedException(RejectReason.OVERSIZED, "record of " + size + " bytes (key and value); at most "
                        + maxRecordBytes + " are accepted (record.max.bytes)");
            }
            Transaction t = decoder.decode(topic, record.value());
            validator.check(t, context.currentSystemTimeMs());
            context.forward(record.withValue(Checked.valid(t, inPlace(record.key(), t, meta))));
        } catch (RejectedException e) {
            int partition = meta.map(RecordMetadata::partition).orElse(-1);
            long offset = meta.map(RecordMetadata::offset).orElse(-1L);
            // the message can quote a field of the record (a customer's data): it goes to the DLQ header, not the log
            LOG.warn("Rejected transaction record {}-{}@{}: {} (details in the dead-letter headers)", topic, partition, offset, e.reason().label());
            metrics.rejected(e.reason().label());
            outcomes.rejected(e.reason());
            RecordHeaders headers = new RecordHeaders(record.headers().toArray());
            DeadLetters.stamp(headers, e.reason(), e.getMessage(), topic, partition, offset);
            byte[] key = record.key();
            byte[] value = record.value();
            if (e.reason() == RejectReason.OVERSIZED) {
                DeadLetters.Cut cut = DeadLetters.cutOversized(headers, key, value, maxRecordBytes);
                key = cut.key();
                value = cut.value();
            }
            context.forward(record.withValue(Checked.rejected(e.reason(), value, key)).withHeaders(headers));
        }
    }

    /** True when the record is keyed by its customer id and sits on that customer's partition (no repartition needed). */
    private boolean inPlace(byte[] key, Transaction t, Optional<RecordMetadata> meta) {
        if (key == null || !Arrays.equals(key, t.getCustomerId().getBytes(StandardCharsets.UTF_8))) {
            return false;
        }
        int partition = meta.map(RecordMetadata::partition).orElse(-1);
        if (partitioning.holds(key, partition)) {
            return true;
        }
        metrics.rerouted(SegmenterMetrics.REROUTE_WRONG_PARTITION);
        if (!warnedWrongPartition) { // once per task: the counter carries the rate
            warnedWrongPartition = true;
            LOG.warn("Transactions keyed by customer id arrive on partition {} of {} but belong elsewhere (default partitioner over the "
                    + "UTF-8 key); they are re-routed through the repartition topic. Counted in segmenter_rerouted_total.",
                    partition, meta.map(RecordMetadata::topic).orElse(null));
        }
        return false;
    }
}
