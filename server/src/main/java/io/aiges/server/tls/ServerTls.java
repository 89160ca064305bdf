package io.aiges.server.tls;

import io.aiges.config.TlsConfig;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import io.vertx.core.Vertx;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.KeyCertOptions;
import io.vertx.core.net.TrustOptions;

import javax.net.ssl.SSLException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * TLS for every listener ({@code [tls]}): the files checked at start-up, HTTPS/WSS (HTTP/2 and
 * HTTP/1.1 through ALPN) on the HTTP port, TLS on the gRPC port, mutual TLS with a client CA, and
 * the files re-read while running. All listeners share one {@link SwappableKeyManager} (and
 * {@link SwappableTrustManager}), so a reload reaches every HTTP server and gRPC in one swap.
 */
public final class ServerTls {
    /** Plain text on every listener. */
    public static final ServerTls OFF = new ServerTls(TlsConfig.OFF, null, null, null);
    /** How often the files are looked at; a change is applied on the second look that sees it. */
    static final Duration POLL = Duration.ofSeconds(2);

    private final TlsConfig config;
    private final TlsFiles loaded;
    private final SwappableKeyManager keys;
    /** Null without mutual TLS. */
    private final SwappableTrustManager clients;

    private ServerTls(TlsConfig config, TlsFiles loaded, SwappableKeyManager keys, SwappableTrustManager clients) {
        this.config = config;
        this.loaded = loaded;
        this.keys = keys;
        this.clients = clients;
    }

    /**
     * Reads and checks the files of {@code config}. Throws {@link IllegalStateException} naming
     * the setting, the file and what is wrong (missing, unreadable, not PEM, expired, a key that
     * is not the certificate's, a key format not read).
     */
    public static ServerTls load(TlsConfig config) {
        if (!config.enabled()) {
            return OFF;
        }
        TlsFiles files = TlsFiles.read(config);
        TlsCredentials credentials = TlsCredentials.check(config, files, Clock.systemUTC().instant());
        return new ServerTls(config, files, new SwappableKeyManager(credentials),
                config.mutual() ? new SwappableTrustManager(credentials.clientCas()) : null);
    }

    public boolean enabled() {
        return config.enabled();
    }

    /**
     * {@code options} with TLS when enabled: HTTP/2 or HTTP/1.1 as the client's ALPN chooses (a
     * WebSocket upgrade takes HTTP/1.1), a client certificate required with {@code clientCa},
     * and a handshake bounded by {@code handshakeTimeout} (a client that connects and never
     * finishes its hello does not hold the connection).
     */
    public HttpServerOptions onHttp(HttpServerOptions options, Duration handshakeTimeout) {
        if (!enabled()) {
            return options;
        }
        options.setSsl(true)
                .setUseAlpn(true)
                .setAlpnVersions(List.of(HttpVersion.HTTP_2, HttpVersion.HTTP_1_1))
                .setKeyCertOptions(KeyCertOptions.wrap(keys))
                .setSslHandshakeTimeout(handshakeTimeout.toMillis())
                .setSslHandshakeTimeoutUnit(TimeUnit.MILLISECONDS);
        if (clients != null) {
            options.setTrustOptions(TrustOptions.wrap(clients)).setClientAuth(ClientAuth.REQUIRED);
        }
        return options;
    }

    /** The gRPC listener's TLS (HTTP/2 through ALPN, as gRPC requires); only when enabled. */
    public SslContext forGrpc() {
        SslContextBuilder builder = GrpcSslContexts.configure(SslContextBuilder.forServer(keys));
        if (clients != null) {
            builder.trustManager(clients)
                    .clientAuth(io.grpc.netty.shaded.io.netty.handler.ssl.ClientAuth.REQUIRE);
        }
        try {
            return builder.build();
        } catch (SSLException e) {
            throw new IllegalStateException("[tls] cannot set up TLS for gRPC: " + e.getMessage(), e);
        }
    }

    /**
     * Re-reads the files every {@link #POLL} while {@code vertx} runs (off the event loops) and
     * applies a changed, valid set to every listener; nothing when TLS is off.
     */
    public void watch(Vertx vertx) {
        if (!enabled()) {
            return;
        }
        TlsReload reload = new TlsReload(config, loaded, Clock.systemUTC(), credentials -> {
            keys.use(credentials);
            if (clients != null) {
                clients.use(credentials.clientCas());
            }
        });
        vertx.setPeriodic(POLL.toMillis(), timer -> vertx.executeBlocking(() -> {
            reload.poll();
            return null;
        }, true));
    }
}
