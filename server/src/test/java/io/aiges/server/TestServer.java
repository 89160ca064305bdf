package io.aiges.server;

import io.aiges.api.EngineSpec;
import io.aiges.config.AigesConfig;
import io.aiges.config.GrpcConfig;
import io.aiges.config.HttpConfig;
import io.aiges.engine.config.PoolConfig;
import io.aiges.engine.config.ServiceConfig;
import io.aiges.engine.config.SessionConfig;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/** A real aiges server on a free loopback port, serving a Java test engine, and a real HTTP client. */
public final class TestServer implements AutoCloseable {
    public static final String SERVICE = "svcName";

    private final AigesServer server;
    /** HTTP/1.1: the JDK client's default h2c upgrade was seen to hang a request on a busy machine (see notes). */
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    public TestServer(AigesServer server) {
        this.server = server;
    }

    public static TestServer javaEngine(Class<?> engine, PoolConfig pool, Duration requestTimeout, long maxBody) {
        EngineSpec spec = new EngineSpec(SERVICE, "java", null, engine.getName(), Map.of(), Path.of("."));
        return start(spec, pool, requestTimeout, maxBody);
    }

    public static TestServer start(EngineSpec spec, PoolConfig pool, Duration requestTimeout, long maxBody) {
        return start(spec, pool, requestTimeout, maxBody, SessionConfig.DEFAULTS);
    }

    public static TestServer start(EngineSpec spec, PoolConfig pool, Duration requestTimeout, long maxBody,
                                   SessionConfig sessions) {
        AigesConfig config = new AigesConfig(null, new ServiceConfig(SERVICE, spec, pool, requestTimeout, sessions),
                new HttpConfig("127.0.0.1", 0, maxBody));
        return new TestServer(AigesServer.start(config));
    }

    /** Like {@link #start(EngineSpec, PoolConfig, Duration, long, SessionConfig)}, with gRPC on a free loopback port too. */
    public static TestServer withGrpc(EngineSpec spec, PoolConfig pool, Duration requestTimeout, long maxBody,
                                      SessionConfig sessions) {
        AigesConfig config = new AigesConfig(null, new ServiceConfig(SERVICE, spec, pool, requestTimeout, sessions),
                new HttpConfig("127.0.0.1", 0, maxBody), new GrpcConfig(true, "127.0.0.1", 0));
        return new TestServer(AigesServer.start(config));
    }

    public int port() {
        return server.httpPort();
    }

    public int grpcPort() {
        return server.grpcPort();
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.httpPort() + path);
    }

    public HttpResponse<String> post(String path, byte[] body) throws Exception {
        return client.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .header("content-type", "application/json").build(), HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<String> post(String path, String body) throws Exception {
        return post(path, body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    public HttpResponse<String> get(String path) throws Exception {
        return client.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    public HttpClient client() {
        return client;
    }

    public AigesServer server() {
        return server;
    }

    @Override
    public void close() {
        server.close();
        client.close();
    }
}
