package io.segmenter.cli.profiles;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.segmenter.avro.CustomerProfile;
import io.segmenter.avro.PeriodBucket;
import io.segmenter.broker.junit.KafkaBrokerExtension;
import io.segmenter.broker.junit.KafkaTestCluster;
import io.segmenter.cli.SegmenterCli;
import io.segmenter.serde.AvroSerde;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.AbstractMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

@ExtendWith(KafkaBrokerExtension.class)
class ProfilesCommandIT {

    private static CustomerProfile profile(String customer, long purchases, long net, Instant last) {
        return CustomerProfile.newBuilder()
                .setCustomerId(customer)
                .setCurrency("GBP")
                .setFirstPurchaseTime(Instant.parse("2011-01-01T10:00:00Z"))
                .setLastPurchaseTime(last)
                .setLifetimePurchaseCount(purchases)
                .setLifetimeNetMonetaryMinor(net)
                .setLifetimeRefundMinor(150)
                .setHorizonDays(365)
                .setHorizonPurchaseCount(purchases)
                .setHorizonNetMonetaryMinor(net)
                .setBuckets(List.of(new PeriodBucket(Instant.parse("2011-01-01T00:00:00Z"), (int) purchases, net)))
                .setLastEventTime(last)
                .setUpdatedAt(Instant.parse("2011-12-09T12:00:00Z"))
                .build();
    }

    @Test
    void shouldWriteTheLatestProfilePerCustomerSortedAndWithoutErasedCustomers(KafkaTestCluster kafka, @TempDir Path dir)
            throws IOException {
        String topic = kafka.createTopic(kafka.uniqueTopic("customer-profiles"), 2, Map.of("cleanup.policy", "compact"));
        Instant t = Instant.parse("2011-06-01T09:30:00Z");
        CustomerProfile noPurchase = CustomerProfile.newBuilder(profile("12", 0, -150, null)).setFirstPurchaseTime(null).build();
        kafka.produce(topic, new StringSerializer(), AvroSerde.of(CustomerProfile.class, Map.of()), List.of(
                Map.entry("17850", profile("17850", 1, 1000, t)),
                Map.entry("13047", profile("13047", 2, 2000, t)),
                Map.entry("17850", profile("17850", 3, 3564, t)),
                Map.entry("99999", profile("99999", 1, 500, t)),
                Map.entry("12", noPurchase),
                new AbstractMap.SimpleEntry<>("99999", null)));
        Path out = dir.resolve("profiles.csv");

        int code = new CommandLine(new SegmenterCli()).execute("profiles",
                "--bootstrap-server", kafka.bootstrapServers(), "--topic", topic, "--csv", out.toString());

        assertEquals(0, code);
        assertEquals(List.of(
                String.join(",", ProfilesCsv.COLUMNS),
                "12,GBP,,,0,-150,150,365,0,-150,1,,2011-12-09T12:00:00Z",
                "13047,GBP,2011-01-01T10:00:00Z,2011-06-01T09:30:00Z,2,2000,150,365,2,2000,1,2011-06-01T09:30:00Z,2011-12-09T12:00:00Z",
                "17850,GBP,2011-01-01T10:00:00Z,2011-06-01T09:30:00Z,3,3564,150,365,3,3564,1,2011-06-01T09:30:00Z,2011-12-09T12:00:00Z"),
                Files.readAllLines(out));
    }
}
