package io.segmenter.app.http;

import static io.segmenter.app.http.ApiTestKit.DAY;
import static io.segmenter.app.http.ApiTestKit.T_END;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.segmenter.app.Fixtures;
import io.segmenter.app.SegmenterApp;
import io.segmenter.app.config.SegmenterConfig;
import io.segmenter.avro.SegmentModel;
import io.segmenter.avro.Transaction;
import io.segmenter.broker.junit.KafkaBrokerExtension;
import io.segmenter.broker.junit.KafkaTestCluster;
import io.segmenter.model.Scorer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The explorer page in headless Chromium (Debian's package, driven over the DevTools protocol): checks the
 * transition matrix against the API for each period, looks up a known customer, submits the predict form,
 * checks what the page shows, makes no external request, and saves a screenshot to target/explorer.png.
 * Fails without Chromium when CI is set; skipped otherwise.
 */
@ExtendWith(KafkaBrokerExtension.class)
class ExplorerBrowserIT {

    private static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium"));
    private static final String MATRIX = "document.getElementById('transitions-matrix')";
    /** The test model's segments in the page's order: the matrix's rows and columns. */
    private static final List<String> LABELS = List.of("Champions", "Regulars", "Lapsed");

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
        Map<String, String> config = ApiTestKit.config(kafka, topics, kafka.uniqueId("segmenter-explorer"), port, 2);
        config.put(SegmenterConfig.MODELS, "rfm,demographic");
        SegmenterApp app = ApiTestKit.start(config);
        try (app; ApiTestKit.Client client = new ApiTestKit.Client(port)) {
            ApiTestKit.publish(kafka, topics.models(), model);
            ApiTestKit.publish(kafka, topics.models(), Fixtures.demographic(1));
            await().atMost(Duration.ofSeconds(90)).until(() -> client.get("/health/ready").status() == 200);
            int customers = feed(kafka, topics.transactions(), client);
            feedAttributes(kafka, topics.attributes(), client);

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
                JsonNode apiSegments = client.get("/segments").json().path("segments");
                for (int i = 0; i < apiSegments.size(); i++) {
                    String row = "document.querySelectorAll('#segments-table tbody tr')[" + i + "]";
                    assertEquals(apiSegments.get(i).path("revenue").asDouble(),
                            browser.eval("Number(" + row + ".cells[6].textContent.replaceAll(',', ''))").asDouble(), 0.005, "revenue of row " + i);
                    assertEquals(apiSegments.get(i).path("averageOrderValue").asDouble(),
                            browser.eval("Number(" + row + ".cells[7].textContent.replaceAll(',', ''))").asDouble(), 0.005, "order value of row " + i);
                }
                String status = browser.eval("document.getElementById('segments-status').textContent").asText();
                assertTrue(status.startsWith(customers + " scored customers across 1 instance"), status);
                assertEquals(3, browser.eval("document.querySelectorAll('#segments-chart rect').length").asInt());
                // the model line loads on its own request, which may answer after the segments
                browser.awaitTrue("model line", "document.getElementById('model-info').textContent.includes('Model rfm version 1')");

                checkTransitions(browser, client, requested);

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

                assertEquals(List.of("recency_days", "frequency", "monetary"),
                        names(browser, "#predict-fields input"), "the form from rfm's inputs");
                browser.eval("""
                        document.querySelector('#predict-fields [name=recency_days]').value = '200';
                        document.querySelector('#predict-fields [name=frequency]').value = '2';
                        document.querySelector('#predict-fields [name=monetary]').value = '60';
                        document.getElementById('predict-btn').click(); true""");
                browser.awaitTrue("prediction shown", "!document.getElementById('prediction').hidden");
                Scorer.Result expected = new Scorer(model).score(new double[] {200, 2, 60});
                String label = model.getCentroids().get(expected.centroidIndex()).getLabel();
                assertEquals(label, browser.eval("document.getElementById('prediction-segment').textContent").asText());
                assertEquals(3, browser.eval("document.querySelectorAll('#prediction-chart rect').length").asInt());

                checkBreakdown(browser, client, "rfmSegment", "/segments/breakdown?by=rfmSegment");
                checkCategoricalModel(browser, client);

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

    /**
     * The demographic model picked: its segments with category shares, the form generated from its inputs
     * (a number and a select), a prediction from the selects, its members paged with "More", a breakdown by a typed attribute.
     */
    private static void checkCategoricalModel(DevToolsBrowser browser, ApiTestKit.Client client) {
        assertEquals(List.of("rfm", "demographic"), names(browser, "#model-picker option"));
        browser.eval("(() => { const p = document.getElementById('model-picker'); p.value = 'demographic'; p.dispatchEvent(new Event('change')); return true; })()");
        browser.awaitTrue("demographic model", "document.getElementById('model-info').textContent.includes('Model demographic version 1')"
                + " && document.getElementById('segments-status').textContent.includes('model demographic')");
        assertEquals(2, browser.eval("document.querySelectorAll('#segments-table tbody tr').length").asInt());
        JsonNode api = client.get("/segments?model=demographic").json().path("segments");
        assertEquals(api.get(0).path("customers").asLong(),
                browser.eval("Number(document.querySelector('#segments-table tbody tr').cells[1].textContent.replaceAll(',', ''))").asLong());
        assertEquals(List.of("Segment", "Customers", "Share", "Age", "Gender"), texts(browser, "#segments-table thead th"), "no revenue without monetary");
        assertEquals("Male 100%", browser.eval("document.querySelector('#segments-table tbody tr').cells[4].textContent").asText());

        assertEquals(List.of("Age", "Gender"), names(browser, "#predict-fields input, #predict-fields select"));
        assertEquals(List.of("Male", "Female"), texts(browser, "#predict-fields select[name=Gender] option"));
        browser.eval("""
                document.querySelector('#predict-fields [name=Age]').value = '63';
                document.querySelector('#predict-fields select[name=Gender]').value = 'Female';
                document.getElementById('predict-btn').click(); true""");
        browser.awaitTrue("demographic prediction", "!document.getElementById('prediction').hidden");
        assertEquals("Older women", browser.eval("document.getElementById('prediction-segment').textContent").asText());
        assertEquals(2, browser.eval("document.querySelectorAll('#prediction-chart rect').length").asInt());

        browser.eval("document.querySelector('#segments-table tbody tr').click(); true");
        browser.awaitTrue("first page of members", "document.querySelectorAll('#members-table tbody tr').length === 50");
        List<String> expected = new ArrayList<>();
        String after = null;
        do {
            JsonNode page = client.get("/segments/1/customers?model=demographic&limit=50" + (after == null ? "" : "&after=" + after)).json();
            page.path("customers").forEach(c -> expected.add(c.path("customerId").asText()));
            after = page.path("next").isNull() ? null : page.path("next").asText();
        } while (after != null);
        assertEquals(YOUNG_MEN, expected.size(), expected.toString());
        assertFalse(browser.eval("document.getElementById('members-more').hidden").asBoolean(), "more to come");
        browser.eval("document.getElementById('members-more').click(); true");
        browser.awaitTrue("every member", "document.querySelectorAll('#members-table tbody tr').length === " + YOUNG_MEN
                + " && document.getElementById('members-more').hidden");
        List<String> shown = new ArrayList<>();
        browser.eval("[...document.querySelectorAll('#members-table tbody tr')].map(tr => tr.dataset.customer)").forEach(t -> shown.add(t.asText()));
        assertEquals(expected, shown, "the members in id order, as the API pages them");
        String row = browser.eval("document.querySelector('#members-table tbody tr').textContent").asText();
        assertTrue(row.contains("Gender: Male") && row.contains("Profession: "), row);

        browser.eval("""
                document.getElementById('breakdown-by').value = 'typed';
                document.getElementById('breakdown-attribute').value = 'Profession';
                document.getElementById('breakdown-btn').click(); true""");
        checkBreakdown(browser, client, "Profession", "/segments/breakdown?model=demographic&attribute=Profession");
    }

    /** The breakdown chart shows the API's values in its order, each bar split by segment with the API's counts. */
    private static void checkBreakdown(DevToolsBrowser browser, ApiTestKit.Client client, String by, String path) {
        browser.awaitTrue("breakdown by " + by, "document.getElementById('breakdown-chart').dataset.by === '" + by + "'");
        JsonNode api = client.get(path).json();
        List<String> values = new ArrayList<>();
        api.path("values").forEach(v -> values.add(v.asText()));
        assertFalse(values.isEmpty(), api.toString());
        List<String> rows = new ArrayList<>();
        browser.eval("[...document.querySelectorAll('#breakdown-chart g.row')].map(g => g.dataset.value)").forEach(t -> rows.add(t.asText()));
        assertEquals(values, rows);
        for (String value : values) {
            long drawn = browser.eval("[...document.querySelectorAll('#breakdown-chart g.row')].find(g => g.dataset.value === " + quoted(value)
                    + ").querySelectorAll('rect').length").asLong();
            long nonZero = 0;
            for (JsonNode s : api.path("segments")) {
                nonZero += s.path("counts").path(value).asLong() > 0 ? 1 : 0;
            }
            assertEquals(nonZero, drawn, "one bar part per segment with customers of " + value);
        }
        String status = browser.eval("document.getElementById('breakdown-status').textContent").asText();
        assertTrue(status.startsWith(api.path("customers").asLong() + " customers of model "), status);
    }

    private static String quoted(String s) {
        return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    private static List<String> names(DevToolsBrowser browser, String selector) {
        List<String> out = new ArrayList<>();
        browser.eval("[...document.querySelectorAll('" + selector + "')].map(e => e.name || e.value)").forEach(t -> out.add(t.asText()));
        return out;
    }

    /** Members of "Young men": more than one page of 50. */
    private static final int YOUNG_MEN = 61;

    /**
     * Age, Gender and Profession for the 80 random customers (three in four young men) and c-mover (a young man):
     * {@value #YOUNG_MEN} young men, 20 older women.
     */
    private static void feedAttributes(KafkaTestCluster kafka, String topic, ApiTestKit.Client client) {
        List<io.segmenter.avro.CustomerAttributes> records = new ArrayList<>();
        String[] professions = {"Doctor", "Teacher", "Engineer", "Artist"};
        for (int c = 0; c < 80; c++) {
            boolean young = c % 4 != 3;
            records.add(Fixtures.attributes("c" + (1000 + c), T_END.minusMillis(DAY), Map.of("Age", young ? 20.0 + c % 15 : 55.0 + c % 20),
                    Map.of("Gender", young ? "Male" : "Female", "Profession", professions[c % 3 + (c % 7 == 0 ? 1 : 0)])));
        }
        records.add(Fixtures.attributes("c-mover", T_END.minusMillis(DAY), Map.of("Age", 27.0), Map.of("Gender", "Male", "Profession", "Doctor")));
        ApiTestKit.produceAttributes(kafka, topic, records);
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            ApiTestKit.Answer a = client.get("/segments?model=demographic");
            return a.status() == 200 && a.json().path("totalCustomers").asInt() == 81;
        });
    }

    /**
     * The transition card: the matrix of all kept changes equals the API's and holds c-mover's moves; another
     * period re-queries and redraws; a refused query shows the server's error instead of a matrix.
     */
    private static void checkTransitions(DevToolsBrowser browser, ApiTestKit.Client client, List<String> requested) {
        browser.awaitTrue("transition matrix", MATRIX + ".dataset.since === '' && !" + MATRIX + ".hidden");
        assertTrue(requested.contains(client.base() + "/segments/transitions"), requested.toString());
        JsonNode all = assertMatrixShows(browser, client, "");
        assertFalse(all.path("moves").isEmpty(), "the feed moves customers: " + all);
        assertTrue(status(browser).endsWith("· all kept changes (the last 10 per customer)"), status(browser));
        List<String> moverMoves = moverMoves(client);
        assertTrue(moverMoves.stream().anyMatch(m -> m.startsWith("3>")), "c-mover came back from Lapsed (3): " + moverMoves);
        for (String move : moverMoves) {
            String[] ids = move.split(">");
            String cell = "document.querySelector('#transitions-matrix td[data-from=\"" + ids[0] + "\"][data-to=\"" + ids[1] + "\"] .count')";
            assertTrue(browser.eval(cell + " !== null && Number(" + cell + ".textContent.replaceAll(',', '')) >= 1").asBoolean(),
                    "c-mover's move " + move + " is counted in its cell");
        }

        choosePeriod(browser, "30d");
        browser.awaitTrue("the 30-day matrix", MATRIX + ".dataset.since === '30d' && !" + MATRIX + ".hidden");
        assertTrue(requested.contains(client.base() + "/segments/transitions?since=30d"), requested.toString());
        JsonNode recent = assertMatrixShows(browser, client, "30d");
        // on the stream clock 30d counts back from the latest event time (T_END), and every change of the feed is within it
        assertEquals(T_END.minus(Duration.ofDays(30)).toEpochMilli(), recent.path("since").asLong(), recent.toString());
        assertEquals(all.path("changes").asLong(), recent.path("changes").asLong(), recent.toString());
        Matcher since = Pattern.compile("· since (\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d) UTC$").matcher(status(browser));
        assertTrue(since.find(), status(browser));
        Instant shown = LocalDateTime.parse(since.group(1).replace(' ', 'T')).toInstant(ZoneOffset.UTC);
        long apiSince = recent.path("since").asLong();
        assertTrue(Math.abs(shown.toEpochMilli() - apiSince) < Duration.ofMinutes(2).toMillis(),
                "the page shows the instant the server counted from: " + shown + " vs " + Instant.ofEpochMilli(apiSince));

        browser.eval("document.getElementById('transitions-period').add(new Option('not a period', 'yesterday')); true");
        choosePeriod(browser, "yesterday");
        browser.awaitTrue("transition error", "!document.getElementById('transitions-error').hidden");
        String error = browser.eval("document.getElementById('transitions-error').textContent").asText();
        assertTrue(error.startsWith("Transitions are not available: since must be"), error);
        assertTrue(browser.eval(MATRIX + ".hidden").asBoolean(), "no stale matrix under the error");
        browser.eval("document.querySelector('#transitions-period option[value=\"yesterday\"]').remove(); true");

        choosePeriod(browser, "");
        browser.awaitTrue("the full matrix again", MATRIX + ".dataset.since === '' && !" + MATRIX + ".hidden");
        assertTrue(browser.eval("document.getElementById('transitions-error').hidden").asBoolean(), "the error is cleared");
        assertEquals(all.path("moves").size(), assertMatrixShows(browser, client, "").path("moves").size());
    }

    /**
     * The matrix on the page equals {@code GET /segments/transitions?since=}: the model's segments as rows and
     * columns, every non-empty cell's count and revenue, dashes for the other pairs, n/a on the diagonal, the
     * total line. Returns the API's answer.
     */
    private static JsonNode assertMatrixShows(DevToolsBrowser browser, ApiTestKit.Client client, String since) {
        ApiTestKit.Answer answer = client.get("/segments/transitions" + (since.isEmpty() ? "" : "?since=" + since));
        assertEquals(200, answer.status(), answer.body());
        JsonNode api = answer.json();
        Map<String, JsonNode> moves = new TreeMap<>();
        api.path("moves").forEach(m -> moves.put(m.path("fromSegmentId").asInt() + ">" + m.path("toSegmentId").asInt(), m));

        assertEquals(LABELS, texts(browser, "#transitions-matrix tbody th[scope=row]"), "rows");
        List<String> columns = texts(browser, "#transitions-matrix thead th[scope=col]");
        assertEquals(LABELS, columns.subList(1, columns.size()), "columns after the corner");
        JsonNode cells = browser.eval("""
                [...document.querySelectorAll('#transitions-matrix tbody td')].map(td => ({
                  pair: td.dataset.from + '>' + td.dataset.to, diag: td.classList.contains('diag'), text: td.textContent,
                  count: td.querySelector('.count')?.textContent ?? null, revenue: td.querySelector('.revenue')?.textContent ?? null,
                  shaded: td.style.background !== ''}))""");
        assertEquals(LABELS.size() * LABELS.size(), cells.size(), cells.toString());
        int shown = 0;
        for (JsonNode cell : cells) {
            String pair = cell.path("pair").asText();
            JsonNode move = moves.get(pair);
            String[] ids = pair.split(">");
            if (ids[0].equals(ids[1])) {
                assertTrue(cell.path("diag").asBoolean() && cell.path("text").asText().equals("n/a"), cell.toString());
                assertNull(move, "no move within one segment");
            } else if (move == null) {
                assertEquals("–", cell.path("text").asText(), "an empty pair: " + cell);
                assertFalse(cell.path("shaded").asBoolean(), cell.toString());
            } else {
                shown++;
                assertEquals(move.path("customers").asLong(), Long.parseLong(cell.path("count").asText().replace(",", "")), pair);
                assertEquals(move.path("revenue").asDouble(), Double.parseDouble(cell.path("revenue").asText().replace(",", "")), 0.005, pair);
                assertTrue(cell.path("shaded").asBoolean(), "shaded by count: " + cell);
            }
        }
        assertEquals(moves.size(), shown, "every move of the API has its cell: " + moves.keySet());
        String total = api.path("changes").asLong() + " segment changes across " + api.path("instances").asInt() + " instance(s) · ";
        assertTrue(status(browser).startsWith(total), status(browser) + " vs " + total);
        return api;
    }

    /** c-mover's cluster-segment moves ("from>to" ids) from its history. */
    private static List<String> moverMoves(ApiTestKit.Client client) {
        JsonNode history = client.get("/customers/c-mover").json().path("history");
        List<String> moves = new ArrayList<>();
        for (int i = 1; i < history.size(); i++) {
            int from = history.get(i - 1).path("segmentId").asInt();
            int to = history.get(i).path("segmentId").asInt();
            if (from != to) {
                moves.add(from + ">" + to);
            }
        }
        return moves;
    }

    private static void choosePeriod(DevToolsBrowser browser, String since) {
        String chosen = browser.eval("(() => { const s = document.getElementById('transitions-period'); s.value = '" + since
                + "'; s.dispatchEvent(new Event('change')); return s.value; })()").asText();
        assertEquals(since, chosen, "the period selector offers '" + since + "'");
    }

    private static String status(DevToolsBrowser browser) {
        return browser.eval("document.getElementById('transitions-status').textContent").asText();
    }

    private static List<String> texts(DevToolsBrowser browser, String selector) {
        List<String> out = new ArrayList<>();
        browser.eval("[...document.querySelectorAll('" + selector + "')].map(e => e.textContent)").forEach(t -> out.add(t.asText()));
        return out;
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
