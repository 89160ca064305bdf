package io.aiges.server.net;

import io.aiges.api.EngineSpec;
import io.aiges.config.AigesConfig;
import io.aiges.config.ConnectionLimits;
import io.aiges.config.GrpcConfig;
import io.aiges.config.HttpConfig;
import io.aiges.engine.config.PoolConfig;
import io.aiges.engine.config.ServiceConfig;
import io.aiges.engine.config.SessionConfig;
import io.aiges.server.AigesServer;
import io.aiges.server.TestServer;
import io.aiges.server.engines.EchoEngine;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthGrpc;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What one careless or hostile client can do to a connection's worth of the server, tried over
 * real sockets: trickle a head or a body, declare or stream more than the body limit, open more
 * connections than the cap, flood pings without reading the pongs, pipeline requests without
 * reading the answers, send a message's fragments without end or too slowly. After each, the
 * server still answers {@code /ping} and a real request at once.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ConnectionBoundsTest {
    private static final int MAX_CONNECTIONS = 24;
    private static final Duration READ_TIMEOUT = Duration.ofMillis(1500);
    private static final long MAX_QUEUED = 256 * 1024;
    private static final long MAX_BODY = 1 << 20;
    /** Room for three bodies of the largest size at once. */
    private static final long BODY_BUDGET = 3 * MAX_BODY;
    private static final String REQUEST = """
            {"header": {"status": 3}, "parameter": {"svcName": {}},
             "payload": {"data": {"encoding": "raw", "status": 3, "other": "aGk="}}}""";

    private static AigesServer server;
    private static int port;

    @BeforeAll
    static void start() {
        EngineSpec spec = new EngineSpec(TestServer.SERVICE, "java", null, EchoEngine.class.getName(), Map.of(),
                Path.of("."));
        SessionConfig sessions = new SessionConfig(READ_TIMEOUT, Duration.ofSeconds(30), true);
        AigesConfig config = new AigesConfig(null,
                new ServiceConfig(TestServer.SERVICE, spec, new PoolConfig(2, 8, Duration.ofSeconds(5)),
                        Duration.ofSeconds(10), sessions),
                new HttpConfig("127.0.0.1", 0, MAX_BODY), new GrpcConfig(true, "127.0.0.1", 0))
                .withConnections(new ConnectionLimits(MAX_CONNECTIONS, READ_TIMEOUT, MAX_QUEUED, BODY_BUDGET));
        server = AigesServer.start(config);
        port = server.httpPort();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** The server answers other clients at once: {@code /ping} and a real request, each within a second. */
    private static void stillServing() throws IOException {
        try (RawClient ping = RawClient.connect(port)) {
            long start = System.nanoTime();
            ping.send("GET /ping HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            assertThat(ping.readAll(2000)).startsWith("HTTP/1.1 200").endsWith("pong");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
        }
        try (RawClient client = RawClient.connect(port)) {
            byte[] body = REQUEST.getBytes(StandardCharsets.UTF_8);
            client.send("POST /v1/svcName HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: " + body.length
                    + "\r\n\r\n");
            client.send(body);
            assertThat(client.readAll(2000)).startsWith("HTTP/1.1 200").contains("\"code\":0");
        }
    }

    @Test
    void aTrickledHeadGets408AndTheConnectionCloses() throws Exception {
        try (RawClient slow = RawClient.connect(port)) {
            long start = System.nanoTime();
            byte[] head = "POST /v1/svcName HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII);
            String answer = trickle(slow, head, 100);
            assertThat(answer).startsWith("HTTP/1.1 408").contains("\"code\":10114").contains("bodyTimeout");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(READ_TIMEOUT.multipliedBy(3));
        }
        stillServing();
    }

    @Test
    void aTrickledBodyGets408AndTheConnectionCloses() throws Exception {
        try (RawClient slow = RawClient.connect(port)) {
            slow.send("POST /v1/svcName HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n{\"header\":");
            String answer = trickle(slow, " ".repeat(900).getBytes(StandardCharsets.US_ASCII), 100);
            assertThat(answer).startsWith("HTTP/1.1 408");
        }
        stillServing();
    }

    /** Sends {@code bytes} one every {@code everyMillis} until the server answers and closes; returns the answer. */
    private static String trickle(RawClient client, byte[] bytes, int everyMillis) throws Exception {
        for (byte b : bytes) {
            try {
                client.send(new byte[]{b});
            } catch (IOException closed) {
                break;
            }
            Thread.sleep(everyMillis);
            if (Thread.interrupted()) {
                break;
            }
            if (client.answered()) {
                break;
            }
        }
        return client.readAll(3000);
    }

    @Test
    void requestsBetweenWhichTheClientPausesAreNotTimedOut() throws Exception {
        // Kept alive and quiet between requests for longer than bodyTimeout: only the idle timeout applies.
        try (RawClient client = RawClient.connect(port)) {
            client.send("GET /ping HTTP/1.1\r\nHost: x\r\n\r\n");
            Thread.sleep(READ_TIMEOUT.toMillis() * 2);
            client.send("GET /ping HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            String answers = client.readAll(3000);
            assertThat(answers.split("HTTP/1.1 200", -1)).hasSize(3);
        }
    }

    @Test
    void aDeclaredOversizeBodyGets413AndNothingMoreIsRead() throws Exception {
        try (RawClient client = RawClient.connect(port, 8192)) {
            client.send("POST /v1/svcName HTTP/1.1\r\nHost: x\r\nContent-Length: 1073741824\r\n\r\n");
            long sent = 0;
            byte[] chunk = new byte[64 * 1024];
            try {
                while (sent < 256L * 1024 * 1024) {
                    client.send(chunk);
                    sent += chunk.length;
                }
            } catch (IOException closed) {
                // the server closed the connection: what we want
            }
            assertThat(sent).as("bytes the client could send after its 413").isLessThan(32L * 1024 * 1024);
        }
        stillServing();
    }

    @Test
    void aChunkedOversizeBodyGets413AndTheConnectionCloses() throws Exception {
        try (RawClient client = RawClient.connect(port)) {
            client.send("POST /v2/models/svcName/infer HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n");
            String chunk = Integer.toHexString(64 * 1024) + "\r\n" + "x".repeat(64 * 1024) + "\r\n";
            long sent = 0;
            try {
                while (sent < 256L * 1024 * 1024) {
                    client.send(chunk);
                    sent += chunk.length();
                }
            } catch (IOException closed) {
                // closed by the server
            }
            assertThat(sent).isLessThan(32L * 1024 * 1024);
        }
        stillServing();
    }

    @Test
    void bodiesHeldAtOnceAreBoundedInTotalAndTheBudgetComesBack() throws Exception {
        List<RawClient> slow = new ArrayList<>();
        try {
            // Three clients each declare a body of the largest size and send only its start.
            for (int i = 0; i < 3; i++) {
                RawClient client = RawClient.connect(port);
                client.send("POST /v1/svcName HTTP/1.1\r\nHost: x\r\nContent-Length: " + MAX_BODY + "\r\n\r\n{");
                slow.add(client);
            }
            Thread.sleep(200);
            try (RawClient fourth = RawClient.connect(port)) {
                fourth.send("POST /v2/models/svcName/infer HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n");
                String answer = fourth.readAll(2000);
                assertThat(answer).startsWith("HTTP/1.1 429").containsIgnoringCase("retry-after").contains("bodyBudget");
            }
            try (RawClient fifth = RawClient.connect(port)) {
                fifth.send("POST /v1/svcName HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n");
                assertThat(fifth.readAll(2000)).startsWith("HTTP/1.1 429").contains("\"code\":10110");
            }
        } finally {
            for (RawClient client : slow) {
                client.close();
            }
        }
        // Closed by their clients: the bytes they held are given back.
        Thread.sleep(300);
        stillServing();
    }

    @Test
    void answeredBodiesGiveTheirBudgetBackOnAKeptAliveConnection() throws Exception {
        // Eight times the budget, one connection, the direct path and the router's: every body's
        // bytes come back when its answer is written, not when the connection closes.
        String padded = REQUEST.replace("\"status\": 3}", "\"status\": 3, \"pad\": \"" + "p".repeat(200_000) + "\"}");
        byte[] body = padded.getBytes(StandardCharsets.UTF_8);
        try (RawClient client = RawClient.connect(port)) {
            for (int i = 0; i < 8 * BODY_BUDGET / body.length; i++) {
                String path = i % 2 == 0 ? "/v1/svcName" : "/v1/svc%4Eame";
                client.send("POST " + path + " HTTP/1.1\r\nHost: x\r\nContent-Length: " + body.length + "\r\n\r\n");
                client.send(body);
                String head = client.readHead();
                assertThat(head).as("request %d to %s", i, path).startsWith("HTTP/1.1 200");
                client.skipBody(head);
            }
        }
    }

    @Test
    void connectionsPastTheCapAreClosedAtAcceptWhileOpenOnesAreServed() throws Exception {
        List<RawClient> held = new ArrayList<>();
        ManagedChannel grpc = null;
        try {
            // One of the cap stays free for the client that checks the server still serves.
            while (server.openConnections() < MAX_CONNECTIONS - 1) {
                held.add(RawClient.connect(port));
                awaitOpen(held.size());
            }
            RawClient kept = held.getFirst();
            kept.send("GET /ping HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(kept.readAll(300)).startsWith("HTTP/1.1 200");

            held.add(RawClient.connect(port));
            awaitOpen(MAX_CONNECTIONS);
            try (RawClient past = RawClient.connect(port)) {
                assertThat(past.closedWithin(2000)).as("a connection past the cap is closed").isTrue();
            }
            // gRPC shares the cap.
            grpc = ManagedChannelBuilder.forAddress("127.0.0.1", server.grpcPort()).usePlaintext().build();
            ManagedChannel refused = grpc;
            assertThatThrownBy(() -> HealthGrpc.newBlockingStub(refused).withDeadlineAfter(3, TimeUnit.SECONDS)
                    .check(HealthCheckRequest.getDefaultInstance())).isInstanceOf(io.grpc.StatusRuntimeException.class);
            // A client already connected is still served.
            kept.send("GET /ping HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(kept.readAll(300)).startsWith("HTTP/1.1 200");
            assertThat(server.openConnections()).isEqualTo(MAX_CONNECTIONS);
        } finally {
            for (RawClient client : held) {
                client.close();
            }
            if (grpc != null) {
                grpc.shutdownNow();
            }
        }
        awaitOpen(0);
        stillServing();
        ManagedChannel grpc2 = ManagedChannelBuilder.forAddress("127.0.0.1", server.grpcPort()).usePlaintext().build();
        try {
            assertThat(HealthGrpc.newBlockingStub(grpc2).withDeadlineAfter(5, TimeUnit.SECONDS)
                    .check(HealthCheckRequest.getDefaultInstance()).getStatus().name()).isEqualTo("SERVING");
        } finally {
            grpc2.shutdownNow();
        }
    }

    private static void awaitOpen(int count) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (server.openConnections() != count && System.nanoTime() < end) {
            Thread.sleep(5);
        }
        assertThat(server.openConnections()).isEqualTo(count);
    }

    @Test
    void aPingFloodThatNeverReadsItsPongsIsClosed() throws Exception {
        for (String path : List.of("/v1/svcName", "/ping")) {
            try (RawClient client = RawClient.connect(port, 4096)) {
                client.upgrade(path);
                byte[] ping = RawClient.frame(9, true, new byte[125]);
                RawClient.Flood flood = client.flood(RawClient.repeat(ping, 64), 256L * 1024 * 1024);
                assertThat(flood.endedWithin(Duration.ofSeconds(20))).as("%s closed the flooding connection", path)
                        .isTrue();
                assertThat(flood.sent()).as("ping bytes sent before %s closed the connection", path)
                        .isLessThan(64L * 1024 * 1024);
            }
            stillServing();
        }
    }

    @Test
    void pipelinedRequestsWhoseAnswersAreNeverReadStopBeingRead() throws Exception {
        // Vert.x reads the next pipelined request once the answer before it is handed to the
        // socket; a client that does not read is left with its own full send buffer.
        try (RawClient client = RawClient.connect(port, 4096)) {
            byte[] request = "GET /openapi.json HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
            RawClient.Flood flood = client.flood(RawClient.repeat(request, 32), 64L * 1024 * 1024);
            flood.endedWithin(Duration.ofSeconds(5));
            assertThat(flood.sent()).as("request bytes the server took in").isLessThan(16L * 1024 * 1024);
            stillServing();
        }
    }

    @Test
    void fragmentsWithoutEndCloseTheSocketWith1009() throws Exception {
        try (RawClient client = RawClient.connect(port)) {
            client.upgrade("/v1/svcName");
            client.sendFrame(1, false, "{\"header\":".getBytes(StandardCharsets.UTF_8));
            byte[] fragment = new byte[32 * 1024];
            java.util.Arrays.fill(fragment, (byte) ' ');
            long sent = 0;
            try {
                while (sent < 4 * MAX_BODY) {
                    client.sendFrame(0, false, fragment);
                    sent += fragment.length;
                }
            } catch (IOException closed) {
                // closed by the server
            }
            RawClient.Frame close = client.readFrame();
            assertThat(close).isNotNull();
            assertThat(close.opcode()).isEqualTo(8);
            assertThat(close.closeCode()).isEqualTo(1009);
        }
        stillServing();
    }

    @Test
    void aFloodOfFragmentsIsCutOffAtTheMessageBound() throws Exception {
        try (RawClient client = RawClient.connect(port)) {
            client.upgrade("/v1/svcName");
            client.sendFrame(1, false, "{".getBytes(StandardCharsets.UTF_8));
            RawClient.Flood flood = client.flood(RawClient.frame(0, false, new byte[60_000]), 256L << 20);
            assertThat(flood.endedWithin(Duration.ofSeconds(20))).isTrue();
            assertThat(flood.sent()).as("fragment bytes taken before the close").isLessThan(16L << 20);
        }
        stillServing();
    }

    @Test
    void aMessageWhoseFragmentsStopComingIsClosedWith1008() throws Exception {
        try (RawClient client = RawClient.connect(port)) {
            client.upgrade("/v1/svcName");
            long start = System.nanoTime();
            client.sendFrame(1, false, "{\"header\":".getBytes(StandardCharsets.UTF_8));
            RawClient.Frame close = client.readFrame();
            assertThat(close).isNotNull();
            assertThat(close.opcode()).isEqualTo(8);
            assertThat(close.closeCode()).isEqualTo(1008);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(READ_TIMEOUT.multipliedBy(3));
        }
        stillServing();
    }

    @Test
    void aFragmentedMessageWithinTheBoundsIsServed() throws Exception {
        try (RawClient client = RawClient.connect(port)) {
            client.upgrade("/ping");
            client.sendFrame(1, false, "pi".getBytes(StandardCharsets.UTF_8));
            client.sendFrame(0, false, "n".getBytes(StandardCharsets.UTF_8));
            client.sendFrame(9, true, new byte[4]);
            client.sendFrame(0, true, "g".getBytes(StandardCharsets.UTF_8));
            RawClient.Frame answer = client.readFrame();
            while (answer != null && answer.opcode() == 0xA) {
                answer = client.readFrame();
            }
            assertThat(answer).isNotNull();
            assertThat(answer.opcode()).isEqualTo(1);
            assertThat(answer.text()).isEqualTo("pong");
        }
    }
}
