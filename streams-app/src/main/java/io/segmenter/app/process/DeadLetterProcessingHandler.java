package io.segmenter.app.process;

import io.segmenter.app.metrics.SegmenterMetrics;
import io.segmenter.app.validate.DeadLetters;
import io.segmenter.app.validate.RejectReason;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kafka Streams' processing exception handler (KIP-1033/KIP-1034): an unexpected exception in a processor
 * sends the source record's raw bytes to the dead-letter topic ({@code errors.dead.letter.queue.topic.name})
 * with the same headers as validation rejects (reason {@code processing_error}), counts it, and resumes.
 * Expected bad data never gets here: validation routes it through an explicit DLQ branch.
 */
public final class DeadLetterProcessingHandler implements ProcessingExceptionHandler {

    /** Config key under which the runner passes its {@link SegmenterMetrics} instance. */
    public static final String METRICS = "segmenter.internal.metrics";

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterProcessingHandler.class);

    private SegmenterMetrics metrics;
    private String topic;

    @Override
    public void configure(Map<String, ?> configs) {
        Object m = configs.get(METRICS);
        metrics = m instanceof SegmenterMetrics sm ? sm : SegmenterMetrics.inMemory();
        Object t = configs.get(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG);
        topic = t == null ? null : t.toString();
    }

    @Override
    public Response handleError(ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
        LOG.error("Processing failed in {} for {}-{}@{}; record sent to the dead-letter topic", context.processorNodeId(),
                context.topic(), context.partition(), context.offset(), exception);
        metrics.rejected(RejectReason.PROCESSING_ERROR.label());
        if (topic == null) {
            return Response.resume();
        }
        RecordHeaders headers = new RecordHeaders(context.headers().toArray());
        DeadLetters.stamp(headers, RejectReason.PROCESSING_ERROR, exception, context.topic(), context.partition(), context.offset());
        return Response.resume(List.of(new ProducerRecord<>(topic, null, context.sourceRawKey(), context.sourceRawValue(), headers)));
    }
}
