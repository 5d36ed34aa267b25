package io.segmenter.cli.bench;

import io.segmenter.app.SegmenterApp;
import io.segmenter.app.config.SegmenterConfig;
import io.segmenter.avro.EmitReason;
import io.segmenter.avro.SegmentAssignment;
import io.segmenter.serde.AvroSerde;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.StreamsConfig;

/**
 * End-to-end latency: purchases produced at a paced rate, each with event time = its send time (wall
 * clock); the app runs with emit=always, so every purchase yields one assignment whose sourceEventTime is
 * that send time; a read_committed consumer on the segments topic records consume time - sourceEventTime.
 * Exactly-once with the default commit interval (100 ms under EOS): a record becomes visible when the
 * transaction that wrote it commits, so the commit interval bounds the floor of the figure.
 */
final class LatencyBench {

    private final BenchKafka kafka;
    private final int rate;
    private final int seconds;
    private final int warmup;
    private final int customers;
    private final double rekeyShare;
    private final int partitions;
    private final int commitMs;

    LatencyBench(BenchKafka kafka, BenchOptions o) {
        this.kafka = kafka;
        this.rate = o.integer("rate", 2_000);
        this.seconds = o.integer("seconds", 60);
        this.warmup = o.integer("warmup", 10);
        this.customers = o.integer("customers", 5_000);
        this.rekeyShare = o.decimal("rekey", 0.25);
        this.partitions = o.integer("partitions", 6);
        this.commitMs = o.integer("commit.ms", 100);
    }

    void run() throws Exception {
        String input = kafka.unique("lat-transactions");
        String models = kafka.unique("lat-models");
        String appId = kafka.unique("lat-segmenter");
        kafka.createTopic(input, partitions);
        kafka.createTopic(models, 1);
        kafka.publishModel(models, BenchModel.twoSegments());
        Map<String, Object> c = kafka.segmenterConfig(appId, input, models, kafka.stateDir(appId), partitions);
        c.put(SegmenterConfig.EMIT, SegmenterConfig.EMIT_ALWAYS);
        c.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, Integer.toString(commitMs));
        SegmenterConfig config = new SegmenterConfig(c);

        try (SegmenterApp app = new SegmenterApp(config)) {
            app.start();
            BenchKafka.await("the app to be ready", Duration.ofMinutes(2), Duration.ofMillis(100), app::isReady);
            long measureFrom = System.currentTimeMillis() + warmup * 1000L;
            Receiver receiver = new Receiver(config.getString(SegmenterConfig.TOPIC_SEGMENTS), measureFrom);
            Thread consumer = Thread.ofPlatform().name("latency-consumer").start(receiver);
            receiver.awaitAssigned();

            BenchInput inputs = new BenchInput(customers, rekeyShare, 7L);
            long total = (long) rate * (warmup + seconds);
            long measured = 0;
            long begin = System.nanoTime();
            long measureBeginNanos = 0;
            try (KafkaProducer<byte[], byte[]> producer = kafka.producer()) {
                for (long i = 0; i < total; i++) {
                    long due = begin + i * 1_000_000_000L / rate;
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        LockSupport.parkNanos(wait);
                    }
                    long now = System.currentTimeMillis();
                    if (now >= measureFrom) {
                        if (measured == 0) {
                            measureBeginNanos = System.nanoTime();
                        }
                        measured++;
                    }
                    producer.send(inputs.purchaseAt(input, i, now));
                }
                producer.flush();
            }
            double sendSeconds = (System.nanoTime() - measureBeginNanos) / 1e9;
            long expected = measured;
            try {
                BenchKafka.await("assignments for all measured purchases", Duration.ofSeconds(60), Duration.ofMillis(100),
                        () -> receiver.count.get() >= expected);
            } catch (IllegalStateException e) {
                System.out.println("latency: " + e.getMessage());
            }
            receiver.stop.set(true);
            consumer.join();
            report(receiver, measured, sendSeconds);
        }
    }

    private void report(Receiver r, long sent, double sendSeconds) {
        long[] l;
        synchronized (r) {
            l = Arrays.copyOf(r.latencies, r.size);
        }
        Arrays.sort(l);
        System.out.printf("%nlatency: produce -> segment record (read_committed), exactly_once_v2, commit.interval.ms " + commitMs + ","
                        + " emit=always, purchases only, %,d customers, %.0f%% keyed by order id (repartitioned), %d partitions%n",
                customers, rekeyShare * 100, partitions);
        System.out.printf("target %,d tx/s for %d s after a %d s warm-up; achieved %,.0f tx/s; %,d sent, %,d assignments received%n",
                rate, seconds, warmup, sent / sendSeconds, sent, l.length);
        if (l.length == 0) {
            System.out.println("no assignments received");
            return;
        }
        System.out.printf("%8s %8s %8s %8s %8s %8s %8s  (ms)%n", "p50", "p90", "p99", "p99.9", "max", "mean", "min");
        System.out.printf("%8d %8d %8d %8d %8d %8.1f %8d%n", at(l, 0.50), at(l, 0.90), at(l, 0.99), at(l, 0.999), l[l.length - 1],
                Arrays.stream(l).average().orElse(0), l[0]);
    }

    private static long at(long[] sorted, double q) {
        int i = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    /** Reads the segments topic (all partitions, read_committed) and records the latency of NEW_EVENT assignments. */
    private final class Receiver implements Runnable {
        final AtomicBoolean stop = new AtomicBoolean();
        final AtomicLong count = new AtomicLong();
        private final AtomicBoolean assigned = new AtomicBoolean();
        private final String topic;
        private final long measureFrom;
        long[] latencies = new long[1 << 16];
        int size;

        Receiver(String topic, long measureFrom) {
            this.topic = topic;
            this.measureFrom = measureFrom;
        }

        void awaitAssigned() throws Exception {
            BenchKafka.await("the latency consumer", Duration.ofSeconds(30), Duration.ofMillis(20), assigned::get);
        }

        @Override
        public void run() {
            Map<String, Object> p = new HashMap<>();
            p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
            p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
            try (KafkaConsumer<String, SegmentAssignment> consumer = new KafkaConsumer<>(p, new StringDeserializer(),
                    new AvroSerde<>(SegmentAssignment.class))) {
                List<TopicPartition> parts = consumer.partitionsFor(topic).stream().map(i -> new TopicPartition(topic, i.partition())).toList();
                consumer.assign(parts);
                consumer.seekToBeginning(parts);
                parts.forEach(consumer::position);
                assigned.set(true);
                while (!stop.get()) {
                    var records = consumer.poll(Duration.ofMillis(100));
                    long now = System.currentTimeMillis();
                    for (ConsumerRecord<String, SegmentAssignment> rec : records) {
                        SegmentAssignment a = rec.value();
                        if (a == null || a.getReason() != EmitReason.NEW_EVENT || a.getSourceEventTime() == null) {
                            continue;
                        }
                        long sent = a.getSourceEventTime().toEpochMilli();
                        if (sent >= measureFrom) {
                            add(now - sent);
                        }
                    }
                }
            }
        }

        private synchronized void add(long latency) {
            if (size == latencies.length) {
                latencies = Arrays.copyOf(latencies, size * 2);
            }
            latencies[size++] = latency;
            count.incrementAndGet();
        }
    }
}
