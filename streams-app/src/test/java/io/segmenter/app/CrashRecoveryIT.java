package io.segmenter.app;

import io.segmenter.app.config.SegmenterConfig;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.segmenter.avro.CustomerProfile;
import io.segmenter.avro.SegmentAssignment;
import io.segmenter.broker.junit.KafkaBrokerExtension;
import io.segmenter.broker.junit.KafkaTestCluster;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two instances share the partitions; one (a child JVM) is killed with SIGKILL three times mid-stream
 * (restarted on its state directory after each) while transactions keep coming. Afterwards the per-customer profiles and segments equal those of a single
 * clean instance over the same input, and exactly-once holds: every applied transaction produced exactly
 * one committed profile record, totals match the generator's, and the exactly-once outcome counts summed
 * over both instances equal the clean run's.
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

        Process child = startChild(childConfig, dir, 0);
        try (SegmenterApp first = new SegmenterApp(a)) {
            first.start();
            await().atMost(LONG).until(() -> first.streams().state() == KafkaStreams.State.RUNNING && groupMembers(kafka, appId) == 2);

            List<Integer> killAt = List.of(data.records.size() / 5, data.records.size() * 2 / 5, data.records.size() * 3 / 5);
            try (KafkaProducer<byte[], byte[]> producer = kafka.producer(new ByteArraySerializer(), new ByteArraySerializer())) {
                for (int i = 0; i < data.records.size(); i++) {
                    producer.send(data.records.get(i));
                    if (i % 100 == 99) {
                        producer.flush();
                        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(40)); // pacing: input keeps arriving during the crash
                    }
                    int kill = killAt.indexOf(i);
                    if (kill >= 0) {
                        producer.flush();
                        int seen = 100 * (kill + 1);
                        await().atMost(LONG).until(() -> BrokerRuns.count(kafka, shared.get(SegmenterConfig.TOPIC_PROFILES).toString(),
                                seen, Duration.ofSeconds(2)) >= seen);
                        child.destroyForcibly(); // SIGKILL: no close, no commit, no flush
                        assertTrue(child.waitFor(30, TimeUnit.SECONDS));
                        child = startChild(childConfig, dir, kill + 1); // back on the same state directory, killed again later
                        await().atMost(LONG).until(() -> groupMembers(kafka, appId) == 2);
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

                // the exactly-once outcome counts, summed over both instances, equal the clean run's and the generator's
                Map<String, Long> expected = Map.of("applied", (long) data.applied, "duplicate", (long) data.duplicates,
                        "rejected", (long) data.invalid);
                int childPort = Integer.parseInt(childConfig.get(SegmenterConfig.HTTP_PORT).toString());
                await().atMost(LONG).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
                    Map<String, Long> summed = new TreeMap<>(first.outcomes().byOutcome());
                    exactOutcomes(childPort).forEach((k, v) -> summed.merge(k, v, Long::sum));
                    assertEquals(expected, summed, "crashed run, both instances");
                });
                await().atMost(LONG).untilAsserted(() -> assertEquals(expected, reference.outcomes().byOutcome(), "clean run"));

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

    /** Starts instance b in a child JVM on a fresh HTTP port (its metrics are read over HTTP). */
    private static Process startChild(Map<String, Object> config, Path dir, int run) throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            config.put(SegmenterConfig.HTTP_PORT, Integer.toString(socket.getLocalPort()));
        }
        return BrokerRuns.startChild(config, dir, "instance-b-" + run);
    }

    /** The exact outcome gauges of the instance on {@code port}, summed over reasons. */
    private static Map<String, Long> exactOutcomes(int port) throws Exception {
        String body = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        Map<String, Long> out = new TreeMap<>();
        Matcher m = Pattern.compile("(?m)^segmenter_transactions_exact\\{outcome=\"(\\w+)\",reason=\"\\w+\"\\} ([0-9.E]+)$").matcher(body);
        while (m.find()) {
            out.merge(m.group(1), (long) Double.parseDouble(m.group(2)), Long::sum);
        }
        if (out.isEmpty()) {
            throw new AssertionError("no exact outcome gauges on port " + port + ":\n"
                    + body.lines().filter(l -> l.contains("exact") || l.contains("app_state")).toList());
        }
        return out;
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
