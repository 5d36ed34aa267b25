package io.segmenter.app.http;

import io.segmenter.http.Json;
import com.fasterxml.jackson.databind.JsonNode;
import io.segmenter.app.SegmenterApp;
import io.segmenter.app.config.SegmenterConfig;
import io.segmenter.avro.Centroid;
import io.segmenter.avro.FeatureKind;
import io.segmenter.avro.FeatureSpec;
import io.segmenter.avro.FeatureTransform;
import io.segmenter.avro.ModelQuality;
import io.segmenter.avro.RfmCuts;
import io.segmenter.avro.SegmentModel;
import io.segmenter.avro.Transaction;
import io.segmenter.avro.TransactionKind;
import io.segmenter.broker.junit.KafkaTestCluster;
import io.segmenter.serde.AvroSerde;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;

/** What the API tests share: a test RFM model, app config on the embedded broker, an HTTP client. */
final class ApiTestKit {

    static final List<String> RFM = List.of("recency_days", "frequency", "monetary");
    static final Instant T_END = Instant.parse("2025-06-30T00:00:00Z");
    static final long DAY = 86_400_000L;

    /** Means and stds of the transformed features (recency as is; log1p of frequency and monetary). */
    private static final double[] MEAN = {60.0, Math.log1p(3.0), Math.log1p(300.0)};
    private static final double[] STD = {60.0, 0.8, 1.2};

    private ApiTestKit() {}

    /** Three segments in original units: Champions, Regulars, Lapsed; R/F/M cut points. */
    static SegmentModel rfmModel(long version) {
        List<FeatureSpec> features = List.of(
                new FeatureSpec("recency_days", FeatureTransform.NONE, MEAN[0], STD[0], FeatureKind.NUMERIC, null, null, null, null),
                new FeatureSpec("frequency", FeatureTransform.LOG1P, MEAN[1], STD[1], FeatureKind.NUMERIC, null, null, null, null),
                new FeatureSpec("monetary", FeatureTransform.LOG1P, MEAN[2], STD[2], FeatureKind.NUMERIC, null, null, null, null));
        List<Centroid> centroids = List.of(
                centroid(1, "Champions", 5, 12, 2000, 40),
                centroid(2, "Regulars", 45, 4, 300, 100),
                centroid(3, "Lapsed", 250, 1, 40, 60));
        return SegmentModel.newBuilder()
                .setName("rfm").setVersion(version)
                .setTrainedAt(Instant.parse("2025-07-01T08:00:00Z")).setSnapshotTime(T_END).setSnapshotSize(200)
                .setFeatures(features).setCentroids(centroids)
                .setRfmCuts(new RfmCuts(List.of(14.0, 60.0, 180.0), List.of(1.0, 3.0, 8.0), List.of(50.0, 300.0, 1000.0)))
                .setQuality(new ModelQuality(3, 123.4, 0.61, List.of(40L, 100L, 60L), List.of()))
                .setPreviousVersion(null)
                .build();
    }

    private static Centroid centroid(int id, String label, double r, double f, double m, long size) {
        List<Double> original = List.of(r, f, m);
        List<Double> scaled = List.of((r - MEAN[0]) / STD[0], (Math.log1p(f) - MEAN[1]) / STD[1], (Math.log1p(m) - MEAN[2]) / STD[2]);
        return new Centroid(id, label, scaled, original, size);
    }

    /** A customer-level model with its own features (like one trained on CC GENERAL); no R/F/M cuts. */
    static SegmentModel ccModel(long version) {
        List<FeatureSpec> features = List.of(
                new FeatureSpec("balance", FeatureTransform.LOG1P, 6.0, 2.0, FeatureKind.NUMERIC, null, null, null, null),
                new FeatureSpec("purchases", FeatureTransform.LOG1P, 5.0, 2.5, FeatureKind.NUMERIC, null, null, null, null),
                new FeatureSpec("credit_limit", FeatureTransform.LOG1P, 8.0, 0.8, FeatureKind.NUMERIC, null, null, null, null));
        List<Centroid> centroids = List.of(
                new Centroid(1, "Revolvers", List.of(1.0, -1.0, 0.2), List.of(3000.0, 100.0, 6000.0), 500L),
                new Centroid(2, "Transactors", List.of(-0.8, 1.0, 0.1), List.of(300.0, 2000.0, 5000.0), 700L));
        return SegmentModel.newBuilder()
                .setName("ccgeneral").setVersion(version)
                .setTrainedAt(Instant.parse("2025-07-01T08:00:00Z")).setSnapshotTime(T_END).setSnapshotSize(1200)
                .setFeatures(features).setCentroids(centroids).setRfmCuts(null)
                .setQuality(new ModelQuality(2, 800.0, 0.4, List.of(500L, 700L), List.of()))
                .setPreviousVersion(null)
                .build();
    }

    static Transaction purchase(String id, String customer, Instant at, long amountMinor) {
        return tx(id, customer, at, amountMinor, TransactionKind.PURCHASE);
    }

    static Transaction tx(String id, String customer, Instant at, long amountMinor, TransactionKind kind) {
        return Transaction.newBuilder().setTransactionId(id).setCustomerId(customer).setEventTime(at)
                .setAmountMinor(amountMinor).setCurrency("GBP").setKind(kind).build();
    }

    /** Unique topic names for one test class. */
    record Topics(String transactions, String dlq, String profiles, String segments, String models, String erasures, String attributes) {
        static Topics unique(KafkaTestCluster kafka) {
            return new Topics(kafka.uniqueTopic("transactions"), kafka.uniqueTopic("dlq"), kafka.uniqueTopic("profiles"),
                    kafka.uniqueTopic("segments"), kafka.uniqueTopic("models"), kafka.uniqueTopic("erasures"), kafka.uniqueTopic("attributes"));
        }
    }

    /** App config on the test broker: stream clock, lifetime horizon, fast ticks, a fresh state dir. */
    static Map<String, String> config(KafkaTestCluster kafka, Topics topics, String applicationId, int httpPort, int partitions) {
        Map<String, String> c = new HashMap<>();
        c.put(SegmenterConfig.BOOTSTRAP_SERVERS, kafka.bootstrapServers());
        c.put(SegmenterConfig.APPLICATION_ID, applicationId);
        c.put(SegmenterConfig.TOPIC_TRANSACTIONS, topics.transactions());
        c.put(SegmenterConfig.TOPIC_DLQ, topics.dlq());
        c.put(SegmenterConfig.TOPIC_PROFILES, topics.profiles());
        c.put(SegmenterConfig.TOPIC_SEGMENTS, topics.segments());
        c.put(SegmenterConfig.TOPIC_MODELS, topics.models());
        c.put(SegmenterConfig.TOPIC_ERASURES, topics.erasures());
        c.put(SegmenterConfig.TOPIC_ATTRIBUTES, topics.attributes());
        c.put(SegmenterConfig.TOPIC_PARTITIONS, Integer.toString(partitions));
        c.put(SegmenterConfig.CLOCK, SegmenterConfig.CLOCK_STREAM);
        c.put(SegmenterConfig.HORIZON_DAYS, "0");
        c.put(SegmenterConfig.TICK_INTERVAL_MS, "500");
        c.put(SegmenterConfig.SEGMENT_COUNT_INTERVAL_MS, "1000");
        c.put(SegmenterConfig.HTTP_HOST, "127.0.0.1");
        c.put(SegmenterConfig.HTTP_PORT, Integer.toString(httpPort));
        c.put(SegmenterConfig.APPLICATION_SERVER, "127.0.0.1:" + httpPort);
        c.put(SegmenterConfig.STATE_DIR, tempDir("segmenter-api-state-").toString());
        c.put("commit.interval.ms", "100");
        c.put("consumer.session.timeout.ms", "10000");
        c.put("consumer.heartbeat.interval.ms", "1000");
        return c;
    }

    static SegmenterApp start(Map<String, String> config) {
        SegmenterApp app = new SegmenterApp(new SegmenterConfig(config));
        try {
            app.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return app;
    }

    static void publish(KafkaTestCluster kafka, String topic, SegmentModel model) {
        kafka.produce(topic, Serdes.String().serializer(), new AvroSerde<>(SegmentModel.class).serializer(),
                List.of(Map.entry(model.getName(), model)));
    }

    static void produce(KafkaTestCluster kafka, String topic, List<Transaction> transactions) {
        List<Map.Entry<String, Transaction>> records = new ArrayList<>();
        transactions.forEach(t -> records.add(Map.entry(t.getCustomerId(), t)));
        kafka.produce(topic, Serdes.String().serializer(), new AvroSerde<>(Transaction.class).serializer(), records);
    }

    /** Customer attributes (Fixtures.attributes), keyed by customer id. */
    static void produceAttributes(KafkaTestCluster kafka, String topic, List<io.segmenter.avro.CustomerAttributes> attributes) {
        List<Map.Entry<String, io.segmenter.avro.CustomerAttributes>> records = new ArrayList<>();
        attributes.forEach(a -> records.add(Map.entry(a.getCustomerId(), a)));
        kafka.produce(topic, Serdes.String().serializer(), new AvroSerde<>(io.segmenter.avro.CustomerAttributes.class).serializer(), records);
    }

    /** Customer ids {@code prefix + n}, the first that lands in each of the partitions (default partitioner). */
    static List<String> onePerPartition(String prefix, int partitions) {
        String[] found = new String[partitions];
        int left = partitions;
        for (int n = 0; left > 0; n++) {
            String id = prefix + n;
            int p = org.apache.kafka.common.utils.Utils.toPositive(
                    org.apache.kafka.common.utils.Utils.murmur2(id.getBytes(StandardCharsets.UTF_8))) % partitions;
            if (found[p] == null) {
                found[p] = id;
                left--;
            }
        }
        return List.of(found);
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path tempDir(String prefix) {
        try {
            return Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An HTTP answer: status, headers, body. */
    record Answer(int status, Map<String, List<String>> headers, String body) {
        JsonNode json() {
            try {
                return Json.MAPPER.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON (" + status + "): " + body, e);
            }
        }

        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().getFirst()).findFirst().orElse(null);
        }

        String error() {
            return json().path("error").asText();
        }
    }

    /** A tiny blocking client for one app's base URL. */
    static final class Client implements AutoCloseable {
        private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        private final String base;

        Client(int port) {
            this.base = "http://127.0.0.1:" + port;
        }

        String base() {
            return base;
        }

        Answer get(String path) {
            return send("GET", path, Map.of(), null);
        }

        Answer post(String path, String json) {
            return send("POST", path, Map.of("Content-Type", "application/json"), json.getBytes(StandardCharsets.UTF_8));
        }

        Answer send(String method, String path, Map<String, String> headers, byte[] body) {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(20));
            headers.forEach(b::header);
            b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
            try {
                HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
                return new Answer(r.statusCode(), r.headers().map(), r.body());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void close() {
            http.close();
        }
    }
}
