package io.segmenter.app.process;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.segmenter.app.metrics.SegmenterMetrics;
import io.segmenter.app.validate.DeadLetters;
import io.segmenter.app.validate.RejectReason;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.Record;
import org.junit.jupiter.api.Test;

class DeadLetterProcessingHandlerTest {

    private record Context(String topic, int partition, long offset, Headers headers, byte[] sourceRawKey, byte[] sourceRawValue)
            implements ErrorHandlerContext {
        @Override
        public String processorNodeId() {
            return "customer-processor";
        }

        @Override
        public TaskId taskId() {
            return new TaskId(1, partition);
        }

        @Override
        public long timestamp() {
            return 0;
        }
    }

    @Test
    void shouldSendTheRawSourceRecordToTheDeadLetterTopicWithTheSharedHeadersAndResume() {
        SegmenterMetrics metrics = SegmenterMetrics.inMemory();
        DeadLetterProcessingHandler handler = new DeadLetterProcessingHandler();
        handler.configure(Map.of(DeadLetterProcessingHandler.METRICS, metrics,
                StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, "transactions-dlq"));
        byte[] key = "k".getBytes(StandardCharsets.UTF_8);
        byte[] value = {1, 2, 3};
        var response = handler.handleError(new Context("transactions", 2, 41L, new RecordHeaders(), key, value),
                new Record<>("k", "v", 0L), new IllegalStateException("boom"));

        assertEquals(ProcessingExceptionHandler.Result.RESUME, response.result());
        ProducerRecord<byte[], byte[]> dead = response.deadLetterQueueRecords().getFirst();
        assertEquals("transactions-dlq", dead.topic());
        assertArrayEquals(key, dead.key());
        assertArrayEquals(value, dead.value());
        assertEquals("processing_error", DeadLetters.header(dead.headers(), DeadLetters.REASON));
        assertEquals("transactions", DeadLetters.header(dead.headers(), DeadLetters.TOPIC));
        assertEquals("2", DeadLetters.header(dead.headers(), DeadLetters.PARTITION));
        assertEquals("41", DeadLetters.header(dead.headers(), DeadLetters.OFFSET));
        assertEquals("2", DeadLetters.header(dead.headers(), DeadLetters.STREAMS_PARTITION));
        assertTrue(DeadLetters.header(dead.headers(), DeadLetters.STREAMS_STACKTRACE).contains("\tat "), "a stack trace");
        assertTrue(DeadLetters.header(dead.headers(), DeadLetters.STREAMS_EXCEPTION).endsWith("Exception"));
        assertEquals(1.0, metrics.transactionCount(SegmenterMetrics.OUTCOME_REJECTED, "processing_error"));
    }
}
