package io.aiges.server.http;

import io.aiges.engine.AigesError;
import io.aiges.server.Sids;
import io.aiges.server.auth.Authenticator;
import io.aiges.server.auth.Caller;
import io.aiges.server.auth.Credentials;
import io.aiges.server.auth.PublicEndpoints;
import io.aiges.server.auth.Verdict;
import io.aiges.server.ops.Metrics;
import io.vertx.core.buffer.Buffer;
import io.aiges.server.tls.ClientCertificates;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;

/**
 * Access control for every HTTP request ({@code /v1}, jobs, WebSocket upgrades, OIP REST, ops),
 * asked once per request before it is routed: by the direct path itself, and by the router's
 * first handler for everything else. Credentials come from headers; only a WebSocket upgrade may
 * carry them in its URL's query ({@code api_key}, or {@code host}, {@code date} and
 * {@code authorization}), since a browser cannot set a WebSocket's headers. A refusal is a 401
 * with the AIGES error JSON (10401) and the connection is closed after it, so an unauthenticated
 * client cannot keep a connection or make the server read a body.
 */
public final class HttpAccess {
    private static final String CALLER = HttpAccess.class.getName() + ".caller";
    private static final String FRONT_END = "http";

    private final Authenticator authenticator;
    private final PublicEndpoints open;
    private final Metrics metrics;
    private final OnceResponseEncoder encoder = new OnceResponseEncoder();

    HttpAccess(Authenticator authenticator, Metrics metrics) {
        this.authenticator = authenticator;
        this.open = new PublicEndpoints(authenticator.config().openMetrics());
        this.metrics = metrics;
    }

    /**
     * Who {@code request} comes from, or null once it has been refused (answered, and its
     * connection set to close).
     */
    Caller admit(HttpServerRequest request) {
        if (!authenticator.enabled()) {
            // Only a client certificate can name the caller; the authenticator says how.
            return ((Verdict.Allowed) authenticator.check(new Credentials(null, null, null, null,
                    request.method().name(), request.path(), certificateName(request)))).caller();
        }
        if (open.isPublic(request.method().name(), request.path())) {
            return Caller.ANONYMOUS;
        }
        Verdict verdict = authenticator.check(credentials(request));
        if (verdict instanceof Verdict.Allowed allowed) {
            return allowed.caller();
        }
        refuse(request, ((Verdict.Refused) verdict).reason());
        return null;
    }

    /** The router's first handler after CORS: refused requests end here, admitted ones carry their caller on. */
    void route(RoutingContext ctx) {
        Caller caller = admit(ctx.request());
        if (caller != null) {
            ctx.put(CALLER, caller);
            ctx.next();
        }
    }

    /** Who the routed request comes from ({@link #route} admitted it). */
    public static Caller caller(RoutingContext ctx) {
        Caller caller = ctx.get(CALLER);
        return caller == null ? Caller.ANONYMOUS : caller;
    }

    private static Credentials credentials(HttpServerRequest request) {
        boolean upgrade = request.canUpgradeToWebSocket();
        return new Credentials(
                value(request, HttpHeaders.AUTHORIZATION.toString(), "authorization", upgrade),
                value(request, "x-api-key", "api_key", upgrade),
                value(request, HttpHeaders.HOST.toString(), "host", upgrade),
                value(request, HttpHeaders.DATE.toString(), "date", upgrade),
                request.method().name(), request.path(), certificateName(request));
    }

    /**
     * A header's value, else (for a WebSocket upgrade) the query parameter's. The query's host
     * is the one a browser's signature covers, so it is read first when present.
     */
    private static String value(HttpServerRequest request, String header, String query, boolean queryAllowed) {
        String fromHeader = request.getHeader(header);
        if (queryAllowed) {
            String fromQuery = request.getParam(query);
            if (fromQuery != null && (fromHeader == null || query.equals("host"))) {
                return fromQuery;
            }
        }
        return fromHeader;
    }

    /** The subject of the client's certificate, when mutual TLS asked for one ({@code [tls] clientCa}). */
    private static String certificateName(HttpServerRequest request) {
        HttpConnection connection = request.connection();
        return connection.isSsl() ? ClientCertificates.name(connection.sslSession()) : null;
    }

    private void refuse(HttpServerRequest request, String reason) {
        metrics.authRefused(FRONT_END);
        BoundedBody.closeWhenAnswered(request);
        byte[] body = encoder.error(AigesError.UNAUTHENTICATED.exception(reason), Sids.next());
        request.response().setStatusCode(401)
                .putHeader("WWW-Authenticate", authenticator.challenge())
                .putHeader(HttpHeaders.CONTENT_TYPE, HttpFrontEnd.JSON_TYPE)
                .end(Buffer.buffer(body));
    }
}
