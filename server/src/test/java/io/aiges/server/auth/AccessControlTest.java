package io.aiges.server.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import io.aiges.api.EngineSpec;
import io.aiges.config.AigesConfig;
import io.aiges.config.AuthConfig;
import io.aiges.config.GrpcConfig;
import io.aiges.config.HttpConfig;
import io.aiges.engine.config.PoolConfig;
import io.aiges.engine.config.ServiceConfig;
import io.aiges.server.AigesServer;
import io.aiges.server.TestServer;
import io.aiges.server.grpc.v1.AigesGrpc;
import io.aiges.server.grpc.v1.DataItem;
import io.aiges.server.grpc.v1.DataStatus;
import io.aiges.server.grpc.v1.DataType;
import io.aiges.server.grpc.v1.OnceRequest;
import io.aiges.server.grpc.v1.OnceResponse;
import io.aiges.server.net.RawClient;
import io.aiges.server.oip.grpc.v2.GRPCInferenceServiceGrpc;
import io.aiges.server.oip.grpc.v2.InferTensorContents;
import io.aiges.server.oip.grpc.v2.ModelInferRequest;
import io.aiges.server.oip.grpc.v2.ModelInferResponse;
import io.aiges.server.oip.grpc.v2.ServerLiveRequest;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.stub.MetadataUtils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * {@code [auth] mode = "apikey"} over real sockets on every front-end: HTTP {@code /v1} (the
 * direct path and the router's), jobs, WebSocket, OIP REST, aiges gRPC and OIP gRPC each refuse a
 * missing, wrong or misplaced key and serve the right one as its client; no spelling of a path
 * gets past the check; probes stay open; the client's name reaches the engine, the metrics and
 * the limits.
 */
class AccessControlTest {
    static final String ALICE_KEY = "alice-key-0123456789abcdef";
    static final String BOB_KEY = "bob-key-fedcba9876543210";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String REQUEST = """
            {"header": {"appid": "mallory", "status": 3},
             "parameter": {"svcName": {}},
             "payload": {"data": {"encoding": "raw", "status": 3, "other": "aGk="}}}""";

    @TempDir
    static Path dir;
    private static AigesServer server;
    private static HttpClient http;

    @BeforeAll
    static void start() throws Exception {
        Path keys = dir.resolve("keys.txt");
        Files.writeString(keys, "# test clients\nalice:" + ALICE_KEY + "\nbob:" + BOB_KEY + "\n");
        server = AigesServer.start(config(new AuthConfig(AuthConfig.Mode.APIKEY, keys, false)));
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static AigesConfig config(AuthConfig auth) {
        EngineSpec spec = new EngineSpec(TestServer.SERVICE, "java", null, CallerEchoEngine.class.getName(), Map.of(),
                Path.of("."));
        return new AigesConfig(null, new ServiceConfig(TestServer.SERVICE, spec, new PoolConfig(2, 10,
                Duration.ofSeconds(5)), Duration.ofSeconds(10)), new HttpConfig("127.0.0.1", 0, 1 << 20, 1),
                new GrpcConfig(true, "127.0.0.1", 0)).withAuth(auth);
    }

    private static HttpResponse<String> send(String method, String path, String body, String... headers)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.httpPort() + path))
                .timeout(Duration.ofSeconds(20))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void assertRefused(HttpResponse<String> response) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(401);
        assertThat(response.headers().firstValue("www-authenticate")).hasValue("Bearer realm=\"aiges\"");
        JsonNode error = JSON.readTree(response.body());
        assertThat(error.at("/header/code").asInt()).isEqualTo(10401);
        assertThat(error.at("/header/message").asText()).doesNotContain(ALICE_KEY);
    }

    @Test
    void oneShotRequestsNeedTheKeyInAHeader() throws Exception {
        assertRefused(send("POST", "/v1/svcName", REQUEST));
        assertRefused(send("POST", "/v1/svcName", REQUEST, "Authorization", "Bearer wrong-key"));
        assertRefused(send("POST", "/v1/svcName", REQUEST, "X-Api-Key", ALICE_KEY + "x"));
        // In the wrong place: no scheme, another scheme, the query of a POST.
        assertRefused(send("POST", "/v1/svcName", REQUEST, "Authorization", ALICE_KEY));
        assertRefused(send("POST", "/v1/svcName", REQUEST, "Authorization", "Basic " + ALICE_KEY));
        assertRefused(send("POST", "/v1/svcName?api_key=" + ALICE_KEY, REQUEST));

        HttpResponse<String> bearer = send("POST", "/v1/svcName", REQUEST, "Authorization", "Bearer " + ALICE_KEY);
        assertThat(bearer.statusCode()).as(bearer.body()).isEqualTo(200);
        // The engine sees the proven name as appid, not the one the client wrote.
        assertThat(JSON.readTree(bearer.body()).at("/payload/caller/text").asText()).isEqualTo("appid=alice");
        HttpResponse<String> apiKey = send("POST", "/v1/svcName", REQUEST, "x-api-key", BOB_KEY);
        assertThat(apiKey.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(apiKey.body()).at("/payload/caller/text").asText()).isEqualTo("appid=bob");
        // The router's path (an Origin) asks too.
        assertRefused(send("POST", "/v1/svcName", REQUEST, "Origin", "http://127.0.0.1"));
        assertThat(send("POST", "/v1/svcName", REQUEST, "Origin", "http://127.0.0.1", "X-Api-Key", ALICE_KEY)
                .statusCode()).isEqualTo(200);
    }

    @Test
    void anUnknownKeyAndAWrongOneGetTheSameAnswer() throws Exception {
        String unknown = send("POST", "/v1/svcName", REQUEST, "X-Api-Key", "carol-key-0123456789abcd").body();
        String nearMiss = send("POST", "/v1/svcName", REQUEST, "X-Api-Key", ALICE_KEY.substring(0, 25) + "x").body();
        assertThat(JSON.readTree(unknown).at("/header/message"))
                .isEqualTo(JSON.readTree(nearMiss).at("/header/message"));
    }

    @Test
    void noSpellingOfAPathGetsPastTheCheck() throws Exception {
        byte[] body = REQUEST.getBytes(StandardCharsets.UTF_8);
        for (String target : List.of("/v1/svcName", "/v1/svcName/", "/v1/./svcName", "/v1//svcName", "/v1/svc%4eame",
                "/v1%2FsvcName", "/V1/svcName", "/health/../v1/svcName", "/ping/../v1/svcName", "/swagger/../v1/svcName",
                "/health/live/../../v1/svcName", "http://127.0.0.1/v1/svcName", "/v1/svcName?x=/health/live",
                "/v1/svcName#/ping", "/v2/models/svcName/infer", "/v2/models/svcName/../svcName/infer",
                "/v1/svcName/jobs", "/metrics", "/v2/repository/index", "/v2/repository/models/svcName/unload")) {
            for (String version : List.of("HTTP/1.1", "HTTP/1.0")) {
                try (RawClient client = RawClient.connect(server.httpPort())) {
                    client.send("POST " + target + " " + version + "\r\nHost: 127.0.0.1\r\nContent-Length: "
                            + body.length + "\r\n\r\n");
                    client.send(body);
                    String answer = client.readAll(3000);
                    assertThat(answer).as("%s %s", target, version).matches("(?s)HTTP/1\\.[01] (401|400) .*");
                    assertThat(answer).as(target).doesNotContain("appid=");
                }
            }
        }
        for (String target : List.of("/metrics", "/v1/jobs/x", "/v2", "/v2/models/svcName", "/v2/models/svcName/ready",
                "/health/%6cive", "/openapi.json/../metrics")) {
            assertRefused(send("GET", target, null));
        }
    }

    @Test
    void probesAndPagesStayOpen() throws Exception {
        for (String path : List.of("/ping", "/health/live", "/health/ready", "/v2/health/live", "/v2/health/ready",
                "/openapi.json", "/swagger/index.html")) {
            assertThat(send("GET", path, null).statusCode()).as(path).isEqualTo(200);
        }
        // Swagger UI's "Authorize" knows where the key goes.
        assertThat(JSON.readTree(send("GET", "/openapi.json", null).body()).at("/components/securitySchemes/apiKey/name")
                .asText()).isEqualTo("X-Api-Key");
        assertThat(send("GET", "/metrics", null, "Authorization", "Bearer " + BOB_KEY).body())
                .contains("aiges_auth_refused_total{frontend=\"http\"}");
    }

    @Test
    void jobsNeedTheKey() throws Exception {
        assertRefused(send("POST", "/v1/svcName/jobs", REQUEST));
        HttpResponse<String> accepted = send("POST", "/v1/svcName/jobs", REQUEST, "X-Api-Key", ALICE_KEY);
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        String location = accepted.headers().firstValue("location").orElseThrow();
        assertRefused(send("GET", location, null));
        assertThat(send("GET", location, null, "X-Api-Key", ALICE_KEY).statusCode()).isEqualTo(200);
        String async = REQUEST.replace("\"status\": 3}", "\"status\": 3, \"downMethod\": \"async\"}");
        assertRefused(send("POST", "/v1/svcName", async));
        assertThat(send("POST", "/v1/svcName", async, "X-Api-Key", ALICE_KEY).statusCode()).isEqualTo(202);
    }

    @Test
    void webSocketsTakeTheKeyInAHeaderOrTheirUrl() throws Exception {
        String base = "ws://127.0.0.1:" + server.httpPort() + "/v1/svcName";
        assertThat(openWebSocket(base, null, null)).isEqualTo(401);
        assertThat(openWebSocket(base + "?api_key=wrong", null, null)).isEqualTo(401);
        assertThat(openWebSocket(base, "Authorization", "Bearer wrong")).isEqualTo(401);
        assertThat(openWebSocket(base, "Authorization", "Bearer " + ALICE_KEY)).isEqualTo(101);
        assertThat(openWebSocket(base, "X-Api-Key", BOB_KEY)).isEqualTo(101);
        assertThat(openWebSocket(base + "?api_key=" + URLEncoder.encode(ALICE_KEY, StandardCharsets.UTF_8), null, null))
                .isEqualTo(101);
        // The streamed answer is the client's: the engine saw its name.
        String answer = streamOnce(base + "?api_key=" + ALICE_KEY);
        assertThat(answer).contains("appid=alice");
        // The /ping echo stays open, as a probe.
        assertThat(openWebSocket("ws://127.0.0.1:" + server.httpPort() + "/ping", null, null)).isEqualTo(101);
    }

    /** The status of the upgrade's answer: 101 when the WebSocket opened. */
    private static int openWebSocket(String url, String header, String value) throws Exception {
        WebSocket.Builder builder = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
        if (header != null) {
            builder.header(header, value);
        }
        try {
            WebSocket ws = builder.buildAsync(URI.create(url), new WebSocket.Listener() {
            }).get(10, TimeUnit.SECONDS);
            ws.abort();
            return 101;
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof java.net.http.WebSocketHandshakeException handshake) {
                return handshake.getResponse().statusCode();
            }
            throw e;
        }
    }

    private static String streamOnce(String url) throws Exception {
        CompletableFuture<String> first = new CompletableFuture<>();
        StringBuilder text = new StringBuilder();
        WebSocket ws = http.newWebSocketBuilder().buildAsync(URI.create(url), new WebSocket.Listener() {
            @Override
            public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
                text.append(data);
                if (last) {
                    first.complete(text.toString());
                }
                socket.request(1);
                return null;
            }
        }).get(10, TimeUnit.SECONDS);
        ws.sendText(REQUEST, true).get(10, TimeUnit.SECONDS);
        try {
            return first.get(10, TimeUnit.SECONDS);
        } finally {
            ws.abort();
        }
    }

    @Test
    void oipRestNeedsTheKey() throws Exception {
        String infer = """
                {"inputs": [{"name": "data", "datatype": "BYTES", "shape": [1], "data": ["hi"]}],
                 "outputs": [{"name": "caller"}]}""";
        assertRefused(send("POST", "/v2/models/svcName/infer", infer));
        assertRefused(send("POST", "/v2/models/svcName/infer", infer, "Authorization", "Bearer " + ALICE_KEY + "0"));
        HttpResponse<String> answer = send("POST", "/v2/models/svcName/infer", infer, "Authorization", "Bearer " + ALICE_KEY);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(answer.body()).contains("appid=alice");
        assertThat(send("GET", "/v2/models/svcName", null, "X-Api-Key", BOB_KEY).statusCode()).isEqualTo(200);
    }

    @Test
    void grpcCallsNeedTheKeyInMetadata() {
        ManagedChannel channel = Grpc.newChannelBuilderForAddress("127.0.0.1", server.grpcPort(),
                InsecureChannelCredentials.create()).build();
        try {
            OnceRequest once = OnceRequest.newBuilder().setService(TestServer.SERVICE).putHeaders("appid", "mallory")
                    .addInputs(DataItem.newBuilder().setKey("data").setData(ByteString.copyFromUtf8("hi"))
                            .setType(DataType.OTHER).setStatus(DataStatus.ONCE)).build();
            for (Metadata wrong : List.of(new Metadata(), metadata("authorization", "Bearer nope"),
                    metadata("authorization", ALICE_KEY), metadata("x-api-key", "nope"))) {
                StatusRuntimeException refused = catchThrowableOfType(StatusRuntimeException.class,
                        () -> aiges(channel, wrong).once(once));
                assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
                assertThat(refused.getTrailers().get(Metadata.Key.of("aiges-code", Metadata.ASCII_STRING_MARSHALLER)))
                        .isEqualTo("10401");
            }
            OnceResponse answer = aiges(channel, metadata("authorization", "Bearer " + ALICE_KEY)).once(once);
            assertThat(answer.getHeader().getCode()).isZero();
            assertThat(answer.getOutputs(0).getData().toStringUtf8()).isEqualTo("appid=alice");
            assertThat(aiges(channel, metadata("x-api-key", BOB_KEY)).once(once).getHeader().getCode()).isZero();

            ModelInferRequest infer = ModelInferRequest.newBuilder().setModelName(TestServer.SERVICE)
                    .addInputs(ModelInferRequest.InferInputTensor.newBuilder().setName("data").setDatatype("BYTES")
                            .addShape(1).setContents(InferTensorContents.newBuilder()
                                    .addBytesContents(ByteString.copyFromUtf8("hi")))).build();
            StatusRuntimeException refused = catchThrowableOfType(StatusRuntimeException.class,
                    () -> oip(channel, new Metadata()).modelInfer(infer));
            assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
            ModelInferResponse inferred = oip(channel, metadata("x-api-key", ALICE_KEY)).modelInfer(infer);
            assertThat(inferred.getOutputsCount()).isPositive();
            // Health and liveness stay open; reflection is off with auth on.
            assertThat(oip(channel, new Metadata()).serverLive(ServerLiveRequest.getDefaultInstance()).getLive()).isTrue();
            assertThat(HealthGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS)
                    .check(HealthCheckRequest.getDefaultInstance()).getStatus().name()).isEqualTo("SERVING");
        } finally {
            channel.shutdownNow();
        }
    }

    @Test
    void namedClientsAreCountedByName() throws Exception {
        send("POST", "/v1/svcName", REQUEST, "X-Api-Key", BOB_KEY);
        String metrics = send("GET", "/metrics", null, "X-Api-Key", BOB_KEY).body();
        assertThat(metrics).contains("aiges_client_requests_total{client=\"bob\",code=\"0\",service=\"svcName\"}");
        assertThat(metrics).doesNotContain("mallory");
    }

    @Test
    void aKeysFileThatCannotBeUsedStopsTheStartWithItsLine() throws Exception {
        Path bad = dir.resolve("bad-keys.txt");
        Files.writeString(bad, "alice:" + ALICE_KEY + "\nbob " + BOB_KEY + "\n");
        IllegalStateException refused = catchThrowableOfType(IllegalStateException.class,
                () -> AigesServer.start(config(new AuthConfig(AuthConfig.Mode.APIKEY, bad, false))));
        assertThat(refused).hasMessageEndingWith("bad-keys.txt:2: expected NAME:SECRET");
        assertThat(refused.getMessage()).doesNotContain(BOB_KEY);
    }

    private static Metadata metadata(String key, String value) {
        Metadata metadata = new Metadata();
        metadata.put(Metadata.Key.of(key, Metadata.ASCII_STRING_MARSHALLER), value);
        return metadata;
    }

    private static AigesGrpc.AigesBlockingStub aiges(ManagedChannel channel, Metadata metadata) {
        return AigesGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS)
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(metadata));
    }

    private static GRPCInferenceServiceGrpc.GRPCInferenceServiceBlockingStub oip(ManagedChannel channel, Metadata metadata) {
        return GRPCInferenceServiceGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS)
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(metadata));
    }
}
