package io.aiges.server.auth;

import com.google.protobuf.ByteString;
import io.aiges.config.AuthConfig;
import io.aiges.server.AigesServer;
import io.aiges.server.TestServer;
import io.aiges.server.grpc.v1.AigesGrpc;
import io.aiges.server.grpc.v1.DataItem;
import io.aiges.server.grpc.v1.DataStatus;
import io.aiges.server.grpc.v1.DataType;
import io.aiges.server.grpc.v1.OnceRequest;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServerReflectionResponse;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * {@code [auth] mode = "hmac"} over real sockets: a request signed as iFlytek's clients sign is
 * served as its client; a damaged signature, a stale or future date, a signature over another
 * path or method, and a replay outside the window are refused, over HTTP headers, a WebSocket
 * URL's query and gRPC metadata. Keys rotate by editing the file.
 */
class SignedAccessTest {
    private static final String SECRET = "carol-secret-0123456789abcdef";
    private static final String REQUEST = """
            {"header": {"status": 3}, "parameter": {"svcName": {}},
             "payload": {"data": {"encoding": "raw", "status": 3, "other": "aGk="}}}""";

    @TempDir
    static Path dir;
    private static Path keys;
    private static AigesServer server;
    private static final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeAll
    static void start() throws Exception {
        keys = dir.resolve("keys.txt");
        Files.writeString(keys, "carol:" + SECRET + "\n");
        server = AigesServer.start(AccessControlTest.config(new AuthConfig(AuthConfig.Mode.HMAC, keys, true)));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private String host() {
        return "127.0.0.1:" + server.httpPort();
    }

    private HttpResponse<String> post(String path, String host, String date, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://" + host() + path))
                .timeout(Duration.ofSeconds(20)).POST(HttpRequest.BodyPublishers.ofString(REQUEST));
        if (date != null) {
            request.header("Date", date);
        }
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private String signed(String secret, String date, String method, String path) {
        return HmacSignatureTest.authorization("carol", secret, host(), date, method, path);
    }

    @Test
    void aSignedRequestIsServedAsItsClient() throws Exception {
        String now = HmacSignatureTest.rfc1123(Instant.now());
        HttpResponse<String> answer = post("/v1/svcName", host(), now, signed(SECRET, now, "POST", "/v1/svcName"));
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(answer.body()).contains("appid=carol");
    }

    @Test
    void whatIsNotSignedRightIsRefused() throws Exception {
        String now = HmacSignatureTest.rfc1123(Instant.now());
        String good = signed(SECRET, now, "POST", "/v1/svcName");
        char[] damaged = good.toCharArray();
        damaged[good.length() / 2] = damaged[good.length() / 2] == 'A' ? 'B' : 'A';
        String old = HmacSignatureTest.rfc1123(Instant.now().minusSeconds(600));
        String future = HmacSignatureTest.rfc1123(Instant.now().plusSeconds(600));
        assertThat(post("/v1/svcName", host(), now, new String(damaged)).statusCode()).isEqualTo(401);
        assertThat(post("/v1/svcName", host(), now, signed("wrong-secret", now, "POST", "/v1/svcName")).statusCode())
                .isEqualTo(401);
        assertThat(post("/v1/svcName", host(), old, signed(SECRET, old, "POST", "/v1/svcName")).statusCode())
                .isEqualTo(401);
        assertThat(post("/v1/svcName", host(), future, signed(SECRET, future, "POST", "/v1/svcName")).statusCode())
                .isEqualTo(401);
        assertThat(post("/v1/svcName", host(), now, signed(SECRET, now, "POST", "/v1/other")).statusCode())
                .isEqualTo(401);
        assertThat(post("/v1/svcName", host(), now, signed(SECRET, now, "GET", "/v1/svcName")).statusCode())
                .isEqualTo(401);
        assertThat(post("/v1/svcName", host(), null, good).statusCode()).isEqualTo(401);
        HttpResponse<String> bearer = post("/v1/svcName", host(), now, "Bearer " + SECRET);
        assertThat(bearer.statusCode()).isEqualTo(401);
        assertThat(bearer.headers().firstValue("www-authenticate")).hasValue("hmac-sha256 realm=\"aiges\"");
        // A signature seen on the wire, replayed with its date once the window has passed: the
        // replay is of an old date, which the window refuses.
        assertThat(post("/v1/svcName", host(), old, signed(SECRET, old, "POST", "/v1/svcName")).body())
                .contains("10401").contains("300 s");
    }

    @Test
    void aBrowserWebSocketSignsItsUrl() throws Exception {
        String now = HmacSignatureTest.rfc1123(Instant.now());
        String query = "?host=" + enc(host()) + "&date=" + enc(now) + "&authorization="
                + enc(signed(SECRET, now, "GET", "/v1/svcName"));
        CompletableFuture<String> answer = new CompletableFuture<>();
        WebSocket ws = http.newWebSocketBuilder().buildAsync(URI.create("ws://" + host() + "/v1/svcName" + query),
                new WebSocket.Listener() {
                    @Override
                    public java.util.concurrent.CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
                        answer.complete(data.toString());
                        return null;
                    }
                }).get(10, TimeUnit.SECONDS);
        ws.sendText(REQUEST, true).get(10, TimeUnit.SECONDS);
        assertThat(answer.get(10, TimeUnit.SECONDS)).contains("appid=carol");
        ws.abort();

        String wrongPath = "?host=" + enc(host()) + "&date=" + enc(now) + "&authorization="
                + enc(signed(SECRET, now, "GET", "/v1/other"));
        ExecutionException refused = catchThrowableOfType(ExecutionException.class, () -> http.newWebSocketBuilder()
                .buildAsync(URI.create("ws://" + host() + "/v1/svcName" + wrongPath), new WebSocket.Listener() {
                }).get(10, TimeUnit.SECONDS));
        assertThat(((java.net.http.WebSocketHandshakeException) refused.getCause()).getResponse().statusCode())
                .isEqualTo(401);
    }

    @Test
    void grpcCallsSignTheirMethod() {
        ManagedChannel channel = Grpc.newChannelBuilderForAddress("127.0.0.1", server.grpcPort(),
                InsecureChannelCredentials.create()).build();
        try {
            String authority = channel.authority();
            String now = HmacSignatureTest.rfc1123(Instant.now());
            OnceRequest once = OnceRequest.newBuilder().setService(TestServer.SERVICE)
                    .addInputs(DataItem.newBuilder().setKey("data").setData(ByteString.copyFromUtf8("hi"))
                            .setType(DataType.OTHER).setStatus(DataStatus.ONCE)).build();
            Metadata good = new Metadata();
            good.put(Metadata.Key.of("date", Metadata.ASCII_STRING_MARSHALLER), now);
            good.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER),
                    HmacSignatureTest.authorization("carol", SECRET, authority, now, "POST", "/aiges.v1.Aiges/Once"));
            assertThat(stub(channel, good).once(once).getOutputs(0).getData().toStringUtf8()).isEqualTo("appid=carol");

            Metadata otherMethod = new Metadata();
            otherMethod.put(Metadata.Key.of("date", Metadata.ASCII_STRING_MARSHALLER), now);
            otherMethod.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER),
                    HmacSignatureTest.authorization("carol", SECRET, authority, now, "POST", "/aiges.v1.Aiges/Stream"));
            StatusRuntimeException refused = catchThrowableOfType(StatusRuntimeException.class,
                    () -> stub(channel, otherMethod).once(once));
            assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
        } finally {
            channel.shutdownNow();
        }
    }

    @Test
    void reflectionIsOffWhenAuthIsOn() throws Exception {
        ManagedChannel channel = Grpc.newChannelBuilderForAddress("127.0.0.1", server.grpcPort(),
                InsecureChannelCredentials.create()).build();
        try {
            CompletableFuture<Status> ended = new CompletableFuture<>();
            StreamObserver<ServerReflectionRequest> requests = ServerReflectionGrpc.newStub(channel)
                    .serverReflectionInfo(new StreamObserver<>() {
                        @Override
                        public void onNext(ServerReflectionResponse value) {
                            ended.complete(Status.OK);
                        }

                        @Override
                        public void onError(Throwable t) {
                            ended.complete(Status.fromThrowable(t));
                        }

                        @Override
                        public void onCompleted() {
                            ended.complete(Status.OK);
                        }
                    });
            requests.onNext(ServerReflectionRequest.newBuilder().setListServices("").build());
            assertThat(ended.get(10, TimeUnit.SECONDS).getCode()).isEqualTo(Status.Code.UNIMPLEMENTED);
        } finally {
            channel.shutdownNow();
        }
    }

    @Test
    void openMetricsNeedsNoSignature() throws Exception {
        HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(URI.create("http://" + host() + "/metrics"))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).contains("aiges_connections_max");
    }

    @Test
    void aKeyAddedToTheFileWorksWithinSeconds() throws Exception {
        Files.writeString(keys, "carol:" + SECRET + "\ndave:dave-secret-0123456789abcdef\n");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        int status;
        do {
            Thread.sleep(200);
            String now = HmacSignatureTest.rfc1123(Instant.now());
            status = post("/v1/svcName", host(), now, HmacSignatureTest.authorization("dave",
                    "dave-secret-0123456789abcdef", host(), now, "POST", "/v1/svcName")).statusCode();
        } while (status != 200 && System.nanoTime() < deadline);
        assertThat(status).isEqualTo(200);
    }

    private static AigesGrpc.AigesBlockingStub stub(ManagedChannel channel, Metadata metadata) {
        return AigesGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS)
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(metadata));
    }

    private static String enc(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
