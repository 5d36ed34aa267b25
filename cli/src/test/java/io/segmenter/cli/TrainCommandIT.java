package io.segmenter.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.segmenter.avro.CustomerProfile;
import io.segmenter.avro.SegmentModel;
import io.segmenter.broker.junit.KafkaBrokerExtension;
import io.segmenter.broker.junit.KafkaTestCluster;
import io.segmenter.model.RfmFeatures;
import io.segmenter.serde.AvroSerde;
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
        SplittableRandom rnd = new SplittableRandom(11);
        long[][] groups = {{3, 30, 500_000}, {20, 2, 6_000}, {200, 6, 60_000}, {330, 1, 2_000}};
        List<Map.Entry<String, CustomerProfile>> records = new ArrayList<>();
        for (int g = 0; g < groups.length; g++) {
            for (int i = 0; i < 150; i++) {
                CustomerProfile p = profile("c" + g + "-" + i, groups[g][0] + rnd.nextInt(10),
                        Math.max(1, groups[g][1] + rnd.nextInt(3) - 1), groups[g][2] + rnd.nextInt(1000));
                records.add(Map.entry(p.getCustomerId(), p));
            }
        }
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

    private static String[] append(String[] a, String... more) {
        String[] out = java.util.Arrays.copyOf(a, a.length + more.length);
        System.arraycopy(more, 0, out, a.length, more.length);
        return out;
    }
}
