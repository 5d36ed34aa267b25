package io.segmenter.broker.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(KafkaBrokerExtension.class)
class ExactlyOnceStreamsIT {

    @TempDir
    Path stateDir;

    @Test
    void shouldRunAKafkaStreamsAppWithExactlyOnceV2(KafkaTestCluster kafka) throws Exception {
        String input = kafka.createUniqueTopic("eos-in", 2);
        String output = kafka.createUniqueTopic("eos-out", 2);
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream(input, Consumed.with(Serdes.String(), Serdes.String()))
                .mapValues(v -> v.toUpperCase(java.util.Locale.ROOT))
                .to(output, Produced.with(Serdes.String(), Serdes.String()));

        Properties props = new Properties();
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, kafka.uniqueId("eos-app"));
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.STATE_DIR_CONFIG, Files.createDirectories(stateDir).toString());
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
        props.put("consumer.auto.offset.reset", "earliest");

        try (KafkaStreams streams = new KafkaStreams(builder.build(), props)) {
            streams.start();
            kafka.produce(input, List.of(Map.entry("a", "x"), Map.entry("b", "y"), Map.entry("c", "z")));
            // consume() reads read_committed: records appear only once the Streams transaction committed.
            List<String> values = kafka.consume(output, 3, Duration.ofSeconds(60)).stream()
                    .map(ConsumerRecord::value).sorted().toList();
            assertEquals(List.of("X", "Y", "Z"), values);
        }
    }
}
