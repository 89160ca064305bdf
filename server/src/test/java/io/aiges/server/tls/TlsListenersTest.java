package io.aiges.server.tls;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aiges.api.EngineSpec;
import io.aiges.config.AigesConfig;
import io.aiges.config.GrpcConfig;
import io.aiges.config.HttpConfig;
import io.aiges.engine.config.PoolConfig;
import io.aiges.engine.config.ServiceConfig;
import io.aiges.engine.config.SessionConfig;
import io.aiges.config.TlsConfig;
import io.aiges.demo.engines.RunningTextEngine;
import io.aiges.server.AigesServer;
import io.aiges.server.TestServer;
import io.aiges.server.grpc.v1.AigesGrpc;
import io.aiges.server.grpc.v1.OnceRequest;
import io.aiges.server.net.RawClient;
import io.grpc.ChannelCredentials;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.TlsChannelCredentials;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLContext;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * With {@code [tls] cert} and {@code key}, every front-end speaks TLS with a certificate from a
 * CA made here: HTTPS over HTTP/2 and HTTP/1.1, WSS, OIP REST and gRPC; plain text to the same
 * ports is not served, and a client that does not trust the CA does not get through.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TlsListenersTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    static Path dir;
    private static TestCa ca;
    private static AigesServer server;

    @BeforeAll
    static void start() throws Exception {
        ca = TestCa.create("listeners CA");
        ca.write(dir.resolve("ca.pem"));
        ca.server("localhost").write(dir.resolve("tls.crt"), dir.resolve("tls.key"));
        server = AigesServer.start(config(new TlsConfig(dir.resolve("tls.crt"), dir.resolve("tls.key"), null)));
    }

    static AigesConfig config(TlsConfig tls) {
        EngineSpec spec = new EngineSpec(TestServer.SERVICE, "java", null, RunningTextEngine.class.getName(),
                Map.of(), Path.of("."));
        return new AigesConfig(null, new ServiceConfig(TestServer.SERVICE, spec, new PoolConfig(2, 0, Duration.ZERO),
                Duration.ofSeconds(10), SessionConfig.DEFAULTS), new HttpConfig("127.0.0.1", 0, 1 << 20),
                new GrpcConfig(true, "127.0.0.1", 0)).withTls(tls);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static String frame(int status, String text) {
        return """
                {"header": {"appid": "1", "status": %d}, "parameter": {"svcName": {}},
                 "payload": {"text": {"encoding": "utf8", "status": %d, "text": "%s"}}}"""
                .formatted(status, status, Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8)));
    }

    static HttpResponse<String> post(SSLContext context, HttpClient.Version version, int port, String path,
                                     String body) throws Exception {
        try (HttpClient client = HttpClient.newBuilder().sslContext(context).version(version)
                .connectTimeout(Duration.ofSeconds(5)).build()) {
            return client.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.ofString(body))
                    .header("content-type", "application/json").build(), HttpResponse.BodyHandlers.ofString());
        }
    }

    static String resultText(String answer) throws IOException {
        JsonNode json = JSON.readTree(answer);
        assertThat(json.at("/header/code").asInt()).as(answer).isZero();
        return json.at("/payload/result/text").asText();
    }

    @Test
    void httpsOverHttp2ThroughAlpn() throws Exception {
        HttpResponse<String> answer = post(ca.clientContext(), HttpClient.Version.HTTP_2, server.httpPort(),
                "/v1/svcName", frame(3, "over h2"));
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.version()).isEqualTo(HttpClient.Version.HTTP_2);
        assertThat(resultText(answer.body())).isEqualTo("over h2");
    }

    @Test
    void httpsOverHttp11() throws Exception {
        HttpResponse<String> answer = post(ca.clientContext(), HttpClient.Version.HTTP_1_1, server.httpPort(),
                "/v1/svcName", frame(3, "over 1.1"));
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.version()).isEqualTo(HttpClient.Version.HTTP_1_1);
        assertThat(resultText(answer.body())).isEqualTo("over 1.1");
    }

    @Test
    void oipRestOverHttps() throws Exception {
        for (HttpClient.Version version : HttpClient.Version.values()) {
            try (HttpClient client = HttpClient.newBuilder().sslContext(ca.clientContext()).version(version).build()) {
                HttpResponse<String> answer = client.send(HttpRequest.newBuilder(
                                URI.create("https://127.0.0.1:" + server.httpPort() + "/v2/models/svcName"))
                        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(answer.statusCode()).isEqualTo(200);
                assertThat(JSON.readTree(answer.body()).get("name").asText()).isEqualTo("svcName");
            }
        }
    }

    @Test
    void aStreamingSessionOverWss() throws Exception {
        BlockingQueue<String> received = new LinkedBlockingQueue<>();
        try (HttpClient client = HttpClient.newBuilder().sslContext(ca.clientContext()).build()) {
            WebSocket ws = client.newWebSocketBuilder().buildAsync(
                    URI.create("wss://127.0.0.1:" + server.httpPort() + "/v1/svcName"), collector(received))
                    .get(10, TimeUnit.SECONDS);
            ws.sendText(frame(0, "hello "), true).get(10, TimeUnit.SECONDS);
            assertThat(resultText(received.poll(10, TimeUnit.SECONDS))).isEqualTo("hello ");
            ws.sendText(frame(2, "tls"), true).get(10, TimeUnit.SECONDS);
            assertThat(resultText(received.poll(10, TimeUnit.SECONDS))).isEqualTo("hello tls");
            ws.abort();
        }
    }

    static WebSocket.Listener collector(BlockingQueue<String> received) {
        return new WebSocket.Listener() {
            private final StringBuilder text = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                text.append(data);
                if (last) {
                    received.add(text.toString());
                    text.setLength(0);
                }
                ws.request(1);
                return null;
            }
        };
    }

    @Test
    void grpcOverTls() throws Exception {
        ManagedChannel channel = channel(server.grpcPort(), TlsChannelCredentials.newBuilder()
                .trustManager(dir.resolve("ca.pem").toFile()).build());
        try {
            assertThat(AigesGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS)
                    .once(OnceRequest.newBuilder().setService(TestServer.SERVICE).build()).getHeader().getSid())
                    .isNotEmpty();
            assertThat(HealthGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS)
                    .check(HealthCheckRequest.getDefaultInstance()).getStatus())
                    .isEqualTo(HealthCheckResponse.ServingStatus.SERVING);
        } finally {
            channel.shutdownNow();
        }
    }

    static ManagedChannel channel(int port, ChannelCredentials credentials) {
        return Grpc.newChannelBuilderForAddress("127.0.0.1", port, credentials).build();
    }

    @Test
    void plainHttpToTheTlsPortIsNotServed() throws Exception {
        try (RawClient plain = RawClient.connect(server.httpPort())) {
            plain.send("GET /ping HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
            assertThat(plain.readAll(3000)).doesNotContain("pong").doesNotStartWith("HTTP/1.1 2");
        }
    }

    @Test
    void plainGrpcToTheTlsPortIsNotServed() {
        ManagedChannel channel = channel(server.grpcPort(), InsecureChannelCredentials.create());
        try {
            assertThatThrownBy(() -> HealthGrpc.newBlockingStub(channel).withDeadlineAfter(5, TimeUnit.SECONDS)
                    .check(HealthCheckRequest.getDefaultInstance())).isInstanceOf(StatusRuntimeException.class)
                    .extracting(e -> ((StatusRuntimeException) e).getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
        } finally {
            channel.shutdownNow();
        }
    }

    @Test
    void aClientNotTrustingTheCaFailsTheHandshake() throws Exception {
        TestCa stranger = TestCa.create("stranger CA");
        assertThatThrownBy(() -> post(stranger.clientContext(), HttpClient.Version.HTTP_2, server.httpPort(),
                "/v1/svcName", frame(3, "x"))).isInstanceOf(IOException.class);
        stranger.write(dir.resolve("stranger.pem"));
        ManagedChannel channel = channel(server.grpcPort(), TlsChannelCredentials.newBuilder()
                .trustManager(dir.resolve("stranger.pem").toFile()).build());
        try {
            assertThatThrownBy(() -> HealthGrpc.newBlockingStub(channel).withDeadlineAfter(5, TimeUnit.SECONDS)
                    .check(HealthCheckRequest.getDefaultInstance())).isInstanceOf(StatusRuntimeException.class)
                    .extracting(e -> ((StatusRuntimeException) e).getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
        } finally {
            channel.shutdownNow();
        }
    }

    /** The acceptance's own words: {@code curl --cacert ca.pem https://localhost:PORT/...}. */
    @Test
    void curlWithTheCaAnswers() throws Exception {
        assumeThat(new File("/usr/bin/curl")).as("curl installed").exists();
        Process curl = new ProcessBuilder("/usr/bin/curl", "-sS", "--max-time", "10", "--cacert",
                dir.resolve("ca.pem").toString(), "-X", "POST", "--data-binary", frame(3, "7"),
                "https://localhost:" + server.httpPort() + "/v1/svcName").redirectErrorStream(true).start();
        String out = new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(curl.waitFor(15, TimeUnit.SECONDS)).isTrue();
        assertThat(curl.exitValue()).as(out).isZero();
        assertThat(resultText(out)).isEqualTo("7");
    }
}
