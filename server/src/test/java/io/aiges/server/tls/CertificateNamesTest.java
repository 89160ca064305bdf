package io.aiges.server.tls;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.aiges.api.EngineSpec;
import io.aiges.config.AigesConfig;
import io.aiges.config.AuthConfig;
import io.aiges.config.GrpcConfig;
import io.aiges.config.HttpConfig;
import io.aiges.engine.config.PoolConfig;
import io.aiges.engine.config.ServiceConfig;
import io.aiges.config.TlsConfig;
import io.aiges.server.AigesServer;
import io.aiges.server.TestServer;
import io.aiges.server.auth.CallerEchoEngine;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Who a mutual-TLS client is: its certificate's common name when no key is asked for, and the
 * key's name when {@code [auth]} is on (a key names a client, a certificate only lets it connect).
 */
class CertificateNamesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String REQUEST = """
            {"header": {"appid": "mallory", "status": 3}, "parameter": {"svcName": {}},
             "payload": {"data": {"encoding": "raw", "status": 3, "other": "aGk="}}}""";

    @TempDir
    static Path dir;
    private static TestCa ca;
    private static TestCa.Issued alice;
    private static TlsConfig tls;

    @BeforeAll
    static void certificates() throws Exception {
        ca = TestCa.create("clients CA");
        ca.write(dir.resolve("ca.pem"));
        ca.server("localhost").write(dir.resolve("tls.crt"), dir.resolve("tls.key"));
        alice = ca.client("CN=alice,O=acme").write(dir.resolve("alice.crt"), dir.resolve("alice.key"));
        tls = new TlsConfig(dir.resolve("tls.crt"), dir.resolve("tls.key"), dir.resolve("ca.pem"));
    }

    private static AigesServer server(AuthConfig auth) {
        EngineSpec spec = new EngineSpec(TestServer.SERVICE, "java", null, CallerEchoEngine.class.getName(), Map.of(),
                Path.of("."));
        return AigesServer.start(new AigesConfig(null, new ServiceConfig(TestServer.SERVICE, spec,
                new PoolConfig(1, 4, Duration.ofSeconds(5)), Duration.ofSeconds(10)),
                new HttpConfig("127.0.0.1", 0, 1 << 20, 1), GrpcConfig.OFF).withTls(tls).withAuth(auth));
    }

    private static String caller(AigesServer server, String key) throws Exception {
        try (HttpClient client = HttpClient.newBuilder().sslContext(alice.clientContext(ca)).build()) {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + server.httpPort()
                    + "/v1/svcName")).timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.ofString(REQUEST));
            if (key != null) {
                request.header("X-Api-Key", key);
            }
            HttpResponse<String> answer = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return answer.statusCode() + " " + JSON.readTree(answer.body()).at("/payload/caller/text").asText();
        }
    }

    @Test
    void withoutAuthTheCertificateNamesTheClient() throws Exception {
        try (AigesServer server = server(AuthConfig.NONE)) {
            assertThat(caller(server, null)).isEqualTo("200 appid=alice");
        }
    }

    @Test
    void withAuthTheKeyNamesTheClient() throws Exception {
        Path keys = dir.resolve("keys.txt");
        Files.writeString(keys, "billing:billing-key-0123456789\n");
        try (AigesServer server = server(new AuthConfig(AuthConfig.Mode.APIKEY, keys, false))) {
            assertThat(caller(server, "billing-key-0123456789")).isEqualTo("200 appid=billing");
            assertThat(caller(server, null)).startsWith("401");
        }
    }
}
