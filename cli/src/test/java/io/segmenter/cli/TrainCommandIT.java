package io.segmenter.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.segmenter.avro.CustomerProfile;
import io.segmenter.avro.SegmentModel;
import io.segmenter.broker.junit.KafkaBrokerExtension;
import io.segmenter.broker.junit.KafkaTestCluster;
import io.segmenter.model.RfmFeatures;
import io.segmenter.serde.AvroSerde;
import io.segmenter.trainer.config.TrainerConfig;
import io.segmenter.trainer.job.TrainerRunner;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import picocli.CommandLine;

@ExtendWith(KafkaBrokerExtension.class)
class TrainCommandIT {

    private static final Instant NOW = Instant.parse("2011-12-09T12:00:00Z");

    private static CustomerProfile profile(String id, long daysAgo, long purchases, long moneyMinor) {
        Instant last = NOW.minusMillis(daysAgo * RfmFeatures.DAY_MILLIS);
        return CustomerProfile.newBuilder().setCustomerId(id).setCurrency("GBP").setFirstPurchaseTime(last)
                .setLastPurchaseTime(last).setLifetimePurchaseCount(purchases).setLifetimeNetMonetaryMinor(moneyMinor)
                .setLifetimeRefundMinor(0).setHorizonDays(0).setHorizonPurchaseCount(purchases)
                .setHorizonNetMonetaryMinor(moneyMinor).setBuckets(List.of()).setLastEventTime(last).setUpdatedAt(last).build();
    }

    @Test
    void shouldPublishModelFromProfileSnapshotAndKeepSegmentIdsOnRetrain(KafkaTestCluster kafka) {
        String profiles = kafka.createTopic(kafka.uniqueTopic("customer-profiles"), 3, Map.of("cleanup.policy", "compact"));
        String models = kafka.createTopic(kafka.uniqueTopic("segment-models"), 1, Map.of("cleanup.policy", "compact"));
        List<Map.Entry<String, CustomerProfile>> records = fourKinds(new SplittableRandom(11));
        try (AvroSerde<CustomerProfile> serde = new AvroSerde<>(CustomerProfile.class)) {
            kafka.produce(profiles, new StringSerializer(), serde.serializer(), records);
        }
        String[] args = {"--once", "--bootstrap-server", kafka.bootstrapServers(), "--profiles-topic", profiles,
            "--models-topic", models, "--clock", "stream", "--snapshot-timeout", "60s"};

        assertEquals(0, new CommandLine(new TrainCommand()).setCaseInsensitiveEnumValuesAllowed(true).execute(args));
        assertEquals(0, new CommandLine(new TrainCommand()).setCaseInsensitiveEnumValuesAllowed(true)
                .execute(append(args, "--seed", "5")));

        List<SegmentModel> published;
        try (AvroSerde<SegmentModel> serde = new AvroSerde<>(SegmentModel.class)) {
            published = kafka.consume(models, new StringDeserializer(), serde.deserializer(), 2, Duration.ofSeconds(30))
                    .stream().map(r -> r.value()).toList();
        }
        assertEquals(2, published.size());
        SegmentModel first = published.get(0);
        SegmentModel second = published.get(1);
        assertEquals(1L, first.getVersion());
        assertNull(first.getPreviousVersion());
        assertEquals(600L, first.getSnapshotSize());
        Instant streamClock = records.stream().map(e -> e.getValue().getLastEventTime()).max(Instant::compareTo).orElseThrow();
        assertEquals(streamClock, first.getSnapshotTime(), "features at the snapshot's stream clock");
        assertEquals(RfmFeatures.NAMES, first.getFeatures().stream().map(f -> f.getName()).toList());
        assertEquals(2L, second.getVersion());
        assertEquals(1L, second.getPreviousVersion());
        assertEquals(first.getCentroids().stream().map(c -> c.getSegmentId() + " " + c.getLabel()).toList(),
                second.getCentroids().stream().map(c -> c.getSegmentId() + " " + c.getLabel()).toList());
    }

    @Test
    void shouldRetrySoonAfterAPeriodicRunThatPublishedNothing(KafkaTestCluster kafka) throws Exception {
        // as after `docker compose up`: the trainer starts before the app has written any profile
        String profiles = kafka.createTopic(kafka.uniqueTopic("customer-profiles"), 3, Map.of("cleanup.policy", "compact"));
        String models = kafka.createTopic(kafka.uniqueTopic("segment-models"), 1, Map.of("cleanup.policy", "compact"));
        TrainerConfig config = TrainerConfig.load(null, Map.of(), Map.of(TrainerConfig.BOOTSTRAP_SERVERS, kafka.bootstrapServers(),
                TrainerConfig.TOPIC_PROFILES, profiles, TrainerConfig.TOPIC_MODELS, models, TrainerConfig.CLOCK, "stream",
                TrainerConfig.EVERY, "1h", TrainerConfig.RETRY_AFTER, "1s", TrainerConfig.HTTP_PORT, "0"));
        Running trainer = Running.start(config);
        try (AvroSerde<SegmentModel> modelSerde = new AvroSerde<>(SegmentModel.class);
                AvroSerde<CustomerProfile> profileSerde = new AvroSerde<>(CustomerProfile.class)) {
            // the first run finds nothing; then the profiles arrive
            assertEquals(List.of(), kafka.consume(models, new StringDeserializer(), modelSerde.deserializer(), 1, Duration.ofSeconds(3)));
            kafka.produce(profiles, new StringSerializer(), profileSerde.serializer(), fourKinds(new SplittableRandom(3)));
            List<SegmentModel> published = kafka.consume(models, new StringDeserializer(), modelSerde.deserializer(), 1,
                    Duration.ofSeconds(60)).stream().map(r -> r.value()).toList();
            assertEquals(1, published.size(), "published at a retry within a minute, not an hour later");
        } finally {
            trainer.stop();
        }
    }

    @Test
    void shouldRetrainOnceWhenTheProfilesDriftPastTheThreshold(KafkaTestCluster kafka) throws Exception {
        String profiles = kafka.createTopic(kafka.uniqueTopic("customer-profiles"), 3, Map.of("cleanup.policy", "compact"));
        String models = kafka.createTopic(kafka.uniqueTopic("segment-models"), 1, Map.of("cleanup.policy", "compact"));
        try (AvroSerde<SegmentModel> modelSerde = new AvroSerde<>(SegmentModel.class);
                AvroSerde<CustomerProfile> profileSerde = new AvroSerde<>(CustomerProfile.class)) {
            kafka.produce(profiles, new StringSerializer(), profileSerde.serializer(), fourKinds(new SplittableRandom(3)));
            TrainerConfig config = TrainerConfig.load(null, Map.of(), Map.of(TrainerConfig.BOOTSTRAP_SERVERS, kafka.bootstrapServers(),
                    TrainerConfig.TOPIC_PROFILES, profiles, TrainerConfig.TOPIC_MODELS, models, TrainerConfig.CLOCK, "stream",
                    TrainerConfig.EVERY, "1h", TrainerConfig.ON_DRIFT, "0.25", TrainerConfig.DRIFT_CHECK_EVERY, "1s",
                    TrainerConfig.DRIFT_MIN_INTERVAL, "1s", TrainerConfig.HTTP_PORT, "0"));
            Running trainer = Running.start(config);
            try {
                assertEquals(1, kafka.consume(models, new StringDeserializer(), modelSerde.deserializer(), 1, Duration.ofSeconds(60)).size(),
                        "the scheduled run at start publishes v1");
                // the same customers, now spending ten times more: monetary drifts, nothing else changes
                List<Map.Entry<String, CustomerProfile>> richer = fourKinds(new SplittableRandom(3)).stream().map(e -> {
                    CustomerProfile p = CustomerProfile.newBuilder(e.getValue()).build();
                    p.setLifetimeNetMonetaryMinor(p.getLifetimeNetMonetaryMinor() * 10);
                    p.setHorizonNetMonetaryMinor(p.getHorizonNetMonetaryMinor() * 10);
                    return Map.entry(e.getKey(), p);
                }).toList();
                kafka.produce(profiles, new StringSerializer(), profileSerde.serializer(), richer);
                assertEquals(2, kafka.consume(models, new StringDeserializer(), modelSerde.deserializer(), 2, Duration.ofSeconds(60)).size(),
                        "the drift check retrains within a minute, not at the next period");
                // v2 fits the drifted customers: later checks find no drift and nothing more is published
                List<SegmentModel> after = kafka.consume(models, new StringDeserializer(), modelSerde.deserializer(), 3, Duration.ofSeconds(8))
                        .stream().map(r -> r.value()).toList();
                assertEquals(List.of(1L, 2L), after.stream().map(SegmentModel::getVersion).toList(), "retrained once");
            } finally {
                trainer.stop();
            }
        }
    }

    /** A periodic trainer on a thread of its own, quiet, until {@link #stop}. */
    private record Running(TrainerRunner runner, Thread thread) {
        static Running start(TrainerConfig config) {
            PrintStream quiet = new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);
            TrainerRunner runner = new TrainerRunner(config, quiet, quiet);
            return new Running(runner, Thread.ofVirtual().start(() -> {
                try {
                    runner.run();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }));
        }

        void stop() throws InterruptedException {
            runner.stop();
            thread.join(Duration.ofSeconds(30));
        }
    }

    private static List<Map.Entry<String, CustomerProfile>> fourKinds(SplittableRandom rnd) {
        long[][] groups = {{3, 30, 500_000}, {20, 2, 6_000}, {200, 6, 60_000}, {330, 1, 2_000}};
        List<Map.Entry<String, CustomerProfile>> records = new ArrayList<>();
        for (int g = 0; g < groups.length; g++) {
            for (int i = 0; i < 150; i++) {
                CustomerProfile p = profile("c" + g + "-" + i, groups[g][0] + rnd.nextInt(10),
                        Math.max(1, groups[g][1] + rnd.nextInt(3) - 1), groups[g][2] + rnd.nextInt(1000));
                records.add(Map.entry(p.getCustomerId(), p));
            }
        }
        return records;
    }

    private static String[] append(String[] a, String... more) {
        String[] out = java.util.Arrays.copyOf(a, a.length + more.length);
        System.arraycopy(more, 0, out, a.length, more.length);
        return out;
    }
}
