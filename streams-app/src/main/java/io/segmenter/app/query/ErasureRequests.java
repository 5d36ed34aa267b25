package io.segmenter.app.query;

import io.segmenter.config.ClientSettings;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes erasure requests (key = customer id, empty value) to the erasures topic, which the topology turns
 * into deleted state and tombstones. The producer starts on the first request.
 */
public final class ErasureRequests implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ErasureRequests.class);
    private static final byte[] EMPTY = new byte[0];

    private final Map<String, Object> producerConfig;
    private final String topic;
    private final Duration timeout;
    private Producer<String, byte[]> producer;
    private boolean closed;

    /** @param clientConfig bootstrap servers and any security settings of the app's Kafka clients */
    public ErasureRequests(Map<String, Object> clientConfig, String topic, Duration timeout) {
        this.producerConfig = ClientSettings.only(clientConfig, ProducerConfig.configNames());
        producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");
        producerConfig.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        long request = Math.max(timeout.toMillis(), 1_000L);
        producerConfig.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, Long.toString(timeout.toMillis()));
        producerConfig.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Long.toString(request));
        producerConfig.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Long.toString(request + 1_000L)); // >= linger + request timeout
        producerConfig.put(ProducerConfig.CLIENT_ID_CONFIG, "segmenter-erasure-requests");
        this.topic = topic;
        this.timeout = timeout;
    }

    /** Sends the request and waits for the broker's ack; 503 when it does not come in time. */
    public void request(String customerId) {
        try {
            producer().send(new ProducerRecord<>(topic, customerId, EMPTY)).get(timeout.toMillis() * 2, TimeUnit.MILLISECONDS);
            LOG.info("Erasure request written to {}", topic);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw QueryException.unavailable("interrupted while writing the erasure request");
        } catch (ExecutionException | TimeoutException | org.apache.kafka.common.KafkaException e) {
            LOG.warn("Writing an erasure request failed: {}", e.toString());
            throw QueryException.unavailable("the erasure request could not be written to Kafka; retry");
        }
    }

    private synchronized Producer<String, byte[]> producer() {
        if (closed) {
            throw QueryException.unavailable("shutting down");
        }
        if (producer == null) {
            producer = new KafkaProducer<>(producerConfig, new StringSerializer(), new ByteArraySerializer());
        }
        return producer;
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
        }
    }
}
