package io.segmenter.app.http;

import static io.segmenter.app.http.ApiTestKit.DAY;
import static io.segmenter.app.http.ApiTestKit.T_END;
import static io.segmenter.app.http.ApiTestKit.purchase;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.segmenter.app.Fixtures;
import io.segmenter.app.SegmenterApp;
import io.segmenter.app.config.SegmenterConfig;
import io.segmenter.avro.SegmentModel;
import io.segmenter.avro.Transaction;
import io.segmenter.avro.TransactionKind;
import io.segmenter.broker.junit.KafkaBrokerExtension;
import io.segmenter.broker.junit.KafkaTestCluster;
import io.segmenter.model.Scorer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.common.serialization.Serdes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The HTTP API against a running app on the embedded broker: answers, bad requests, security. */
@ExtendWith(KafkaBrokerExtension.class)
class ApiIT {

    private static final String TOKEN = "test-token-3f9a";

    private static KafkaTestCluster kafka;
    private static ApiTestKit.Topics topics;
    private static SegmenterApp app;
    private static ApiTestKit.Client client;

    @BeforeAll
    static void startApp(KafkaTestCluster cluster) {
        kafka = cluster;
        topics = ApiTestKit.Topics.unique(kafka);
        int port = ApiTestKit.freePort();
        Map<String, String> config = ApiTestKit.config(kafka, topics, kafka.uniqueId("segmenter-api"), port, 2);
        config.put(SegmenterConfig.HTTP_AUTH_TOKEN, TOKEN);
        config.put(SegmenterConfig.MODELS, "rfm,demographic");
        app = ApiTestKit.start(config);
        client = new ApiTestKit.Client(port);
        ApiTestKit.publish(kafka, topics.models(), ApiTestKit.rfmModel(1));
        ApiTestKit.publish(kafka, topics.models(), ApiTestKit.ccModel(1));
        ApiTestKit.publish(kafka, topics.models(), Fixtures.demographic(1));
        await().atMost(Duration.ofSeconds(90)).until(() -> client.get("/health/ready").status() == 200);

        List<Transaction> txs = new ArrayList<>();
        for (int i = 0; i < 12; i++) { // a champion: 12 recent purchases, 2,000.00 in all
            txs.add(purchase("champ-" + i, "c-champ", T_END.minusMillis((3 + i * 10L) * DAY), 166_67));
        }
        txs.add(tx("champ-refund", "c-champ", T_END.minusMillis(2 * DAY), 4_00, TransactionKind.REFUND));
        for (int i = 0; i < 4; i++) {
            txs.add(purchase("reg-" + i, "c-regular", T_END.minusMillis((45 + i * 20L) * DAY), 75_00));
        }
        txs.add(purchase("erase-1", "c-erase", T_END.minusMillis(20 * DAY), 50_00));
        for (String id : ApiTestKit.onePerPartition("c-clock-", 2)) { // moves every task's stream clock to T_END
            txs.add(purchase("clock-" + id, id, T_END, 10_00));
        }
        ApiTestKit.produce(kafka, topics.transactions(), txs);
        // a customer who lapses first and then comes back: their segment changes, so they have a history
        ApiTestKit.produce(kafka, topics.transactions(), List.of(purchase("mover-0", "c-mover", T_END.minusMillis(400 * DAY), 20_00)));
        await().atMost(Duration.ofSeconds(60)).until(() -> "Lapsed".equals(segmentOf("c-mover")));
        List<Transaction> comeback = new ArrayList<>();
        for (int i = 1; i <= 12; i++) {
            comeback.add(purchase("mover-" + i, "c-mover", T_END.minusMillis(i * DAY), 200_00));
        }
        ApiTestKit.produce(kafka, topics.transactions(), comeback);
        await().atMost(Duration.ofSeconds(60)).until(() -> "Champions".equals(segmentOf("c-mover"))
                && "Champions".equals(segmentOf("c-champ")) && segmentOf("c-regular") != null && segmentOf("c-erase") != null);

        // attributes for the demographic model: three of the customers above and five with attributes only
        java.time.Instant at = T_END.minusMillis(DAY);
        ApiTestKit.produceAttributes(kafka, topics.attributes(), List.of(
                Fixtures.attributes("c-champ", at, Map.of("Age", 30.0), Map.of("Gender", "Male", "Profession", "Doctor")),
                Fixtures.attributes("c-regular", at, Map.of("Age", 61.0), Map.of("Gender", "Female", "Profession", "Teacher")),
                Fixtures.attributes("c-mover", at, Map.of("Age", 27.0), Map.of("Gender", "Male", "Profession", "Doctor")),
                Fixtures.attributes("a-1", at, Map.of("Age", 24.0), Map.of("Gender", "Male", "Profession", "Engineer")),
                Fixtures.attributes("a-2", at, Map.of("Age", 66.0), Map.of("Gender", "Female", "Profession", "Teacher")),
                Fixtures.attributes("a-3", at, Map.of("Age", 58.0), Map.of("Gender", "Female", "Profession", "Doctor")),
                Fixtures.attributes("a-4", at, Map.of("Age", 22.0), Map.of("Gender", "Male")),
                Fixtures.attributes("a-5", at, Map.of("Age", 70.0), Map.of("Gender", "Female", "Profession", "Teacher"))));
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            ApiTestKit.Answer a = client.get("/segments?model=demographic");
            return a.status() == 200 && a.json().path("totalCustomers").asLong() == DEMOGRAPHIC_CUSTOMERS;
        });
    }

    private static final int DEMOGRAPHIC_CUSTOMERS = 8;

    private static Transaction tx(String id, String customer, java.time.Instant at, long amount, TransactionKind kind) {
        return ApiTestKit.tx(id, customer, at, amount, kind);
    }

    private static String segmentOf(String customer) {
        ApiTestKit.Answer a = client.get("/customers/" + customer);
        if (a.status() != 200 || a.json().path("segment").isNull()) {
            return null;
        }
        return a.json().path("segment").path("label").asText();
    }

    @AfterAll
    static void stopApp() {
        if (client != null) {
            client.close();
        }
        if (app != null) {
            app.close();
        }
    }

    @Test
    void shouldAnswerCustomerWithProfileScoresSegmentAndModel() {
        ApiTestKit.Answer a = client.get("/customers/c-champ");
        assertEquals(200, a.status(), a.body());
        assertEquals("application/json", a.header("Content-Type"));
        JsonNode c = a.json();
        assertEquals("c-champ", c.path("customerId").asText());
        JsonNode p = c.path("profile");
        assertEquals(12, p.path("lifetimePurchaseCount").asLong());
        assertEquals(2000.04 - 4.0, p.path("lifetimeNetMonetary").asDouble(), 1e-9);
        assertEquals(4.0, p.path("lifetimeRefunds").asDouble(), 1e-9);
        assertEquals("GBP", p.path("currency").asText());
        assertEquals(T_END.minusMillis(3 * DAY).toString(), p.path("lastPurchaseTime").asText());
        assertEquals(1, c.path("segment").path("id").asInt());
        assertEquals("Champions", c.path("segment").path("label").asText());
        assertEquals("rfm", c.path("model").path("name").asText());
        assertEquals(1, c.path("model").path("version").asLong());
        assertEquals(12.0, c.path("features").path("frequency").asDouble());
        assertEquals(1996.04, c.path("features").path("monetary").asDouble(), 1e-9);
        JsonNode s = c.path("scores");
        assertEquals(1, s.path("frequency").asInt());
        assertEquals(1, s.path("monetary").asInt());
        assertEquals("" + s.path("recency").asInt() + 1 + 1, s.path("rfmClass").asText());
        assertFalse(s.path("rfmSegment").asText().isEmpty());
        double[] features = {c.path("features").path("recency_days").asDouble(), 12.0, 1996.04};
        Scorer.Result expected = new Scorer(ApiTestKit.rfmModel(1)).score(features);
        assertEquals(expected.distance(), c.path("distance").asDouble(), 1e-9);
        assertEquals(expected.margin(), c.path("margin").asDouble(), 1e-9);
        assertEquals("127.0.0.1:" + app.http().port(), c.path("servedBy").asText());
    }

    @Test
    void shouldShowPreviousSegmentAndWhenItChanged() {
        JsonNode c = client.get("/customers/c-mover").json();
        assertEquals("Champions", c.path("segment").path("label").asText());
        // back from Lapsed: each purchase moves them on, Lapsed -> Regulars -> Champions
        List<String> labels = new ArrayList<>();
        c.path("history").forEach(h -> labels.add(h.path("segmentLabel").asText()));
        assertEquals("Lapsed", labels.getFirst(), labels.toString());
        assertEquals("Champions", labels.getLast(), labels.toString());
        String before = labels.reversed().stream().filter(l -> !l.equals("Champions")).findFirst().orElseThrow();
        assertEquals(before, c.path("previousSegment").path("label").asText(), c.toString());
        assertEquals("High spenders", c.path("previousRfmSegment").asText(), c.toString());
        assertEquals(T_END.toString(), c.path("segmentSince").asText()); // the stream clock when the change happened
        assertEquals(T_END.toString(), c.path("previousSegment").path("at").asText());
    }

    @Test
    void shouldListSegmentTransitionsWithCountsAndTheRevenueOfTheMovers() {
        // the expected matrix: every customer's history, consecutive entries in different segments
        Map<String, Long> expected = new java.util.TreeMap<>();
        Map<String, Long> expectedLastDay = new java.util.TreeMap<>();
        long lastDay = T_END.toEpochMilli() - DAY;
        Map<String, Double> revenues = new java.util.TreeMap<>();
        List<String> ids = new ArrayList<>(List.of("c-champ", "c-regular", "c-erase", "c-mover"));
        ids.addAll(ApiTestKit.onePerPartition("c-clock-", 2));
        for (String id : ids) {
            ApiTestKit.Answer customer = client.get("/customers/" + id);
            if (customer.status() != 200) {
                continue; // erased by another test
            }
            JsonNode history = customer.json().path("history");
            double revenue = customer.json().path("profile").path("lifetimeNetMonetary").asDouble();
            for (int i = 1; i < history.size(); i++) {
                String from = history.get(i - 1).path("segmentLabel").asText();
                String to = history.get(i).path("segmentLabel").asText();
                if (!from.equals(to)) {
                    expected.merge(from + "->" + to, 1L, Long::sum);
                    revenues.merge(from + "->" + to, revenue, Double::sum);
                    if (java.time.Instant.parse(history.get(i).path("at").asText()).toEpochMilli() >= lastDay) {
                        expectedLastDay.merge(from + "->" + to, 1L, Long::sum);
                    }
                }
            }
        }
        assertTrue(expected.keySet().stream().anyMatch(k -> k.startsWith("Lapsed->")), "c-mover came back from Lapsed: " + expected);

        ApiTestKit.Answer a = client.get("/segments/transitions");
        assertEquals(200, a.status(), a.body());
        Map<String, Long> actual = new java.util.TreeMap<>();
        a.json().path("moves").forEach(m -> {
            String move = m.path("fromLabel").asText() + "->" + m.path("toLabel").asText();
            actual.put(move, m.path("customers").asLong());
            assertEquals(revenues.get(move), m.path("revenue").asDouble(), 1e-6, m.toString());
        });
        assertEquals(expected, actual);
        assertEquals(expected.values().stream().mapToLong(Long::longValue).sum(), a.json().path("changes").asLong());

        assertEquals(0, client.get("/segments/transitions?since=2999-01-01T00:00:00Z").json().path("moves").size(), "nothing after a future instant");
        assertEquals(expectedLastDay, labelsOf(client.get("/segments/transitions?since=" + lastDay).json()),
                "only the moves at or after since (clock time of the change)");
        assertFalse(expectedLastDay.isEmpty(), "c-mover's comeback happened at the stream clock T_END");
        ApiTestKit.Answer bad = client.get("/segments/transitions?since=yesterday");
        assertEquals(400, bad.status(), bad.body());
        assertTrue(bad.json().path("error").asText().contains("since must be"), bad.body());
    }

    private static Map<String, Long> labelsOf(JsonNode transitions) {
        Map<String, Long> out = new java.util.TreeMap<>();
        transitions.path("moves").forEach(m -> out.put(m.path("fromLabel").asText() + "->" + m.path("toLabel").asText(), m.path("customers").asLong()));
        return out;
    }

    @Test
    void shouldListEveryPublishedVersionFromTheHistoryTopic() {
        String history = kafka.createTopic(topics.models() + "-history", 1, Map.of("cleanup.policy", "compact"));
        SegmentModel v2 = ApiTestKit.rfmModel(2);
        try (io.segmenter.serde.AvroSerde<SegmentModel> serde = io.segmenter.serde.AvroSerde.of(SegmentModel.class, Map.of())) {
            kafka.produce(history, new org.apache.kafka.common.serialization.StringSerializer(), serde,
                    List.of(Map.entry("rfm@1", ApiTestKit.rfmModel(1)), Map.entry("rfm@2", v2), Map.entry("ccgeneral@1", ApiTestKit.ccModel(1))));
        }
        ApiTestKit.Answer a = client.get("/models/rfm/versions");
        assertEquals(200, a.status(), a.body());
        assertEquals(2, a.json().size());
        assertEquals(1, a.json().get(0).path("version").asLong());
        assertTrue(a.json().get(0).path("inUse").asBoolean(), "v1 is the version the app scores with");
        assertFalse(a.json().get(1).path("inUse").asBoolean());
        assertEquals(v2.getQuality().getK(), a.json().get(1).path("k").asInt());
        assertEquals(404, client.get("/models/nope/versions").status());
    }

    @Test
    void shouldAnswer404WithJsonErrorForUnknownCustomer() {
        ApiTestKit.Answer a = client.get("/customers/nobody-" + System.nanoTime());
        assertEquals(404, a.status());
        assertEquals("no customer with that id", a.error());
    }

    @Test
    void shouldPredictSegmentWithDistancesToEveryCentroidAndRfmScores() {
        ApiTestKit.Answer a = client.post("/predict", "{\"recency_days\": 10, \"frequency\": 5, \"monetary\": 500.0}");
        assertEquals(200, a.status(), a.body());
        JsonNode p = a.json();
        SegmentModel model = ApiTestKit.rfmModel(1);
        double[] distances = new double[3];
        Scorer.Result r = new Scorer(model).score(new double[] {10, 5, 500}, new double[3], distances);
        assertEquals(model.getCentroids().get(r.centroidIndex()).getLabel(), p.path("segment").path("label").asText());
        assertEquals(r.distance(), p.path("distance").asDouble(), 1e-12);
        assertEquals(r.margin(), p.path("margin").asDouble(), 1e-12);
        assertEquals(3, p.path("distances").size());
        for (int i = 0; i < 3; i++) {
            assertEquals(model.getCentroids().get(i).getSegmentId(), p.path("distances").get(i).path("segmentId").asInt());
            assertEquals(model.getCentroids().get(i).getLabel(), p.path("distances").get(i).path("label").asText());
            assertEquals(distances[i], p.path("distances").get(i).path("distance").asDouble(), 1e-12);
        }
        assertEquals("122", p.path("scores").path("rfmClass").asText()); // R: 10 <= 14; F: 5 in (3, 8]; M: 500 in (300, 1000]
        assertEquals(1, p.path("model").path("version").asLong());
    }

    @Test
    void shouldPredictWithAnyPublishedModelByName() {
        ApiTestKit.Answer a = client.post("/predict",
                "{\"model\": \"ccgeneral\", \"features\": {\"balance\": 250.5, \"purchases\": 1800, \"credit_limit\": 5000}}");
        assertEquals(200, a.status(), a.body());
        assertEquals("Transactors", a.json().path("segment").path("label").asText());
        assertEquals(2, a.json().path("distances").size());
        assertTrue(a.json().path("scores").isNull());
        assertEquals("ccgeneral", a.json().path("model").path("name").asText());
    }

    static Stream<Arguments> badPredictions() {
        return Stream.of(
                Arguments.of("{\"recency_days\": 10, \"frequency\": 5", 400, "malformed JSON"),
                Arguments.of("", 400, "empty"),
                Arguments.of("[1, 2, 3]", 400, "JSON object"),
                Arguments.of("{\"recency_days\": 10, \"frequency\": 5}", 400, "missing feature 'monetary'"),
                Arguments.of("{\"recency_days\": -1, \"frequency\": 5, \"monetary\": 1}", 400, "must not be negative"),
                Arguments.of("{\"recency_days\": 1e999, \"frequency\": 5, \"monetary\": 1}", 400, "finite"),
                Arguments.of("{\"recency_days\": \"ten\", \"frequency\": 5, \"monetary\": 1}", 400, "must be a number"),
                Arguments.of("{\"recency_days\": 1, \"frequency\": 5, \"monetary\": 1, \"age\": 3}", 400, "unknown feature 'age'"),
                Arguments.of("{\"model\": \"nope\", \"features\": {\"a\": 1}}", 400, "unknown model 'nope'"),
                Arguments.of("{\"model\": \"ccgeneral\", \"features\": {\"recency_days\": 1, \"frequency\": 1, \"monetary\": 1}}", 400,
                        "unknown feature 'recency_days'"),
                Arguments.of("{\"model\": \"rfm\", \"features\": [1, 2, 3]}", 400, "'features' must be an object"),
                Arguments.of("{\"model\": 7, \"features\": {}}", 400, "'model' must be a model name"),
                Arguments.of("{\"model\": \"rfm\", \"features\": {}, \"extra\": 1}", 400, "unknown field 'extra'"),
                Arguments.of("{\"recency_days\": 1, \"recency_days\": 2, \"frequency\": 5, \"monetary\": 1}", 400, "Duplicate field"),
                Arguments.of("{\"recency_days\": 1, \"frequency\": 5, \"monetary\": 1} {}", 400, "malformed JSON"));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("badPredictions")
    void shouldRejectBadPredictRequestWithJsonError(String body, int status, String message) {
        ApiTestKit.Answer a = client.post("/predict", body);
        assertEquals(status, a.status(), a.body());
        assertTrue(a.error().contains(message), a.error());
    }

    @Test
    void shouldRejectOversizedBodyWith413() {
        String big = "{\"recency_days\": 1, \"frequency\": 5, \"monetary\": 1, \"pad\": \"" + "x".repeat(70_000) + "\"}";
        ApiTestKit.Answer a = client.post("/predict", big);
        assertEquals(413, a.status());
        assertTrue(a.error().contains("larger than 65536 bytes"), a.error());
        assertEquals(200, client.get("/health/live").status()); // and the server is fine
    }

    @Test
    void shouldRejectWrongContentTypeWith415() {
        ApiTestKit.Answer a = client.send("POST", "/predict", Map.of("Content-Type", "text/plain"),
                "recency=1".getBytes(StandardCharsets.UTF_8));
        assertEquals(415, a.status());
    }

    @Test
    void shouldAnswer404ForUnknownRouteAnd405ForWrongMethod() {
        ApiTestKit.Answer unknown = client.get("/customers");
        assertEquals(404, unknown.status());
        assertEquals("no such endpoint", unknown.error());
        assertEquals(404, client.get("/nope/at/all").status());
        ApiTestKit.Answer wrong = client.get("/predict");
        assertEquals(405, wrong.status());
        assertEquals("POST", wrong.header("Allow"));
        ApiTestKit.Answer put = client.send("PUT", "/customers/c-champ", Map.of(), "{}".getBytes(StandardCharsets.UTF_8));
        assertEquals(405, put.status());
        assertEquals("DELETE, GET, HEAD", put.header("Allow"));
        assertTrue(put.error().contains("not allowed"));
        assertEquals(405, client.send("POST", "/segments", Map.of(), new byte[0]).status());
    }

    @Test
    void shouldRejectMalformedPercentEncodingAndOverlongIds() throws Exception {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", app.http().port())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write("GET /customers/%zz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            String status = new String(socket.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
            assertEquals("HTTP/1.1 400", status);
        }
        assertEquals(400, client.get("/customers/" + "a".repeat(300)).status());
        assertEquals(200, client.get("/customers/c%2Dchamp").status()); // percent-encoded ids are decoded
    }

    @Test
    void shouldListSegmentsWithCentroidsAndCustomerCounts() {
        ApiTestKit.Answer a = client.get("/segments");
        assertEquals(200, a.status(), a.body());
        JsonNode s = a.json();
        long scored = Stream.concat(Stream.of("c-champ", "c-regular", "c-erase", "c-mover"), ApiTestKit.onePerPartition("c-clock-", 2).stream())
                .filter(id -> client.get("/customers/" + id).status() == 200).count(); // c-erase may be gone already
        assertEquals(scored, s.path("totalCustomers").asLong(), s.toString());
        assertEquals(1, s.path("instances").asInt());
        assertEquals(3, s.path("segments").size());
        JsonNode champions = s.path("segments").get(0);
        assertEquals("Champions", champions.path("label").asText());
        assertEquals(2000.0, champions.path("centroid").path("monetary").asDouble());
        assertTrue(champions.path("customers").asLong() >= 2);
        // revenue and purchases sum the members' own features; the order value is their ratio
        Map<Integer, double[]> members = new java.util.HashMap<>();
        Stream.concat(Stream.of("c-champ", "c-regular", "c-erase", "c-mover"), ApiTestKit.onePerPartition("c-clock-", 2).stream())
                .map(id -> client.get("/customers/" + id)).filter(c -> c.status() == 200).map(ApiTestKit.Answer::json)
                .forEach(c -> {
                    double[] sum = members.computeIfAbsent(c.path("segment").path("id").asInt(), k -> new double[2]);
                    sum[0] += c.path("features").path("monetary").asDouble();
                    sum[1] += c.path("features").path("frequency").asDouble();
                });
        for (JsonNode seg : s.path("segments")) {
            double[] sum = members.getOrDefault(seg.path("id").asInt(), new double[2]);
            assertEquals(sum[0], seg.path("revenue").asDouble(), 1e-9, seg.toString());
            assertEquals(sum[1], seg.path("purchases").asDouble(), 1e-9, seg.toString());
            if (sum[1] > 0) {
                assertEquals(sum[0] / sum[1], seg.path("averageOrderValue").asDouble(), 1e-9, seg.toString());
            } else {
                assertTrue(seg.path("averageOrderValue").isNull(), seg.toString());
            }
        }
    }

    @Test
    void shouldDescribeModelInUseAndOtherModelsByName() {
        JsonNode m = client.get("/model").json();
        assertEquals("rfm", m.path("name").asText());
        assertEquals(1, m.path("version").asLong());
        assertEquals(3, m.path("quality").path("k").asInt());
        assertEquals(0.61, m.path("quality").path("silhouette").asDouble());
        assertEquals("LOG1P", m.path("features").get(1).path("transform").asText());
        assertEquals(List.of("ccgeneral", "demographic", "rfm"), texts(m.path("available")));
        assertEquals("ccgeneral", client.get("/model?name=ccgeneral").json().path("name").asText());
        ApiTestKit.Answer unknown = client.get("/model?name=nope");
        assertEquals(404, unknown.status());
    }

    @Test
    void shouldCountTheSegmentsOfAnyScoredModelWithProfilesInRealUnits() {
        ApiTestKit.Answer a = client.get("/segments?model=demographic");
        assertEquals(200, a.status(), a.body());
        JsonNode s = a.json();
        assertEquals("demographic", s.path("model").path("name").asText());
        assertEquals(List.of("Young men", "Older women"), List.of(s.path("segments").get(0).path("label").asText(),
                s.path("segments").get(1).path("label").asText()));
        assertEquals(4, s.path("segments").get(0).path("customers").asLong(), s.toString());
        assertEquals(4, s.path("segments").get(1).path("customers").asLong(), s.toString());
        JsonNode gender = s.path("segments").get(1).path("profile").get(1);
        assertEquals("Gender", gender.path("source").asText());
        assertEquals(1.0, gender.path("shares").path("Female").asDouble());
        assertEquals(60.0, s.path("segments").get(1).path("profile").get(0).path("value").asDouble());
        assertEquals("rfm", client.get("/segments").json().path("model").path("name").asText(), "the primary by default");

        ApiTestKit.Answer unscored = client.get("/segments?model=ccgeneral");
        assertEquals(404, unscored.status(), "published but not scored");
        assertEquals("model 'ccgeneral' is not scored by this app; scored models: [rfm, demographic]", unscored.error());
        assertEquals(404, client.get("/segments?model=nope&local=true").status());
    }

    @Test
    void shouldPageASegmentsMembersByIdWithACursor() {
        ApiTestKit.Answer first = client.get("/segments/1/customers?model=demographic&limit=3");
        assertEquals(200, first.status(), first.body());
        JsonNode page = first.json();
        assertEquals(List.of("a-1", "a-4", "c-champ"), ids(page));
        assertEquals("c-champ", page.path("next").asText());
        assertEquals("Young men", page.path("segment").path("label").asText());
        assertEquals(1, page.path("instances").asInt());
        JsonNode champ = page.path("customers").get(2);
        assertEquals("Male", champ.path("attributes").path("Gender").asText());
        assertEquals(30.0, champ.path("attributes").path("Age").asDouble());
        assertEquals(12.0, champ.path("frequency").asDouble(), "R/F/M from the primary model's assignment: " + champ);
        assertFalse(champ.path("rfmSegment").asText().isEmpty(), champ.toString());
        assertTrue(champ.path("distance").asDouble() >= 0 && champ.path("margin").asDouble() >= 0, champ.toString());
        assertTrue(page.path("customers").get(0).path("recencyDays").isNull(), "a-1 has no purchases");

        JsonNode second = client.get("/segments/1/customers?model=demographic&limit=3&after=c-champ").json();
        assertEquals(List.of("c-mover"), ids(second));
        assertTrue(second.path("next").isNull(), "the last page: " + second);

        JsonNode local = client.get("/segments/2/customers?model=demographic&local=true").json();
        assertEquals(4, local.path("members").size(), local.toString());
        assertTrue(local.path("scannedTo").isNull());
        JsonNode champions = client.get("/segments/1/customers").json(); // the primary's Champions
        assertTrue(ids(champions).containsAll(List.of("c-champ", "c-mover")), champions.toString());
    }

    private static List<String> ids(JsonNode page) {
        List<String> out = new ArrayList<>();
        page.path("customers").forEach(c -> out.add(c.path("customerId").asText()));
        return out;
    }

    static Stream<Arguments> badMemberRequests() {
        return Stream.of(
                Arguments.of("/segments/1/customers?limit=0", 400, "limit must be a whole number from 1 to 500"),
                Arguments.of("/segments/1/customers?limit=501", 400, "limit must be a whole number from 1 to 500"),
                Arguments.of("/segments/1/customers?limit=ten", 400, "not 'ten'"),
                Arguments.of("/segments/x/customers", 400, "a segment id is an integer"),
                Arguments.of("/segments/9/customers?model=demographic", 404, "model 'demographic' has no segment 9; its segments: [1 Young men, 2 Older women]"),
                Arguments.of("/segments/1/customers?model=nope", 404, "model 'nope' is not scored"),
                Arguments.of("/segments/1/customers?after=" + "a".repeat(300), 400, "after is a customer id"),
                Arguments.of("/segments/breakdown", 400, "give ?attribute=NAME (a customer attribute, e.g. Profession) or ?by=rfmSegment (the primary"),
                Arguments.of("/segments/breakdown?attribute=Gender&by=rfmSegment", 400, "not both"),
                Arguments.of("/segments/breakdown?by=country", 400, "?by takes only rfmSegment (the primary model's RFM segment); for a customer attribute use ?attribute=country"),
                Arguments.of("/segments/breakdown?attribute=Gender&model=nope", 404, "model 'nope' is not scored"));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("badMemberRequests")
    void shouldRejectBadMemberAndBreakdownRequestsWithAMessage(String path, int status, String message) {
        ApiTestKit.Answer a = client.get(path);
        assertEquals(status, a.status(), a.body());
        assertTrue(a.error().contains(message), a.error());
    }

    @Test
    void shouldBreakSegmentsDownByAnAttributeAndByRfmSegment() {
        ApiTestKit.Answer a = client.get("/segments/breakdown?model=demographic&attribute=Profession");
        assertEquals(200, a.status(), a.body());
        JsonNode b = a.json();
        assertEquals(List.of("Doctor", "Teacher", "(missing)", "Engineer"), texts(b.path("values")));
        assertEquals(DEMOGRAPHIC_CUSTOMERS, b.path("customers").asLong());
        assertEquals(3, b.path("totals").path("Doctor").asLong());
        JsonNode young = b.path("segments").get(0);
        assertEquals("Young men", young.path("label").asText());
        assertEquals(2, young.path("counts").path("Doctor").asLong());
        assertEquals(0, young.path("counts").path("Teacher").asLong());
        assertEquals(1, young.path("counts").path("(missing)").asLong());
        assertEquals(3, b.path("segments").get(1).path("counts").path("Teacher").asLong());
        assertFalse(b.path("approximate").asBoolean());

        JsonNode rfm = client.get("/segments/breakdown?by=rfmSegment").json();
        assertEquals("rfm", rfm.path("model").path("name").asText());
        assertEquals("rfmSegment", rfm.path("by").asText());
        assertEquals(client.get("/segments").json().path("totalCustomers").asLong(), rfm.path("customers").asLong());
        assertFalse(texts(rfm.path("values")).contains("(missing)"), "every rfm-scored customer has an RFM segment: " + rfm);
        JsonNode cross = client.get("/segments/breakdown?model=demographic&by=rfmSegment").json();
        assertEquals(5, cross.path("totals").path("(missing)").asLong(), "the attribute-only customers have no RFM segment: " + cross);
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(v -> out.add(v.asText()));
        return out;
    }

    @Test
    void shouldPredictACategoricalModelAndDescribeItsInputs() {
        ApiTestKit.Answer a = client.post("/predict", "{\"model\": \"demographic\", \"features\": {\"Age\": 64, \"Gender\": \"Female\"}}");
        assertEquals(200, a.status(), a.body());
        assertEquals("Older women", a.json().path("segment").path("label").asText());
        ApiTestKit.Answer missing = client.post("/predict", "{\"model\": \"demographic\", \"features\": {\"Age\": 64}}");
        assertEquals(400, missing.status());
        assertTrue(missing.error().contains("Gender (one of [Male, Female] or another string)"), missing.error());

        JsonNode m = client.get("/model?name=demographic").json();
        assertEquals("Gender", m.path("inputs").get(1).path("source").asText());
        assertEquals("CATEGORY", m.path("inputs").get(1).path("kind").asText());
        assertEquals("Male", m.path("inputs").get(1).path("choices").get(0).asText());
        assertEquals(1.0, m.path("segments").get(0).path("profile").get(1).path("shares").path("Male").asDouble());
        assertEquals(List.of("rfm", "demographic"), texts(m.path("scored")));
    }

    @Test
    void shouldServeHealthAndMetrics() {
        assertEquals("UP", client.get("/health/live").json().path("status").asText());
        assertEquals("READY", client.get("/health/ready").json().path("status").asText());
        ApiTestKit.Answer metrics = client.get("/metrics");
        assertEquals(200, metrics.status());
        assertTrue(metrics.header("Content-Type").startsWith("text/plain"));
        assertTrue(metrics.body().contains("segmenter_app_ready 1.0"), "ready gauge");
    }

    @Test
    void shouldServeExplorerPageAndAssetsWithContentTypesAndStrictCsp() {
        ApiTestKit.Answer page = client.get("/");
        assertEquals(200, page.status());
        assertEquals("text/html; charset=utf-8", page.header("Content-Type"));
        assertTrue(page.header("Content-Security-Policy").startsWith("default-src 'self'"));
        assertTrue(page.body().contains("<script src=\"/static/app.js\" defer></script>"));
        assertFalse(page.body().contains("http://") || page.body().contains("https://"), "no external references");
        assertEquals("text/javascript; charset=utf-8", client.get("/static/app.js").header("Content-Type"));
        assertEquals("text/css; charset=utf-8", client.get("/static/app.css").header("Content-Type"));
        assertEquals(404, client.get("/static/../SegmenterApp.class").status());
        assertEquals(404, client.get("/static/secret.txt").status());
    }

    @Test
    void shouldRequireBearerTokenForErasureAndWriteRequest() {
        assertEquals(200, client.get("/customers/c-erase").status());
        ApiTestKit.Answer none = client.send("DELETE", "/customers/c-erase", Map.of(), null);
        assertEquals(401, none.status());
        assertEquals("Bearer", none.header("WWW-Authenticate"));
        assertEquals(401, client.send("DELETE", "/customers/c-erase", Map.of("Authorization", "Bearer wrong"), null).status());
        assertEquals(401, client.send("DELETE", "/customers/c-erase", Map.of("Authorization", TOKEN), null).status());

        ApiTestKit.Answer ok = client.send("DELETE", "/customers/c-erase", Map.of("Authorization", "Bearer " + TOKEN), null);
        assertEquals(202, ok.status(), ok.body());
        var written = kafka.consume(topics.erasures(), Serdes.String().deserializer(), Serdes.ByteArray().deserializer(), 1, Duration.ofSeconds(20));
        assertEquals(1, written.size());
        assertEquals("c-erase", written.getFirst().key());
        await().atMost(Duration.ofSeconds(60)).until(() -> client.get("/customers/c-erase").status() == 404);
    }
}
