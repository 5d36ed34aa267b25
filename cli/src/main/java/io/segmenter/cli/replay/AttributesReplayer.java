package io.segmenter.cli.replay;

import io.segmenter.avro.CustomerAttributes;
import io.segmenter.serde.AvroSerde;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/** Sends customer-attributes records keyed by customer id, in order, and waits for the broker's acknowledgements. */
public final class AttributesReplayer {

    /** What the broker acknowledged; {@code firstFailure} is null when nothing failed. */
    public record Sent(long acknowledged, long failed, String firstFailure) {}

    private final Map<String, Object> producerConfig;
    private final Map<String, Object> serdeConfig;

    public AttributesReplayer(Map<String, ?> producerConfig, Map<String, ?> serdeConfig) {
        Map<String, Object> merged = new HashMap<>(CsvReplayer.producerDefaults());
        merged.putAll(producerConfig);
        this.producerConfig = Map.copyOf(merged);
        this.serdeConfig = Map.copyOf(serdeConfig);
    }

    /** Streams the file's records (the second pass of {@link AttributesCsv}) to {@code topic}; the producer's buffer paces the reading. */
    public Sent send(AttributesCsv.Layout layout, Instant eventTime, String topic, Consumer<ReplayProgress> progress) throws IOException {
        long start = System.nanoTime();
        long[] sent = {0, start};
        AtomicLong acknowledged = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        AtomicReference<String> firstFailure = new AtomicReference<>();
        AvroSerde<CustomerAttributes> serde = AvroSerde.of(CustomerAttributes.class, serdeConfig);
        // the idempotent producer keeps the order of one key's records: a later snapshot stays later
        try (KafkaProducer<String, CustomerAttributes> producer = new KafkaProducer<>(producerConfig, new StringSerializer(), serde.serializer())) {
            AttributesCsv.records(layout, eventTime, a -> {
                producer.send(new ProducerRecord<>(topic, a.getCustomerId(), a), (metadata, e) -> {
                    if (e == null) {
                        acknowledged.incrementAndGet();
                    } else {
                        failed.incrementAndGet();
                        firstFailure.compareAndSet(null, e.toString());
                    }
                });
                long now = System.nanoTime();
                if (++sent[0] == layout.records() || now - sent[1] >= 250_000_000L) {
                    sent[1] = now;
                    progress.accept(ReplayProgress.ofRecords(sent[0], acknowledged.get(), layout.records(), Duration.ofNanos(now - start)));
                }
                return true;
            });
            producer.flush();
        }
        return new Sent(acknowledged.get(), failed.get(), firstFailure.get());
    }
}
