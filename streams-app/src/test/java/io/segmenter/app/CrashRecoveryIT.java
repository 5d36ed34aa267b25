package io.segmenter.app;

import io.segmenter.app.config.SegmenterConfig;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.segmenter.avro.CustomerProfile;
import io.segmenter.avro.SegmentAssignment;
import io.segmenter.broker.junit.KafkaBrokerExtension;
import io.segmenter.broker.junit.KafkaTestCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two instances share the partitions; one (a child JVM) is killed with SIGKILL mid-stream while
 * transactions keep coming. Afterwards the per-customer profiles and segments equal those of a single
 * clean instance over the same input, and exactly-once holds: every applied transaction produced exactly
 * one committed profile record, and totals match the generator's.
 */
@ExtendWith(KafkaBrokerExtension.class)
class CrashRecoveryIT {

    private static final int PARTITIONS = 4;
    private static final Duration LONG = Duration.ofMinutes(4);

    @Test
    void shouldEqualACleanRunWhenAnInstanceIsKilledMidStream(KafkaTestCluster kafka, @TempDir Path dir) throws Exception {
        String input = kafka.uniqueTopic("transactions");
        String models = kafka.uniqueTopic("models");
        String appId = kafka.uniqueId("segmenter");
        String refId = kafka.uniqueId("reference");
        Map<String, Object> shared = BrokerRuns.config(kafka, appId, input, models, dir.resolve("a"), PARTITIONS);
        Map<String, Object> childConfig = BrokerRuns.config(kafka, appId, input, models, dir.resolve("b"), PARTITIONS);
        Map<String, Object> refConfig = BrokerRuns.config(kafka, refId, input, models, dir.resolve("ref"), PARTITIONS);
        SegmenterConfig a = new SegmenterConfig(shared);
        try (Admin admin = kafka.admin()) {
            new TopicCreator(admin, a).ensureTopics();
            new TopicCreator(admin, new SegmenterConfig(refConfig)).ensureTopics();
        }
        BrokerRuns.publishModel(kafka, models, Fixtures.model(1));
        GeneratedInput data = new GeneratedInput(input, 3000, 150, 42L, Instant.parse("2025-01-01T00:00:00Z"), 90);

        Process child = BrokerRuns.startChild(childConfig, dir, "instance-b");
        try (SegmenterApp first = new SegmenterApp(a)) {
            first.start();
            await().atMost(LONG).until(() -> first.streams().state() == KafkaStreams.State.RUNNING && groupMembers(kafka, appId) == 2);

            int killAt = data.records.size() * 2 / 5;
            try (KafkaProducer<byte[], byte[]> producer = kafka.producer(new ByteArraySerializer(), new ByteArraySerializer())) {
                for (int i = 0; i < data.records.size(); i++) {
                    producer.send(data.records.get(i));
                    if (i % 100 == 99) {
                        producer.flush();
                        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(40)); // pacing: input keeps arriving during the crash
                    }
                    if (i == killAt) {
                        producer.flush();
                        await().atMost(LONG).until(() -> BrokerRuns.count(kafka, shared.get(SegmenterConfig.TOPIC_PROFILES).toString(),
                                100, Duration.ofSeconds(2)) >= 100);
                        child.destroyForcibly(); // SIGKILL: no close, no commit, no flush
                        assertTrue(child.waitFor(30, TimeUnit.SECONDS));
                    }
                }
            }

            // profiles are sent once per commit interval per customer, so the topic's latest profile per customer is
            // the check: every generated purchase and amount counted, none lost, none doubled
            String profiles = shared.get(SegmenterConfig.TOPIC_PROFILES).toString();
            await().atMost(LONG).pollInterval(Duration.ofSeconds(2))
                    .until(() -> isTruth(data, BrokerRuns.latest(BrokerRuns.profiles(kafka, profiles, Integer.MAX_VALUE, Duration.ofSeconds(3)))));
            assertEquals(data.invalid, BrokerRuns.count(kafka, shared.get(SegmenterConfig.TOPIC_DLQ).toString(), data.invalid + 10,
                    Duration.ofSeconds(5)));

            try (SegmenterApp reference = new SegmenterApp(new SegmenterConfig(refConfig))) {
                reference.start();
                String refProfiles = refConfig.get(SegmenterConfig.TOPIC_PROFILES).toString();
                await().atMost(LONG).pollInterval(Duration.ofSeconds(2))
                        .until(() -> isTruth(data, BrokerRuns.latest(BrokerRuns.profiles(kafka, refProfiles, Integer.MAX_VALUE, Duration.ofSeconds(3)))));

                Map<String, CustomerProfile> crashed = comparable(BrokerRuns.latest(BrokerRuns.profiles(kafka, profiles, Integer.MAX_VALUE, Duration.ofSeconds(3))));
                Map<String, CustomerProfile> clean = comparable(BrokerRuns.latest(BrokerRuns.profiles(kafka, refProfiles, Integer.MAX_VALUE, Duration.ofSeconds(3))));
                assertEquals(clean, crashed);
                for (var e : crashed.entrySet()) {
                    assertEquals(data.purchases.getOrDefault(e.getKey(), 0L), e.getValue().getLifetimePurchaseCount(), e.getKey());
                    assertEquals(data.netMinor.get(e.getKey()), e.getValue().getLifetimeNetMonetaryMinor(), e.getKey());
                }

                String segments = shared.get(SegmenterConfig.TOPIC_SEGMENTS).toString();
                String refSegments = refConfig.get(SegmenterConfig.TOPIC_SEGMENTS).toString();
                await().atMost(LONG).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
                    Map<String, String> x = segmentsOf(kafka, segments);
                    assertEquals(data.purchases.size(), x.size());
                    assertEquals(segmentsOf(kafka, refSegments), x);
                });
            }
        } finally {
            child.destroyForcibly();
        }
    }

    /** True when the latest profiles hold exactly the generated purchase counts and net amounts of every customer. */
    private static boolean isTruth(GeneratedInput data, Map<String, CustomerProfile> latest) {
        if (!latest.keySet().equals(data.netMinor.keySet())) {
            return false;
        }
        for (var e : latest.entrySet()) {
            if (e.getValue().getLifetimePurchaseCount() != data.purchases.getOrDefault(e.getKey(), 0L)
                    || e.getValue().getLifetimeNetMonetaryMinor() != data.netMinor.get(e.getKey())) {
                return false;
            }
        }
        return true;
    }

    private static Map<String, CustomerProfile> comparable(Map<String, CustomerProfile> m) {
        Map<String, CustomerProfile> out = new TreeMap<>();
        m.forEach((k, v) -> out.put(k, BrokerRuns.comparable(v)));
        return out;
    }

    private static Map<String, String> segmentsOf(KafkaTestCluster kafka, String topic) {
        Map<String, String> out = new TreeMap<>();
        Map<String, SegmentAssignment> latest = BrokerRuns.latest(BrokerRuns.segments(kafka, topic, Integer.MAX_VALUE, Duration.ofSeconds(3)));
        latest.forEach((k, v) -> out.put(k, v.getSegmentId() + "/" + v.getRfmSegment()));
        return out;
    }

    private static int groupMembers(KafkaTestCluster kafka, String group) throws Exception {
        try (Admin admin = kafka.admin()) {
            return admin.describeConsumerGroups(java.util.List.of(group)).all().get().get(group).members().size();
        } catch (java.util.concurrent.ExecutionException e) {
            return 0;
        }
    }
}
