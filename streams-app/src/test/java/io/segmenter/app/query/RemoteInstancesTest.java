package io.segmenter.app.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.Test;

/** A forwarded query never waits longer than its timeout: a silent or absent owner is a 503. */
class RemoteInstancesTest {

    @Test
    void shouldAnswer503WhenTheOwnerAcceptsButNeverAnswers() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
             RemoteInstances remote = new RemoteInstances(Duration.ofMillis(300))) {
            long start = System.nanoTime();
            QueryException e = assertThrows(QueryException.class,
                    () -> remote.get(new HostInfo("127.0.0.1", silent.getLocalPort()), "/customers/c1?local=true"));
            long tookMs = (System.nanoTime() - start) / 1_000_000;
            assertEquals(503, e.status());
            assertTrue(e.getMessage().contains("did not answer within 300 ms"), e.getMessage());
            assertTrue(tookMs < 5_000, "bounded by the timeout, took " + tookMs + " ms");
        }
    }

    @Test
    void shouldAnswer503WhenTheOwnerIsGone() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        try (RemoteInstances remote = new RemoteInstances(Duration.ofMillis(300))) {
            QueryException e = assertThrows(QueryException.class, () -> remote.get(new HostInfo("127.0.0.1", port), "/segments?local=true"));
            assertEquals(503, e.status());
        }
    }
}
