package io.segmenter.serde;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.segmenter.serde.AvroSerdeConfig.RegistrySettings;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;

/**
 * The two calls of the Schema Registry REST API the serdes need (register a schema under a subject,
 * fetch a schema by id), with both directions cached: a running application asks the registry once per
 * subject and once per writer schema id.
 */
public final class SchemaRegistryClient {

    static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final RegistrySettings settings;
    private final HttpClient http;
    private final Map<String, Integer> idsBySubjectAndSchema = new ConcurrentHashMap<>();
    private final Map<Integer, Schema> schemasById = new ConcurrentHashMap<>();

    SchemaRegistryClient(RegistrySettings settings) {
        this.settings = settings;
        // HTTP/1.1: registries behind plain http reject or ignore the h2c upgrade the default would try.
        HttpClient.Builder builder = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(settings.timeout());
        settings.trustStore().ifPresent(store -> builder.sslContext(store.sslContext()));
        this.http = builder.build();
    }

    /** A client for the registry configured in {@code configs} (see {@link AvroSerdeConfig}). */
    public static SchemaRegistryClient of(Map<String, ?> configs) {
        return new SchemaRegistryClient(AvroSerdeConfig.registry(configs).orElseThrow(() -> new SerdeException(
                AvroSerdeConfig.SCHEMA_REGISTRY_URL + " is not configured")));
    }

    public String url() {
        return settings.url();
    }

    /** Registers {@code schema} under {@code subject} (a no-op in the registry if already there) and returns its id. */
    public int register(String subject, Schema schema) {
        String key = subject + '\n' + schema.toString();
        Integer cached = idsBySubjectAndSchema.get(key);
        if (cached != null) {
            return cached;
        }
        String body;
        try {
            body = JSON.writeValueAsString(Map.of("schema", schema.toString()));
        } catch (IOException e) {
            throw new SerdeException("cannot encode schema " + schema.getFullName() + " as JSON", e);
        }
        String path = "/subjects/" + encodePath(subject) + "/versions";
        JsonNode answer = call(HttpRequest.newBuilder(uri(path))
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)), "POST", path);
        JsonNode id = answer.get("id");
        if (id == null || !id.canConvertToInt()) {
            throw new SerdeException("schema registry POST " + settings.url() + path + " answered without an id: " + answer);
        }
        int schemaId = id.intValue();
        idsBySubjectAndSchema.put(key, schemaId);
        schemasById.putIfAbsent(schemaId, schema);
        return schemaId;
    }

    /** The schema registered under {@code id}. */
    public Schema schemaById(int id) {
        Schema cached = schemasById.get(id);
        if (cached != null) {
            return cached;
        }
        String path = "/schemas/ids/" + id;
        JsonNode answer = call(HttpRequest.newBuilder(uri(path)).GET(), "GET", path);
        JsonNode type = answer.get("schemaType");
        if (type != null && !type.isNull() && !"AVRO".equalsIgnoreCase(type.asText())) {
            throw new SerdeException("schema id " + id + " in the registry at " + settings.url() + " is a "
                    + type.asText() + " schema, not Avro");
        }
        JsonNode text = answer.get("schema");
        if (text == null || !text.isTextual()) {
            throw new SerdeException("schema registry GET " + settings.url() + path + " answered without a schema: " + answer);
        }
        Schema schema;
        try {
            schema = new Schema.Parser().parse(text.asText());
        } catch (SchemaParseException e) {
            throw new SerdeException("schema id " + id + " from the registry at " + settings.url()
                    + " is not a valid Avro schema: " + e.getMessage(), e);
        }
        Schema raced = schemasById.putIfAbsent(id, schema);
        return raced == null ? schema : raced;
    }

    private JsonNode call(HttpRequest.Builder request, String method, String path) {
        request.timeout(settings.timeout())
                .header("Accept", CONTENT_TYPE + ", application/json")
                .header("Content-Type", CONTENT_TYPE);
        settings.basicAuthUserInfo().ifPresent(userInfo -> request.header("Authorization",
                "Basic " + Base64.getEncoder().encodeToString(userInfo.getBytes(StandardCharsets.UTF_8))));
        String where = method + " " + settings.url() + path;
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (HttpConnectTimeoutException e) {
            throw new SerdeException("schema registry unreachable: " + where + " could not connect within "
                    + settings.timeout().toMillis() + " ms", e);
        } catch (HttpTimeoutException e) {
            throw new SerdeException("schema registry did not answer " + where + " within "
                    + settings.timeout().toMillis() + " ms", e);
        } catch (ConnectException e) {
            throw new SerdeException("schema registry unreachable: " + where + " failed: " + e, e);
        } catch (IOException e) {
            throw new SerdeException("schema registry call " + where + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SerdeException("interrupted while calling schema registry " + where, e);
        }
        int status = response.statusCode();
        JsonNode json = parse(response.body());
        if (status / 100 != 2) {
            throw new SerdeException("schema registry " + where + " answered HTTP " + status + ": " + errorMessage(json, response.body()));
        }
        if (json == null) {
            throw new SerdeException("schema registry " + where + " answered HTTP " + status + " with a body that is not JSON: "
                    + abbreviate(response.body()));
        }
        return json;
    }

    private URI uri(String path) {
        try {
            return URI.create(settings.url() + path);
        } catch (IllegalArgumentException e) {
            throw new SerdeException("invalid schema registry URL " + settings.url() + path, e);
        }
    }

    private static JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }

    /** Confluent's error body is {@code {"error_code": 40403, "message": "Schema not found"}}. */
    private static String errorMessage(JsonNode json, String body) {
        if (json != null && json.hasNonNull("message")) {
            String message = json.get("message").asText();
            return json.hasNonNull("error_code") ? message + " (error_code " + json.get("error_code").asText() + ")" : message;
        }
        return body == null || body.isBlank() ? "(empty body)" : abbreviate(body);
    }

    private static String abbreviate(String text) {
        return text.length() <= 300 ? text : text.substring(0, 300) + "...";
    }

    private static String encodePath(String segment) {
        return java.net.URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
