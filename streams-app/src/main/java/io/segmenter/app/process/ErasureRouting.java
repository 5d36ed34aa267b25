package io.segmenter.app.process;

import io.segmenter.app.metrics.SegmenterMetrics;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells for each erasure request whether it sits on its customer's partition ({@code true}) or must be
 * re-routed through the repartition topic to reach the task that holds the customer ({@code false}).
 */
public final class ErasureRouting implements FixedKeyProcessor<String, byte[], Boolean> {

    private static final Logger LOG = LoggerFactory.getLogger(ErasureRouting.class);

    private final CustomerPartitioning partitioning;
    private final SegmenterMetrics metrics;
    private FixedKeyProcessorContext<String, Boolean> context;
    private boolean warned;

    public ErasureRouting(CustomerPartitioning partitioning, SegmenterMetrics metrics) {
        this.partitioning = partitioning;
        this.metrics = metrics;
    }

    @Override
    public void init(FixedKeyProcessorContext<String, Boolean> context) {
        this.context = context;
    }

    @Override
    public void process(FixedKeyRecord<String, byte[]> record) {
        int partition = context.recordMetadata().map(RecordMetadata::partition).orElse(-1);
        boolean inPlace = record.key() == null || partitioning.holds(record.key().getBytes(StandardCharsets.UTF_8), partition);
        if (!inPlace) {
            metrics.rerouted(SegmenterMetrics.REROUTE_WRONG_PARTITION);
            if (!warned) {
                warned = true;
                LOG.warn("Erasure requests arrive on partition {} but belong elsewhere (default partitioner over the UTF-8 customer id); "
                        + "they are re-routed through the repartition topic", partition);
            }
        }
        context.forward(record.withValue(inPlace));
    }
}
