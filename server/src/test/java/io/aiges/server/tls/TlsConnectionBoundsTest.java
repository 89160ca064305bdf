package io.aiges.server.tls;

import io.aiges.config.AigesConfig;
import io.aiges.config.ConnectionLimits;
import io.aiges.config.TlsConfig;
import io.aiges.server.AigesServer;
import io.aiges.server.net.RawClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The socket-level bounds of {@code ConnectionGuard} hold over TLS as over plain text (the guard
 * sits after the TLS handler: it times decrypted requests and its own answers are encrypted), and
 * HTTP/2 connections, which it leaves alone, are not cut by it.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TlsConnectionBoundsTest {
    private static final Duration READ_TIMEOUT = Duration.ofMillis(1500);
    private static final long MAX_QUEUED = 256 * 1024;
    private static final long MAX_BODY = 1 << 20;
    @TempDir
    static Path dir;
    private static SSLContext trusting;
    private static AigesServer server;
    private static int port;

    @BeforeAll
    static void start() throws Exception {
        TestCa ca = TestCa.create("bounds CA");
        trusting = ca.clientContext();
        ca.server("localhost").write(dir.resolve("tls.crt"), dir.resolve("tls.key"));
        AigesConfig config = TlsListenersTest.config(new TlsConfig(dir.resolve("tls.crt"), dir.resolve("tls.key"), null))
                .withConnections(new ConnectionLimits(24, READ_TIMEOUT, MAX_QUEUED, 3 * MAX_BODY));
        server = AigesServer.start(config);
        port = server.httpPort();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static void stillServing() throws IOException {
        try (RawClient ping = RawClient.connectTls(port, trusting, -1)) {
            ping.send("GET /ping HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            assertThat(ping.readAll(3000)).startsWith("HTTP/1.1 200").endsWith("pong");
        }
    }

    @Test
    void aTrickledHeadGetsAnEncrypted408() throws Exception {
        try (RawClient slow = RawClient.connectTls(port, trusting, -1)) {
            long start = System.nanoTime();
            String answer = "";
            for (byte b : "POST /v1/svcName HTTP/1.1\r\nHost: x\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII)) {
                try {
                    slow.send(new byte[]{b});
                } catch (IOException closed) {
                    break;
                }
                if (slow.answered()) {
                    break;
                }
                Thread.sleep(100);
            }
            answer = slow.readAll(3000);
            assertThat(answer).startsWith("HTTP/1.1 408").contains("bodyTimeout");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(READ_TIMEOUT.multipliedBy(3));
        }
        stillServing();
    }

    @Test
    void aDeclaredOversizeBodyGets413AndTheConnectionEnds() throws Exception {
        try (RawClient client = RawClient.connectTls(port, trusting, -1)) {
            client.send("POST /v1/svcName HTTP/1.1\r\nHost: x\r\nContent-Length: 1073741824\r\n\r\n");
            assertThat(client.readHead()).startsWith("HTTP/1.1 413");
            assertThat(client.closedWithin(5000)).isTrue();
        }
        stillServing();
    }

    @Test
    void aWssPingFloodThatNeverReadsItsPongsIsClosed() throws Exception {
        try (RawClient client = RawClient.connectTls(port, trusting, 4096)) {
            client.upgrade("/ping");
            byte[] ping = RawClient.frame(9, true, new byte[125]);
            RawClient.Flood flood = client.flood(RawClient.repeat(ping, 64), 256L * 1024 * 1024);
            assertThat(flood.endedWithin(Duration.ofSeconds(20))).as("closed the flooding connection").isTrue();
            assertThat(flood.sent()).isLessThan(64L * 1024 * 1024);
        }
        stillServing();
    }

    @Test
    void pipelinedRequestsWhoseAnswersAreNeverReadStopBeingRead() throws Exception {
        try (RawClient client = RawClient.connectTls(port, trusting, 4096)) {
            byte[] request = "GET /openapi.json HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
            RawClient.Flood flood = client.flood(RawClient.repeat(request, 32), 64L * 1024 * 1024);
            flood.endedWithin(Duration.ofSeconds(5));
            assertThat(flood.sent()).as("request bytes the server took in").isLessThan(16L * 1024 * 1024);
        }
        stillServing();
    }

    /**
     * The guard leaves HTTP/2 alone; a client that floods PINGs and never reads their ACKs is
     * stopped by the HTTP/2 codec's cap on queued control frames instead.
     */
    @Test
    void anHttp2PingFloodThatNeverReadsIsClosed() throws Exception {
        try (RawClient client = RawClient.connectTls(port, trusting, 4096, "h2")) {
            client.send("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n");
            client.send(new byte[]{0, 0, 0, 4, 0, 0, 0, 0, 0});
            byte[] ping = {0, 0, 8, 6, 0, 0, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8};
            RawClient.Flood flood = client.flood(RawClient.repeat(ping, 256), 256L * 1024 * 1024);
            // Closed once 10000 ACKs wait unsent; what the server holds is bounded by that count,
            // not by the pings it took in (those were answered and dropped).
            assertThat(flood.endedWithin(Duration.ofSeconds(20))).as("closed the flooding connection").isTrue();
            assertThat(flood.sent()).isLessThan(256L * 1024 * 1024);
        }
        stillServing();
    }

    /** The guard's 408 is HTTP/1; an HTTP/2 connection quiet past bodyTimeout keeps serving. */
    @Test
    void anHttp2ConnectionOutlivesTheBodyTimeoutAndAnOversizeBodyEndsOnlyItsStream() throws Exception {
        try (HttpClient client = HttpClient.newBuilder().sslContext(trusting).version(HttpClient.Version.HTTP_2)
                .build()) {
            URI ping = URI.create("https://127.0.0.1:" + port + "/ping");
            HttpResponse<String> first = client.send(HttpRequest.newBuilder(ping).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(first.version()).isEqualTo(HttpClient.Version.HTTP_2);
            Thread.sleep(READ_TIMEOUT.toMillis() * 2);
            HttpResponse<String> oversize = client.send(HttpRequest.newBuilder(
                            URI.create("https://127.0.0.1:" + port + "/v1/svcName"))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[(int) MAX_BODY + 1])).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(oversize.statusCode()).isEqualTo(413);
            HttpResponse<String> after = client.send(HttpRequest.newBuilder(ping).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(after.body()).isEqualTo("pong");
            assertThat(after.version()).isEqualTo(HttpClient.Version.HTTP_2);
        }
    }
}
