package io.segmenter.app.http;

import static io.segmenter.app.http.ApiTestKit.DAY;
import static io.segmenter.app.http.ApiTestKit.T_END;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.segmenter.app.SegmenterApp;
import io.segmenter.avro.SegmentModel;
import io.segmenter.avro.Transaction;
import io.segmenter.broker.junit.KafkaBrokerExtension;
import io.segmenter.broker.junit.KafkaTestCluster;
import io.segmenter.model.Scorer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The explorer page in headless Chromium (Debian's package, driven over the DevTools protocol): looks up a
 * known customer, submits the predict form, checks what the page shows, makes no external request, and
 * saves a screenshot to target/explorer.png. Fails without Chromium when CI is set; skipped otherwise.
 */
@ExtendWith(KafkaBrokerExtension.class)
class ExplorerBrowserIT {

    private static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium"));

    @Test
    void shouldLookUpCustomerAndPredictInTheExplorerPage(KafkaTestCluster kafka) throws Exception {
        if (!Files.isExecutable(CHROMIUM)) {
            String why = "Chromium is not installed at " + CHROMIUM + " (apt-get install -y chromium; or set CHROMIUM)";
            if (System.getenv("CI") != null) {
                fail(why);
            }
            Assumptions.abort(why);
        }
        ApiTestKit.Topics topics = ApiTestKit.Topics.unique(kafka);
        int port = ApiTestKit.freePort();
        SegmentModel model = ApiTestKit.rfmModel(1);
        SegmenterApp app = ApiTestKit.start(ApiTestKit.config(kafka, topics, kafka.uniqueId("segmenter-explorer"), port, 2));
        try (app; ApiTestKit.Client client = new ApiTestKit.Client(port)) {
            ApiTestKit.publish(kafka, topics.models(), model);
            await().atMost(Duration.ofSeconds(90)).until(() -> client.get("/health/ready").status() == 200);
            int customers = feed(kafka, topics.transactions(), client);

            try (DevToolsBrowser browser = DevToolsBrowser.launch(CHROMIUM, 1280, 1000)) {
                List<String> requested = new CopyOnWriteArrayList<>();
                browser.onEvent(e -> {
                    if ("Network.requestWillBeSent".equals(e.path("method").asText())) {
                        requested.add(e.path("params").path("request").path("url").asText());
                    }
                });
                browser.send("Network.enable", Map.of());
                browser.send("Page.enable", Map.of());
                browser.navigate(client.base() + "/");
                browser.awaitTrue("segments table", "document.querySelectorAll('#segments-table tbody tr').length === 3");
                String status = browser.eval("document.getElementById('segments-status').textContent").asText();
                assertTrue(status.startsWith(customers + " scored customers across 1 instance"), status);
                assertEquals(3, browser.eval("document.querySelectorAll('#segments-chart rect').length").asInt());
                assertTrue(browser.eval("document.getElementById('model-info').textContent").asText().contains("Model rfm version 1"));

                browser.eval("document.getElementById('lookup-id').value = 'c-mover'; document.getElementById('lookup-btn').click(); true");
                browser.awaitTrue("customer shown", "!document.getElementById('customer').hidden");
                assertEquals("Champions", browser.eval("document.getElementById('customer-segment').textContent").asText());
                String previous = browser.eval("document.getElementById('customer-previous').textContent").asText();
                assertTrue(previous.startsWith("Previously Regulars; in Champions since 2025-06-30"), previous);
                String table = browser.eval("document.getElementById('customer-table').textContent").asText();
                assertTrue(table.contains("Purchases (lifetime)13"), table);
                assertTrue(table.contains("Net spend (lifetime)2,420 GBP"), table);
                assertTrue(browser.eval("document.querySelectorAll('#customer-history li').length").asInt() >= 3);

                browser.eval("document.getElementById('lookup-id').value = 'nobody'; document.getElementById('lookup-btn').click(); true");
                browser.awaitTrue("not found shown", "!document.getElementById('lookup-error').hidden");
                assertEquals("no customer with that id", browser.eval("document.getElementById('lookup-error').textContent").asText());

                browser.eval("""
                        document.getElementById('predict-recency').value = '200';
                        document.getElementById('predict-frequency').value = '2';
                        document.getElementById('predict-monetary').value = '60';
                        document.getElementById('predict-btn').click(); true""");
                browser.awaitTrue("prediction shown", "!document.getElementById('prediction').hidden");
                Scorer.Result expected = new Scorer(model).score(new double[] {200, 2, 60});
                String label = model.getCentroids().get(expected.centroidIndex()).getLabel();
                assertEquals(label, browser.eval("document.getElementById('prediction-segment').textContent").asText());
                assertEquals(3, browser.eval("document.querySelectorAll('#prediction-chart rect').length").asInt());

                // the screenshot shows the customer and the prediction side by side
                browser.eval("document.getElementById('lookup-id').value = 'c-mover'; document.getElementById('lookup-btn').click(); true");
                browser.awaitTrue("customer shown again", "!document.getElementById('customer').hidden");
                Path shot = Path.of("target", "explorer.png");
                Files.write(shot, browser.screenshot(1280));
                assertTrue(Files.size(shot) > 10_000, "a real screenshot");

                assertTrue(requested.size() >= 5, requested.toString());
                for (String url : requested) {
                    assertTrue(url.startsWith(client.base() + "/"), "only same-origin requests: " + url);
                }
            }
        }
    }

    /** The ApiIT mover (Lapsed, then back as a Champion) and 80 random customers; returns how many are scored. */
    private static int feed(KafkaTestCluster kafka, String topic, ApiTestKit.Client client) {
        Random random = new Random(7);
        List<Transaction> txs = new ArrayList<>();
        for (int c = 0; c < 80; c++) {
            int n = 1 + random.nextInt(random.nextBoolean() ? 4 : 14);
            int lastDay = random.nextInt(random.nextBoolean() ? 40 : 330);
            for (int i = 0; i < n; i++) {
                txs.add(ApiTestKit.purchase("r" + c + "-" + i, "c" + (1000 + c), T_END.minusMillis((lastDay + i * 7L) * DAY),
                        (10 + random.nextInt(20 * n)) * 100L));
            }
        }
        for (String id : ApiTestKit.onePerPartition("c-clock-", 2)) {
            txs.add(ApiTestKit.purchase("clock-" + id, id, T_END, 10_00));
        }
        ApiTestKit.produce(kafka, topic, txs);
        ApiTestKit.produce(kafka, topic, List.of(ApiTestKit.purchase("mover-0", "c-mover", T_END.minusMillis(400 * DAY), 20_00)));
        await().atMost(Duration.ofSeconds(60)).until(() -> client.get("/customers/c-mover").body().contains("\"Lapsed\""));
        List<Transaction> comeback = new ArrayList<>();
        for (int i = 1; i <= 12; i++) {
            comeback.add(ApiTestKit.purchase("mover-" + i, "c-mover", T_END.minusMillis(i * DAY), 200_00));
        }
        ApiTestKit.produce(kafka, topic, comeback);
        int scored = 80 + 2 + 1;
        await().atMost(Duration.ofSeconds(60)).until(() ->
                client.get("/customers/c-mover").body().contains("\"segment\":{\"id\":1,\"label\":\"Champions\"}")
                        && client.get("/segments").json().path("totalCustomers").asInt() == scored);
        return scored;
    }
}
