package io.segmenter.app.process;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kafka Streams' production exception handler. A send refused because that record alone is too large
 * for its topic, or a record that cannot be serialized, marks the record's customer {@link UnwritableCustomers
 * unwritable}: under exactly-once the transaction aborts anyway, and when the task processes the input
 * again {@link CustomerProcessor} sends that customer's records to the dead-letter topic. Retriable errors
 * are retried; anything else (authorization, a fenced producer) fails the thread as before.
 */
public final class UnwritableRecordHandler implements ProductionExceptionHandler {

    /** Config key under which the runner passes its {@link UnwritableCustomers} instance. */
    public static final String UNWRITABLE = "segmenter.internal.unwritable";

    private static final Logger LOG = LoggerFactory.getLogger(UnwritableRecordHandler.class);

    private UnwritableCustomers unwritable;

    @Override
    public void configure(Map<String, ?> configs) {
        Object u = configs.get(UNWRITABLE);
        unwritable = u instanceof UnwritableCustomers uc ? uc : new UnwritableCustomers();
    }

    @Override
    public Response handleError(ErrorHandlerContext context, ProducerRecord<byte[], byte[]> record, Exception exception) {
        if (exception instanceof RetriableException) {
            return Response.retry();
        }
        if (exception instanceof RecordTooLargeException || exception instanceof RecordBatchTooLargeException) {
            // the transaction is lost either way; only the record too large by itself marks its customer
            return unwritable.tooLarge(record.topic(), size(record)) ? markCustomer(record.topic(), record.key(), exception) : Response.resume();
        }
        return Response.fail();
    }

    private static long size(ProducerRecord<byte[], byte[]> record) {
        long bytes = (record.key() == null ? 0 : record.key().length) + (record.value() == null ? 0 : record.value().length);
        for (Header h : record.headers()) {
            bytes += h.key().length() + (h.value() == null ? 0 : h.value().length);
        }
        return bytes;
    }

    @Override
    public Response handleSerializationError(ErrorHandlerContext context, @SuppressWarnings("rawtypes") ProducerRecord record,
            Exception exception, SerializationExceptionOrigin origin) {
        return markCustomer(record.topic(), record.key(), exception);
    }

    private Response markCustomer(String topic, Object key, Exception exception) {
        String customerId = key instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : key instanceof String s ? s : null;
        if (customerId == null) {
            return Response.fail();
        }
        String cause = exception.getClass().getSimpleName() + " writing to " + topic + ": " + exception.getMessage();
        unwritable.add(customerId, cause);
        // the id is customer data: it goes to the dead-letter record, not the log
        LOG.error("A record for {} was refused ({}); the transaction is aborted and the customer's records go to the dead-letter "
                + "topic with reason unwritable", topic, exception.getClass().getSimpleName());
        return Response.resume();
    }
}
