package io.segmenter.app.http;

import io.segmenter.app.config.SegmenterConfig;
import io.segmenter.app.model.ModelsInUse;
import io.segmenter.app.query.CustomerQueryService;
import io.segmenter.app.query.ErasureRequests;
import io.segmenter.app.query.ModelVersions;
import io.segmenter.app.query.ModelCatalog;
import io.segmenter.app.query.PredictionService;
import io.segmenter.app.query.RemoteInstances;
import io.segmenter.app.query.SegmentBreakdown;
import io.segmenter.app.query.SegmentMembers;
import io.segmenter.http.HttpError;
import io.segmenter.http.Json;
import io.segmenter.http.Request;
import io.segmenter.http.Response;
import io.segmenter.http.Router;
import io.segmenter.http.WebServer;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.apache.kafka.common.config.types.Password;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.state.HostInfo;

/**
 * The app's HTTP server (the shared {@link WebServer}): metrics, health, the query API and the
 * explorer page. Handlers are thin: they parse, call a query service and write JSON.
 *
 * <pre>
 * GET  /                    explorer page (GET /static/app.js, /static/app.css)
 * GET  /customers/{id}      profile and segment, routed to the instance that owns the key (?local=true: no routing)
 * DELETE /customers/{id}    erasure request (bearer token when http.auth.token is set) -> 202
 * POST /predict             segment for given feature values, with the explanation
 * GET  /segments            segments with centroids and customer counts over all instances (?local=true: this one; ?model=NAME: a scored model)
 * GET  /segments/{id}/customers a segment's members in id order (?model=, ?limit= up to 500, ?after= cursor), over all instances
 * GET  /segments/breakdown   customers per segment and attribute value (?attribute=NAME or ?by=rfmSegment; ?model=), top 20 values
 * GET  /models/{name}/versions every published version (from the trainer's history topic), with quality and movement
 * GET  /models/{name}/shadow  how the shadow candidate would segment the customers, against the live model
 * GET  /segments/transitions from -> to segment changes with counts and revenue (?since=ISO instant, epoch ms or 30d)
 * GET  /model               the scoring model (?name=NAME: another published model)
 * GET  /health/live, /health/ready, /metrics
 * </pre>
 */
public final class HttpService implements AutoCloseable {

    private final WebServer server;
    private final List<AutoCloseable> resources = new ArrayList<>();

    /** Metrics and health only (no Kafka Streams client to query). */
    public HttpService(String host, int port, Supplier<String> prometheus, BooleanSupplier ready) throws IOException {
        this(host, port, base(new Router(null, 65_536), prometheus, () -> ready.getAsBoolean() ? List.of() : List.of("not ready")));
    }

    private HttpService(String host, int port, Router router) {
        server = new WebServer(host, port, router);
    }

    /** The full API over {@code streams}, configured from {@code config}; {@code notReady} gives the reasons not to be ready (none: ready). */
    public static HttpService forApp(SegmenterConfig config, KafkaStreams streams, ModelsInUse modelsInUse, Supplier<String> prometheus,
            Supplier<List<String>> notReady)
            throws IOException {
        Duration timeout = Duration.ofMillis(config.getLong(SegmenterConfig.HTTP_FORWARD_TIMEOUT_MS));
        String endpoint = config.getString(SegmenterConfig.APPLICATION_SERVER);
        HostInfo self = endpoint == null || endpoint.isBlank() ? null : HostInfo.buildFromEndpoint(endpoint);
        RemoteInstances remote = new RemoteInstances(timeout);
        ModelCatalog models = new ModelCatalog(modelsInUse);
        CustomerQueryService customers = new CustomerQueryService(streams, self, remote, models, Json.MAPPER, config.streamClock());
        PredictionService predictions = new PredictionService(models);
        Map<String, Object> clients = new HashMap<>(config.passThrough());
        clients.put("bootstrap.servers", config.getString(SegmenterConfig.BOOTSTRAP_SERVERS));
        ErasureRequests erasures = new ErasureRequests(clients, config.getString(SegmenterConfig.TOPIC_ERASURES), timeout);
        ModelVersions versions = new ModelVersions(clients, config.getString(SegmenterConfig.TOPIC_MODELS),
                io.segmenter.serde.AvroSerde.of(io.segmenter.avro.SegmentModel.class, clients), Duration.ofSeconds(10));

        Password token = config.getPassword(SegmenterConfig.HTTP_AUTH_TOKEN);
        Router router = base(new Router(token == null ? null : token.value(), config.getInt(SegmenterConfig.HTTP_MAX_BODY_BYTES)), prometheus, notReady);
        StaticAssets assets = new StaticAssets();
        router.get("/", r -> assets.get("index.html"))
                .get("/static/{}", r -> {
                    Response file = assets.get(r.param(0));
                    return file != null ? file : Response.error(404, "no such file");
                })
                .get("/customers/{}", r -> Response.ok(customers.customer(customerId(r), r.flag("local"))))
                .delete("/customers/{}", r -> {
                    String id = customerId(r);
                    erasures.request(id);
                    return Response.json(202, Map.of("status", "erasure requested", "customerId", id));
                })
                .post("/predict", r -> Response.ok(predictions.predict(r.json())))
                .get("/segments", r -> Response.ok(r.flag("local") ? customers.localCounts(r.query("model")) : customers.segments(r.query("model"))))
                .get("/segments/breakdown", r -> {
                    Breakdown b = Breakdown.of(r);
                    return Response.ok(r.flag("local") ? customers.localBreakdown(r.query("model"), b.attribute(), b.byRfmSegment())
                            : customers.breakdown(r.query("model"), b.attribute(), b.byRfmSegment()));
                })
                .get("/segments/{}/customers", r -> {
                    int segment = segmentId(r.param(0));
                    int limit = limit(r.query("limit"));
                    String after = after(r.query("after"));
                    return Response.ok(r.flag("local") ? customers.localMembers(r.query("model"), segment, after, limit)
                            : customers.members(r.query("model"), segment, after, limit));
                })
                .get("/segments/transitions", r -> {
                    Long since = since(r.query("since"), customers::now);
                    return Response.ok(r.flag("local") ? customers.localTransitions(since) : customers.transitions(since));
                })
                .get("/model", r -> Response.ok(models.describe(r.query("name"))))
                .get("/models/{}/versions", r -> Response.ok(versions.versions(r.param(0), models.get(r.param(0)))))
                .get("/models/{}/shadow", r -> Response.ok(r.flag("local") ? customers.localShadow(r.param(0)) : customers.shadow(r.param(0))));
        HttpService service = new HttpService(config.getString(SegmenterConfig.HTTP_HOST), config.getInt(SegmenterConfig.HTTP_PORT), router);
        service.resources.add(erasures);
        service.resources.add(remote);
        return service;
    }

    private static Router base(Router router, Supplier<String> prometheus, Supplier<List<String>> notReady) {
        return router
                .get("/metrics", r -> Response.text(200, "text/plain; version=0.0.4; charset=utf-8", prometheus.get()))
                .get("/health/live", r -> Response.ok(Map.of("status", "UP")))
                .get("/health/ready", r -> {
                    List<String> reasons = notReady.get();
                    return reasons.isEmpty()
                            ? Response.ok(Map.of("status", "READY"))
                            : Response.json(503, Map.of("status", "NOT_READY", "reasons", reasons)).withHeader("Retry-After", "2");
                });
    }

    private static final int MAX_CUSTOMER_ID_LENGTH = 256;

    private static String customerId(Request r) {
        String id = r.param(0);
        if (id.length() > MAX_CUSTOMER_ID_LENGTH || id.isBlank()) {
            throw new HttpError(400, "a customer id is 1 to " + MAX_CUSTOMER_ID_LENGTH + " characters");
        }
        return id;
    }

    /** {@code ?attribute=NAME} or {@code ?by=rfmSegment}, exactly one; 400 otherwise. */
    private record Breakdown(String attribute, boolean byRfmSegment) {
        static Breakdown of(Request r) {
            String attribute = r.query("attribute");
            String by = r.query("by");
            boolean hasAttribute = attribute != null && !attribute.isBlank();
            boolean hasBy = by != null && !by.isBlank();
            String rfm = SegmentBreakdown.RFM_SEGMENT;
            if (hasAttribute && hasBy) {
                throw new HttpError(400, "give ?attribute=NAME or ?by=" + rfm + ", not both");
            }
            if (hasBy && !by.equals(rfm)) {
                throw new HttpError(400, "?by takes only " + rfm + " (the primary model's RFM segment); for a customer attribute use ?attribute="
                        + (by.length() <= 64 ? by : "NAME"));
            }
            if (!hasAttribute && !hasBy) {
                throw new HttpError(400, "give ?attribute=NAME (a customer attribute, e.g. Profession) or ?by=" + rfm + " (the primary model's RFM segment)");
            }
            if (hasAttribute && attribute.length() > MAX_CUSTOMER_ID_LENGTH) {
                throw new HttpError(400, "an attribute name is at most " + MAX_CUSTOMER_ID_LENGTH + " characters");
            }
            return new Breakdown(hasAttribute ? attribute : null, hasBy);
        }
    }

    private static int segmentId(String raw) {
        try {
            return Integer.parseInt(raw);
        } catch (NumberFormatException e) {
            throw new HttpError(400, "a segment id is an integer (GET /segments lists them), not '" + raw + "'");
        }
    }

    /** {@code ?limit=}: 1 to {@value SegmentMembers#MAX_LIMIT}, default {@value SegmentMembers#DEFAULT_LIMIT}. */
    static int limit(String raw) {
        if (raw == null || raw.isBlank()) {
            return SegmentMembers.DEFAULT_LIMIT;
        }
        int limit;
        try {
            limit = Integer.parseInt(raw.strip());
        } catch (NumberFormatException e) {
            limit = -1;
        }
        if (limit < 1 || limit > SegmentMembers.MAX_LIMIT) {
            throw new HttpError(400, "limit must be a whole number from 1 to " + SegmentMembers.MAX_LIMIT + ", not '" + raw + "'");
        }
        return limit;
    }

    /** {@code ?after=}: a customer id (the previous page's {@code next}); absent: the first page. */
    private static String after(String raw) {
        if (raw == null || raw.isEmpty()) {
            return null;
        }
        if (raw.length() > MAX_CUSTOMER_ID_LENGTH) {
            throw new HttpError(400, "after is a customer id of at most " + MAX_CUSTOMER_ID_LENGTH + " characters");
        }
        return raw;
    }

    public void start() throws IOException {
        server.start();
    }

    public int port() {
        return server.port();
    }

    @Override
    public void close() {
        server.close();
        for (AutoCloseable r : resources) {
            try {
                r.close();
            } catch (Exception e) {
                // closing is best effort; the process is stopping
            }
        }
    }

    /**
     * {@code ?since=}: an ISO instant, epoch milliseconds, or a duration back from {@code now}, the app's clock
     * ({@code 30d}, {@code 12h}, {@code P7D}); absent: every change kept. 400 for anything else.
     */
    static Long since(String value, java.util.function.LongSupplier now) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.strip();
        java.time.Duration back;
        try {
            if (v.chars().allMatch(Character::isDigit)) {
                return Long.parseLong(v);
            }
            if (v.contains("T") && !v.startsWith("P")) {
                return java.time.Instant.parse(v).toEpochMilli();
            }
            back = v.startsWith("P") ? java.time.Duration.parse(v) : switch (v.charAt(v.length() - 1)) {
                case 'd' -> java.time.Duration.ofDays(Long.parseLong(v.substring(0, v.length() - 1)));
                case 'h' -> java.time.Duration.ofHours(Long.parseLong(v.substring(0, v.length() - 1)));
                default -> throw new NumberFormatException(v);
            };
        } catch (RuntimeException e) {
            throw new io.segmenter.http.HttpError(400, "since must be an ISO instant (2025-06-01T00:00:00Z), epoch milliseconds or a duration back from now (30d, 12h, P7D), not '" + v + "'");
        }
        return now.getAsLong() - back.toMillis(); // outside the try: a 503 from the clock store stays a 503
    }
}
