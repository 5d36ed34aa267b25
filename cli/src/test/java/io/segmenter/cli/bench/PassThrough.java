package io.segmenter.cli.bench;

import io.segmenter.avro.Transaction;
import io.segmenter.serde.AvroSerde;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;

/**
 * The baseline: a plain Kafka Streams source -> sink that decodes each value as an Avro Transaction and
 * encodes it again, so it pays the same serde cost per input record as the segmenter's validation step.
 */
final class PassThrough {

    private PassThrough() {}

    static Topology topology(String input, String output) {
        Serde<Transaction> transactions = AvroSerde.of(Transaction.class, Map.of());
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream(input, Consumed.with(Serdes.ByteArray(), transactions).withName("pass-source"))
                .to(output, Produced.with(Serdes.ByteArray(), transactions).withName("pass-sink"));
        return builder.build();
    }

    static Properties properties(String bootstrap, String appId, Path stateDir, Map<String, Object> shared) {
        Properties p = new Properties();
        p.putAll(shared);
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, appId);
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        return p;
    }
}
