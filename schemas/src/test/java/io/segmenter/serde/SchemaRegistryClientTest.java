package io.segmenter.serde;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.segmenter.avro.SegmentModel;
import io.segmenter.avro.Transaction;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SchemaRegistryClientTest {

    private FakeSchemaRegistry registry;

    @BeforeEach
    void startRegistry() throws IOException {
        registry = new FakeSchemaRegistry(100);
    }

    @AfterEach
    void stopRegistry() {
        registry.close();
    }

    private SchemaRegistryClient client(Map<String, Object> extra) {
        Map<String, Object> configs = new java.util.HashMap<>(extra);
        configs.put(AvroSerdeConfig.SCHEMA_REGISTRY_URL, registry.url() + "/");
        return SchemaRegistryClient.of(configs);
    }

    @Test
    void shouldRegisterAndFetchSchemasById() {
        SchemaRegistryClient client = client(Map.of());
        int transactionId = client.register("transactions-value", Transaction.getClassSchema());
        int modelId = client.register("segment-models-value", SegmentModel.getClassSchema());
        assertEquals(100, transactionId);
        assertEquals(101, modelId);
        assertEquals(transactionId, client.register("transactions-value", Transaction.getClassSchema()), "cached");

        SchemaRegistryClient fresh = client(Map.of());
        assertEquals(Transaction.getClassSchema(), fresh.schemaById(transactionId));
        assertEquals(SegmentModel.getClassSchema(), fresh.schemaById(modelId));
        fresh.schemaById(modelId);
        assertEquals(List.of("POST /subjects/transactions-value/versions", "POST /subjects/segment-models-value/versions",
                "GET /schemas/ids/100", "GET /schemas/ids/101"), registry.requests());
    }

    @Test
    void shouldSendBasicAuthWhenConfigured() {
        client(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO, "alice:s3cret"))
                .register("t-value", Transaction.getClassSchema());
        assertEquals("Basic " + Base64.getEncoder().encodeToString("alice:s3cret".getBytes(StandardCharsets.UTF_8)),
                registry.lastAuthorization());
    }

    @Test
    void shouldReportRegistryErrorWithUrlStatusAndMessage() {
        registry.failWith(500, 50001, "Error in the backend data store");
        SerdeException e = assertThrows(SerdeException.class,
                () -> client(Map.of()).register("transactions-value", Transaction.getClassSchema()));
        assertTrue(e.getMessage().contains("POST " + registry.url() + "/subjects/transactions-value/versions"), e.getMessage());
        assertTrue(e.getMessage().contains("HTTP 500"), e.getMessage());
        assertTrue(e.getMessage().contains("Error in the backend data store (error_code 50001)"), e.getMessage());
    }

    @Test
    void shouldReportUnknownIdAsNotFound() {
        SerdeException e = assertThrows(SerdeException.class, () -> client(Map.of()).schemaById(9));
        assertTrue(e.getMessage().contains("GET " + registry.url() + "/schemas/ids/9 answered HTTP 404: Schema 9 not found"),
                e.getMessage());
    }

    @Test
    void shouldReportUnreachableRegistryWithItsUrl() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        String url = "http://127.0.0.1:" + closedPort;
        SchemaRegistryClient client = SchemaRegistryClient.of(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, url,
                AvroSerdeConfig.SCHEMA_REGISTRY_TIMEOUT_MS, "2000"));
        SerdeException e = assertThrows(SerdeException.class, () -> client.schemaById(1));
        assertTrue(e.getMessage().contains("unreachable") && e.getMessage().contains(url + "/schemas/ids/1"), e.getMessage());
    }

    @Test
    void shouldTimeOutWhenRegistryDoesNotAnswer() throws IOException, InterruptedException {
        CountDownLatch release = new CountDownLatch(1);
        HttpServer silent = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        silent.createContext("/", exchange -> {
            try (exchange) {
                release.await(10, TimeUnit.SECONDS);
                exchange.sendResponseHeaders(500, -1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        silent.start();
        try {
            SchemaRegistryClient client = SchemaRegistryClient.of(Map.of(
                    AvroSerdeConfig.SCHEMA_REGISTRY_URL, "http://127.0.0.1:" + silent.getAddress().getPort(),
                    AvroSerdeConfig.SCHEMA_REGISTRY_TIMEOUT_MS, 300));
            SerdeException e = assertThrows(SerdeException.class, () -> client.schemaById(1));
            assertTrue(e.getMessage().contains("did not answer") && e.getMessage().contains("300 ms"), e.getMessage());
        } finally {
            release.countDown();
            silent.stop(0);
        }
    }

    @Test
    void shouldRejectInvalidConfiguration() {
        assertThrows(ConfigException.class, () -> SchemaRegistryClient.of(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, "localhost:8081")));
        assertThrows(ConfigException.class, () -> SchemaRegistryClient.of(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, "http://r:8081",
                AvroSerdeConfig.SCHEMA_REGISTRY_TIMEOUT_MS, "soon")));
        assertThrows(ConfigException.class, () -> SchemaRegistryClient.of(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, "http://r:8081",
                AvroSerdeConfig.SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO, "alice")));
        assertThrows(SerdeException.class, () -> SchemaRegistryClient.of(Map.of()));
    }
}
