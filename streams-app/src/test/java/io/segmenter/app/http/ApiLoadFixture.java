package io.segmenter.app.http;

import static io.segmenter.app.http.ApiTestKit.DAY;
import static io.segmenter.app.http.ApiTestKit.T_END;
import static org.awaitility.Awaitility.await;

import io.segmenter.app.SegmenterApp;
import io.segmenter.avro.Transaction;
import io.segmenter.broker.EmbeddedKafkaBroker;
import io.segmenter.broker.junit.KafkaTestCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;

/**
 * Not a test: sets up a load run of {@code GET /customers/{id}} (see docs/http-api.md). Starts an embedded
 * broker and two app instances (4 partitions), feeds N customers, waits until all are scored, and writes
 * {@code ids-local.txt} (customers instance A owns) and {@code ids-forwarded.txt} (customers A forwards to B)
 * and {@code ports.txt} into the output directory; then runs until killed.
 *
 * <pre>java -cp ... io.segmenter.app.http.ApiLoadFixture [customers=5000] [outDir=target/load]</pre>
 */
public final class ApiLoadFixture {

    private ApiLoadFixture() {}

    public static void main(String[] args) throws Exception {
        int customers = args.length > 0 ? Integer.parseInt(args[0]) : 5000;
        Path out = Path.of(args.length > 1 ? args[1] : "target/load");
        Files.createDirectories(out);
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(0, ApiTestKit.tempDir("segmenter-load-broker-"));
        KafkaTestCluster kafka = new KafkaTestCluster(broker.bootstrapServers());
        ApiTestKit.Topics topics = ApiTestKit.Topics.unique(kafka);
        String appId = kafka.uniqueId("segmenter-load");
        int portA = ApiTestKit.freePort();
        int portB = ApiTestKit.freePort();
        SegmenterApp a = ApiTestKit.start(ApiTestKit.config(kafka, topics, appId, portA, 4));
        SegmenterApp b = ApiTestKit.start(ApiTestKit.config(kafka, topics, appId, portB, 4));
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            b.close();
            a.close();
            broker.close();
            stop.countDown();
        }));
        try (ApiTestKit.Client clientA = new ApiTestKit.Client(portA)) {
            ApiTestKit.publish(kafka, topics.models(), ApiTestKit.rfmModel(1));
            await().atMost(Duration.ofMinutes(2)).until(() -> clientA.get("/health/ready").status() == 200);
            Random random = new Random(1);
            List<Transaction> txs = new ArrayList<>();
            List<String> ids = new ArrayList<>();
            for (int c = 0; c < customers; c++) {
                String id = "load-" + c;
                ids.add(id);
                int n = 1 + random.nextInt(10);
                for (int i = 0; i < n; i++) {
                    Instant at = T_END.minusMillis((long) random.nextInt(400) * DAY);
                    txs.add(ApiTestKit.purchase(id + "-" + i, id, at, 5_00 + random.nextInt(495_00)));
                }
            }
            ApiTestKit.produce(kafka, topics.transactions(), txs);
            await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofSeconds(1)).until(() -> {
                ApiTestKit.Answer s = clientA.get("/segments");
                return s.status() == 200 && s.json().path("totalCustomers").asInt() == customers;
            });
            List<String> local = new ArrayList<>();
            List<String> forwarded = new ArrayList<>();
            for (String id : ids) {
                String owner = clientA.get("/customers/" + id).json().path("servedBy").asText();
                (owner.endsWith(":" + portA) ? local : forwarded).add(id);
            }
            Files.write(out.resolve("ids-local.txt"), local);
            Files.write(out.resolve("ids-forwarded.txt"), forwarded);
            Files.writeString(out.resolve("ports.txt"), portA + " " + portB + "\n");
            System.out.printf("READY A=http://127.0.0.1:%d B=http://127.0.0.1:%d customers=%d local-to-A=%d forwarded-by-A=%d%n",
                    portA, portB, customers, local.size(), forwarded.size());
        }
        stop.await();
    }
}
