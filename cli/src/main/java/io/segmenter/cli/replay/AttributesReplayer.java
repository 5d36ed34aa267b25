package io.segmenter.cli.replay;

import io.segmenter.avro.CustomerAttributes;
import io.segmenter.serde.AvroSerde;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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

    public Sent send(List<CustomerAttributes> records, String topic) {
        AtomicLong acknowledged = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        AtomicReference<String> firstFailure = new AtomicReference<>();
        AvroSerde<CustomerAttributes> serde = AvroSerde.of(CustomerAttributes.class, serdeConfig);
        // the idempotent producer keeps the order of one key's records: a later snapshot stays later
        try (KafkaProducer<String, CustomerAttributes> producer = new KafkaProducer<>(producerConfig, new StringSerializer(), serde.serializer())) {
            for (CustomerAttributes a : records) {
                producer.send(new ProducerRecord<>(topic, a.getCustomerId(), a), (metadata, e) -> {
                    if (e == null) {
                        acknowledged.incrementAndGet();
                    } else {
                        failed.incrementAndGet();
                        firstFailure.compareAndSet(null, e.toString());
                    }
                });
            }
            producer.flush();
        }
        return new Sent(acknowledged.get(), failed.get(), firstFailure.get());
    }
}
