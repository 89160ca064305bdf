package io.aiges.server.tls;

import io.aiges.config.TlsConfig;
import io.aiges.server.AigesServer;
import io.aiges.server.TestServer;
import io.aiges.server.grpc.v1.AigesGrpc;
import io.aiges.server.grpc.v1.OnceRequest;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.TlsChannelCredentials;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
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
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * With {@code [tls] clientCa}, only clients showing a certificate from that CA are served, on
 * HTTP and gRPC alike, and the certificate's subject gives the client's name.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MutualTlsTest {
    @TempDir
    static Path dir;
    private static TestCa ca;
    private static TestCa.Issued alice;
    private static TestCa.Issued mallory;
    private static TlsConfig tls;
    private static AigesServer server;

    @BeforeAll
    static void start() throws Exception {
        ca = TestCa.create("clients CA");
        ca.write(dir.resolve("ca.pem"));
        ca.server("localhost").write(dir.resolve("tls.crt"), dir.resolve("tls.key"));
        alice = ca.client("CN=alice,O=acme").write(dir.resolve("alice.crt"), dir.resolve("alice.key"));
        mallory = TestCa.create("another CA").client("CN=mallory")
                .write(dir.resolve("mallory.crt"), dir.resolve("mallory.key"));
        tls = new TlsConfig(dir.resolve("tls.crt"), dir.resolve("tls.key"), dir.resolve("ca.pem"));
        server = AigesServer.start(TlsListenersTest.config(tls));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static HttpResponse<String> post(SSLContext context) throws Exception {
        return TlsListenersTest.post(context, HttpClient.Version.HTTP_2, server.httpPort(), "/v1/svcName",
                TlsListenersTest.frame(3, "mutual"));
    }

    @Test
    void aClientWithACertificateFromTheCaIsServed() throws Exception {
        HttpResponse<String> answer = post(alice.clientContext(ca));
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(TlsListenersTest.resultText(answer.body())).isEqualTo("mutual");
    }

    @Test
    void aClientWithoutACertificateIsRefused() {
        assertThatThrownBy(() -> post(ca.clientContext())).isInstanceOf(IOException.class);
    }

    @Test
    void aClientWithACertificateFromAnotherCaIsRefused() {
        assertThatThrownBy(() -> post(mallory.clientContext(ca))).isInstanceOf(IOException.class);
    }

    private static String grpcOnce(TlsChannelCredentials.Builder credentials) throws IOException {
        ManagedChannel channel = TlsListenersTest.channel(server.grpcPort(),
                credentials.trustManager(dir.resolve("ca.pem").toFile()).build());
        try {
            return AigesGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS)
                    .once(OnceRequest.newBuilder().setService(TestServer.SERVICE).build()).getHeader().getSid();
        } finally {
            channel.shutdownNow();
        }
    }

    @Test
    void grpcServesTheCasClientsAlone() throws Exception {
        assertThat(grpcOnce(TlsChannelCredentials.newBuilder()
                .keyManager(dir.resolve("alice.crt").toFile(), dir.resolve("alice.key").toFile()))).isNotEmpty();
        assertThatThrownBy(() -> grpcOnce(TlsChannelCredentials.newBuilder()))
                .isInstanceOf(StatusRuntimeException.class)
                    .extracting(e -> ((StatusRuntimeException) e).getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
        assertThatThrownBy(() -> grpcOnce(TlsChannelCredentials.newBuilder()
                .keyManager(dir.resolve("mallory.crt").toFile(), dir.resolve("mallory.key").toFile())))
                .isInstanceOf(StatusRuntimeException.class)
                    .extracting(e -> ((StatusRuntimeException) e).getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
    }

    /** The name as the auth code will read it: from the session of a Vert.x server with these options. */
    @Test
    void theClientsNameIsItsCertificatesCommonName() throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            HttpServer names = vertx.createHttpServer(ServerTls.load(tls)
                            .onHttp(new HttpServerOptions().setHost("127.0.0.1").setPort(0), Duration.ofSeconds(5)))
                    .requestHandler(request -> request.response()
                            .end(String.valueOf(ClientCertificates.name(request.connection().sslSession()))))
                    .listen().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            try (HttpClient client = HttpClient.newBuilder().sslContext(alice.clientContext(ca)).build()) {
                HttpResponse<String> answer = client.send(HttpRequest.newBuilder(
                        URI.create("https://127.0.0.1:" + names.actualPort() + "/")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(answer.body()).isEqualTo("alice");
            }
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }
}
