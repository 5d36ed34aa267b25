package io.segmenter.app.http;

import static io.segmenter.app.http.ApiTestKit.DAY;
import static io.segmenter.app.http.ApiTestKit.T_END;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.segmenter.app.SegmenterApp;
import io.segmenter.avro.SegmentModel;
import io.segmenter.avro.Transaction;
import io.segmenter.avro.TransactionKind;
import io.segmenter.broker.junit.KafkaBrokerExtension;
import io.segmenter.broker.junit.KafkaTestCluster;
import io.segmenter.model.RfmFeatures;
import io.segmenter.model.RfmScores;
import io.segmenter.model.Scorer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two instances of the app on one broker (same application id, 4 partitions): every customer of a replayed
 * dataset looked up through either instance gives the same, correct answer, and /segments agrees; while
 * one instance leaves, the other answers correctly or 503 with Retry-After, never a wrong answer or 404.
 */
@ExtendWith(KafkaBrokerExtension.class)
class TwoInstancesIT {

    private static final int CUSTOMERS = 300;
    private static final int PARTITIONS = 4;

    /** What was fed for one customer. */
    private static final class Fed {
        long purchases;
        long netMinor;
        long refundMinor;
        long lastPurchase = Long.MIN_VALUE;
        long lastEvent = Long.MIN_VALUE;
    }

    @Test
    void shouldAnswerEveryCustomerAndSegmentCountsTheSameThroughEitherInstance(KafkaTestCluster kafka) throws Exception {
        ApiTestKit.Topics topics = ApiTestKit.Topics.unique(kafka);
        String appId = kafka.uniqueId("segmenter-two");
        int portA = ApiTestKit.freePort();
        int portB = ApiTestKit.freePort();
        SegmenterApp a = ApiTestKit.start(ApiTestKit.config(kafka, topics, appId, portA, PARTITIONS));
        SegmenterApp b = ApiTestKit.start(ApiTestKit.config(kafka, topics, appId, portB, PARTITIONS));
        try (ApiTestKit.Client clientA = new ApiTestKit.Client(portA); ApiTestKit.Client clientB = new ApiTestKit.Client(portB)) {
            SegmentModel model = ApiTestKit.rfmModel(1);
            ApiTestKit.publish(kafka, topics.models(), model);
            await().atMost(Duration.ofSeconds(120)).until(() ->
                    clientA.get("/health/ready").status() == 200 && clientB.get("/health/ready").status() == 200);

            Map<String, Fed> fed = new LinkedHashMap<>();
            ApiTestKit.produce(kafka, topics.transactions(), dataset(fed));
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).until(() ->
                    total(clientA) == fed.size() && total(clientB) == fed.size());

            int forwarded = 0;
            Map<Integer, java.util.TreeSet<String>> bySegment = new java.util.TreeMap<>();
            Scorer scorer = new Scorer(model);
            for (Map.Entry<String, Fed> e : fed.entrySet()) {
                ApiTestKit.Answer viaA = clientA.get("/customers/" + e.getKey());
                ApiTestKit.Answer viaB = clientB.get("/customers/" + e.getKey());
                assertEquals(200, viaA.status(), viaA.body());
                assertEquals(200, viaB.status(), viaB.body());
                assertEquals(viaA.json(), viaB.json(), "same answer through either instance for " + e.getKey());
                assertCorrect(e.getKey(), e.getValue(), viaA.json(), scorer, model);
                bySegment.computeIfAbsent(viaA.json().path("segment").path("id").asInt(), k -> new java.util.TreeSet<>()).add(e.getKey());
                String owner = viaA.json().path("servedBy").asText();
                forwarded += owner.endsWith(":" + portA) ? 0 : 1;
                forwarded += owner.endsWith(":" + portB) ? 0 : 1;
            }
            assertEquals(fed.size(), forwarded, "each customer is local on one instance and forwarded on the other");

            JsonNode segmentsA = clientA.get("/segments").json();
            JsonNode segmentsB = clientB.get("/segments").json();
            assertEquals(segmentsA, segmentsB);
            assertEquals(fed.size(), segmentsA.path("totalCustomers").asLong());
            assertEquals(2, segmentsA.path("instances").asInt());
            long local = clientA.get("/segments?local=true").json().path("segments").findValues("customers").stream().mapToLong(JsonNode::asLong).sum();
            assertTrue(local > 0 && local < fed.size(), "instance A holds part of the customers: " + local);
            JsonNode transitionsA = clientA.get("/segments/transitions").json();
            assertEquals(transitionsA, clientB.get("/segments/transitions").json(), "the same transitions through either instance");
            assertEquals(2, transitionsA.path("instances").asInt());

            // each segment's members paged across both instances: the same pages through either, every member once, in id order
            for (Map.Entry<Integer, java.util.TreeSet<String>> s : bySegment.entrySet()) {
                List<String> viaA = members(clientA, s.getKey(), 37);
                assertEquals(new ArrayList<>(s.getValue()), viaA, "segment " + s.getKey());
                assertEquals(viaA, members(clientB, s.getKey(), 37));
            }
            JsonNode breakdown = clientA.get("/segments/breakdown?by=rfmSegment").json();
            assertEquals(breakdown, clientB.get("/segments/breakdown?by=rfmSegment").json());
            assertEquals(fed.size(), breakdown.path("customers").asLong());
            assertEquals(2, breakdown.path("instances").asInt());

            // B leaves: A takes over B's partitions (restoring them); meanwhile A is right or says 503
            CompletableFuture<Void> leaving = CompletableFuture.runAsync(b::close);
            AtomicInteger unavailable = new AtomicInteger();
            await().atMost(Duration.ofSeconds(180)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(10)).until(() -> {
                boolean allAnswered = true;
                for (Map.Entry<String, Fed> e : fed.entrySet()) {
                    ApiTestKit.Answer r = clientA.get("/customers/" + e.getKey());
                    if (r.status() == 503) {
                        assertNotNull(r.header("Retry-After"), "503 carries Retry-After");
                        unavailable.incrementAndGet();
                        allAnswered = false;
                    } else {
                        assertEquals(200, r.status(), r.body());
                        assertEquals(e.getValue().purchases, r.json().path("profile").path("lifetimePurchaseCount").asLong());
                    }
                }
                return allAnswered && leaving.isDone();
            });
            JsonNode alone = clientA.get("/segments").json();
            assertEquals(fed.size(), alone.path("totalCustomers").asLong());
            assertEquals(1, alone.path("instances").asInt());
            System.out.printf("two instances: %d customers, %d answers forwarded, %d answers were 503 during the rebalance%n",
                    fed.size(), forwarded, unavailable.get());
        } finally {
            b.close();
            a.close();
        }
    }

    /** Every member of a segment, page by page through {@code client}; each page merges both instances' local pages. */
    private static List<String> members(ApiTestKit.Client client, int segment, int limit) {
        List<String> out = new ArrayList<>();
        String after = null;
        do {
            ApiTestKit.Answer a = client.get("/segments/" + segment + "/customers?limit=" + limit + (after == null ? "" : "&after=" + after));
            assertEquals(200, a.status(), a.body());
            assertEquals(2, a.json().path("instances").asInt());
            assertTrue(a.json().path("customers").size() <= limit);
            a.json().path("customers").forEach(c -> out.add(c.path("customerId").asText()));
            after = a.json().path("next").isNull() ? null : a.json().path("next").asText();
        } while (after != null);
        return out;
    }

    private static long total(ApiTestKit.Client client) {
        ApiTestKit.Answer r = client.get("/segments");
        return r.status() == 200 ? r.json().path("totalCustomers").asLong() : -1;
    }

    /** Profile figures equal what was fed; the segment and scores are the model's for the reported features. */
    private static void assertCorrect(String id, Fed f, JsonNode c, Scorer scorer, SegmentModel model) {
        JsonNode p = c.path("profile");
        assertEquals(id, c.path("customerId").asText());
        assertEquals(f.purchases, p.path("lifetimePurchaseCount").asLong(), id);
        assertEquals(f.netMinor / 100.0, p.path("lifetimeNetMonetary").asDouble(), 1e-9, id);
        assertEquals(f.refundMinor / 100.0, p.path("lifetimeRefunds").asDouble(), 1e-9, id);
        assertEquals(Instant.ofEpochMilli(f.lastPurchase).toString(), p.path("lastPurchaseTime").asText(), id);
        JsonNode features = c.path("features");
        double recency = features.path("recency_days").asDouble();
        assertEquals(f.purchases, features.path("frequency").asDouble(), 1e-9, id);
        assertEquals(f.netMinor / 100.0, features.path("monetary").asDouble(), 1e-9, id);
        // the stream clock at the last evaluation lies between the customer's own last event and the end of the data
        assertTrue(recency >= RfmFeatures.recencyDays(f.lastPurchase, f.lastEvent)
                && recency <= RfmFeatures.recencyDays(f.lastPurchase, T_END.toEpochMilli()), id + " recency " + recency);
        double[] raw = {recency, f.purchases, f.netMinor / 100.0};
        Scorer.Result r = scorer.score(raw);
        assertEquals(model.getCentroids().get(r.centroidIndex()).getSegmentId(), c.path("segment").path("id").asInt(), id);
        assertEquals(r.distance(), c.path("distance").asDouble(), 1e-9, id);
        RfmScores s = RfmScores.of(model.getRfmCuts(), raw[0], raw[1], raw[2]);
        assertEquals(s.rfmClass(), c.path("scores").path("rfmClass").asText(), id);
        assertEquals(s.segmentName(), c.path("scores").path("rfmSegment").asText(), id);
    }

    /** A few hundred customers with 1..10 purchases over 400 days and some refunds, plus one customer at T_END per partition. */
    private static List<Transaction> dataset(Map<String, Fed> fed) {
        Random random = new Random(42);
        List<Transaction> txs = new ArrayList<>();
        for (int c = 0; c < CUSTOMERS; c++) {
            String id = "cust-" + c;
            Fed f = fed.computeIfAbsent(id, k -> new Fed());
            int n = 1 + random.nextInt(10);
            for (int i = 0; i < n; i++) {
                Instant at = T_END.minusMillis((long) random.nextInt(400) * DAY + random.nextInt(86_400) * 1000L);
                long amount = 5_00 + random.nextInt(495_00);
                txs.add(ApiTestKit.purchase(id + "-p" + i, id, at, amount));
                f.purchases++;
                f.netMinor += amount;
                f.lastPurchase = Math.max(f.lastPurchase, at.toEpochMilli());
                f.lastEvent = Math.max(f.lastEvent, at.toEpochMilli());
            }
            if (random.nextInt(5) == 0) {
                Instant at = Instant.ofEpochMilli(f.lastPurchase).plusMillis(DAY);
                at = at.isAfter(T_END) ? T_END : at;
                txs.add(ApiTestKit.tx(id + "-r", id, at, 3_00, TransactionKind.REFUND));
                f.netMinor -= 3_00;
                f.refundMinor += 3_00;
                f.lastEvent = Math.max(f.lastEvent, at.toEpochMilli());
            }
        }
        for (String id : ApiTestKit.onePerPartition("clock-", PARTITIONS)) {
            Fed f = fed.computeIfAbsent(id, k -> new Fed());
            txs.add(ApiTestKit.purchase(id + "-p", id, T_END, 1_00));
            f.purchases = 1;
            f.netMinor = 1_00;
            f.lastPurchase = T_END.toEpochMilli();
            f.lastEvent = f.lastPurchase;
        }
        return txs;
    }
}
