package io.segmenter.app.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.NotLeaderOrFollowerException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.streams.errors.ProductionExceptionHandler.Result;
import org.junit.jupiter.api.Test;

class UnwritableRecordHandlerTest {

    private final UnwritableCustomers unwritable = new UnwritableCustomers();
    private final UnwritableRecordHandler handler = new UnwritableRecordHandler();

    UnwritableRecordHandlerTest() {
        unwritable.limits(Map.of("segments", 1200), 1024 * 1024);
        handler.configure(Map.of(UnwritableRecordHandler.UNWRITABLE, unwritable));
    }

    private static ProducerRecord<byte[], byte[]> record(String topic, String key, int valueBytes) {
        return new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8), new byte[valueBytes]);
    }

    @Test
    void aRecordTooLargeByItselfMarksItsCustomer() {
        var response = handler.handleError(null, record("segments", "L".repeat(1500), 1600), new RecordTooLargeException("too large"));
        assertEquals(Result.RESUME, response.result());
        assertNotNull(unwritable.cause("L".repeat(1500)));
    }

    @Test
    void aSmallRecordFailedWithItsBatchOrTransactionMarksNobody() {
        // the same exception reaches every record of the refused batch and every later send of the transaction
        var response = handler.handleError(null, record("segments", "innocent", 200), new RecordTooLargeException("too large"));
        assertEquals(Result.RESUME, response.result());
        assertNull(unwritable.cause("innocent"));
        handler.handleError(null, record("app-due-index-store-changelog", "x", 500), new RecordTooLargeException("too large"));
        assertEquals(0, unwritable.size());
    }

    @Test
    void retriableErrorsRetryAndOthersFailTheThread() {
        assertEquals(Result.RETRY, handler.handleError(null, record("segments", "c", 10), new NotLeaderOrFollowerException("moving")).result());
        assertEquals(Result.FAIL, handler.handleError(null, record("segments", "c", 10), new TopicAuthorizationException("denied")).result());
        assertEquals(0, unwritable.size());
    }
}
