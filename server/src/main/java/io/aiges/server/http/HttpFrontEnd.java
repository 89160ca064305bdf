package io.aiges.server.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.aiges.api.ClientText;
import io.aiges.engine.AigesError;
import io.aiges.engine.AigesException;
import io.aiges.config.AuthConfig;
import io.aiges.config.ConnectionLimits;
import io.aiges.config.HttpConfig;
import io.aiges.engine.jobs.JobQueue;
import io.aiges.engine.jobs.JobsConfig;
import io.aiges.engine.service.OnceRequest;
import io.aiges.engine.service.OnceResult;
import io.aiges.engine.service.Service;
import io.aiges.engine.service.ServiceNames;
import io.aiges.engine.service.ServiceRegistry;
import io.aiges.server.FrontEndRules;
import io.aiges.server.Sids;
import io.aiges.server.auth.Authenticator;
import io.aiges.server.auth.Caller;
import io.aiges.server.net.ConnectionGuard;
import io.aiges.server.ops.AccessLog;
import io.aiges.server.ops.Metrics;
import io.aiges.server.ops.Readiness;
import io.aiges.server.ops.SessionRecord;
import io.netty.channel.Channel;
import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.CorsHandler;

import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * The AIGES HTTP API on Vert.x: {@code POST /v1/{service}} with the original's JSON, plus
 * {@code /ping}, {@code /openapi.json}, Swagger UI and the streaming demo page. Only protocol translation lives here:
 * decode, call the engine core, encode. Engine calls never run on the event loop (unless the engine
 * says it never blocks).
 *
 * <p>It is the server's request handler: a plain {@code POST /v1/{service}} (no CORS
 * {@code Origin}, a plain service name) is served directly, every other request goes through the
 * Vert.x Web {@link #router()}. The direct path answers exactly as the routed one does; it skips
 * the router's per-request work (route matching, a routing context, path parameters, the CORS
 * handler), which cost about a tenth of the CPU of a small request.
 */
public final class HttpFrontEnd implements Handler<HttpServerRequest> {
    /** Bodies above this are decoded off the event loop: base64 of megabytes takes milliseconds. */
    private static final int DECODE_INLINE_MAX = 256 * 1024;
    private static final String JSON = "application/json; charset=utf-8";
    /** The same, made once: Vert.x writes a {@link CharSequence} header value made this way without re-encoding it. */
    static final CharSequence JSON_TYPE = HttpHeaders.createOptimized(JSON);
    /** The {@code frontend} label of this front-end's metrics. */
    private static final String FRONT_END = "http";

    private static final String V1 = "/v1/";

    private final ServiceRegistry registry;
    private final Metrics metrics;
    private final Readiness readiness;
    private final long maxBodyBytes;
    private final OnceRequestDecoder decoder;
    private final OnceResponseEncoder encoder;
    private final OpenApiDocument openApi;
    private final JobRoutes jobRoutes;
    private final Router router;
    /** How long a {@code /ping} WebSocket message's fragments may take ({@code [aiges] bodyTimeout}). */
    private final Duration pingMessageTimeout;
    /** What every body and WebSocket message held at once may take together ({@code [aiges] bodyBudget}). */
    private final BodyBudget bodies;
    /** Which browser pages may call: CORS answers and WebSocket upgrades ({@code [http] corsOrigins}). */
    private final BrowserOrigins origins;
    /** Who may call at all ({@code [auth]}). */
    private final HttpAccess access;

    private HttpFrontEnd(Vertx vertx, ServiceRegistry registry, HttpConfig config, String version, Metrics metrics,
                         Readiness readiness, JobQueue jobs, JobsConfig jobsConfig, Duration pingMessageTimeout,
                         BodyBudget bodies, Authenticator authenticator) {
        ObjectMapper mapper = Json.mapper(config.maxBodyBytes());
        this.registry = registry;
        this.metrics = metrics;
        this.readiness = readiness;
        this.maxBodyBytes = config.maxBodyBytes();
        this.pingMessageTimeout = pingMessageTimeout;
        this.bodies = bodies;
        this.origins = new BrowserOrigins(config.corsOrigins());
        this.access = new HttpAccess(authenticator, metrics);
        this.decoder = new OnceRequestDecoder(mapper);
        this.encoder = new OnceResponseEncoder();
        this.openApi = new OpenApiDocument(mapper, authenticator.config().mode() == AuthConfig.Mode.APIKEY);
        this.jobRoutes = new JobRoutes(vertx, registry, jobs, jobsConfig, config.maxBodyBytes(), bodies);
        this.router = routes(vertx, config, version);
    }

    /**
     * The front-end serving every HTTP route of the registry's services, and the ops endpoints.
     *
     * @param limits what one connection may hold; the socket-level ones are the server's, this
     *               front-end bounds WebSocket messages by them
     * @param authenticator who may call ({@code [auth]}); every request is asked before it is routed
     */
    public static HttpFrontEnd open(Vertx vertx, ServiceRegistry registry, HttpConfig config, String version,
                                    Metrics metrics, Readiness readiness, JobQueue jobs, JobsConfig jobsConfig,
                                    ConnectionLimits limits, Authenticator authenticator) {
        return new HttpFrontEnd(vertx, registry, config, version, metrics, readiness, jobs, jobsConfig,
                limits.readTimeout(), new BodyBudget(limits.bodyBudget()), authenticator);
    }

    /** The budget of bodies held at once, shared with the routes other front-ends mount on {@link #router()}. */
    public BodyBudget bodyBudget() {
        return bodies;
    }

    /** The router behind the direct path; other front-ends mount their routes on it (OIP v2). */
    public Router router() {
        return router;
    }

    @Override
    public void handle(HttpServerRequest request) {
        String service = request.method() == HttpMethod.POST && !needsCors(request) ? directService(request) : null;
        if (service == null) {
            router.handle(request);
            return;
        }
        Caller caller = access.admit(request);
        if (caller == null) {
            return;
        }
        if (readiness.isDraining()) {
            BoundedBody.closeAfterAnswer(request);
        }
        BoundedBody.collect(request, maxBodyBytes, bodies, body -> {
            byte[] bytes = body.getBytes();
            try {
                jobRoutes.asyncMarker(request, service, bytes, caller, () -> once(request, service, bytes, caller));
            } catch (RuntimeException bug) {
                // What the router does with a handler that throws: a 500 answer, never a silent hang.
                send(request.response(), AigesException.unwrap(bug), Sids.next(), 500);
            }
        }, () -> {
            BoundedBody.closeWhenAnswered(request);
            send(request.response(), tooLarge(), Sids.next(), 413);
        }, () -> {
            BoundedBody.closeWhenAnswered(request);
            reply(request.response(), BoundedBody.busy(bodies), Sids.next());
        }, failure -> send(request.response(), AigesException.unwrap(failure), Sids.next(), 500));
    }

    /** Whether the request needs the router's CORS handler: CORS is on and it comes from a browser page. */
    private boolean needsCors(HttpServerRequest request) {
        return origins.corsOn() && request.headers().contains(HttpHeaders.ORIGIN);
    }

    /**
     * The service a {@code POST} names when only the direct path applies to it, else null: the
     * path is {@code /v1/} and a plain service name (nothing to decode or normalise).
     */
    static String directService(HttpServerRequest request) {
        String path = request.path();
        if (path == null || !path.startsWith(V1)) {
            return null;
        }
        String name = path.substring(V1.length());
        return isPlainName(name) ? name : null;
    }

    /** A service name ({@link ServiceNames}): the direct path needs nothing decoded or normalised. */
    static boolean isPlainName(String name) {
        return ServiceNames.isValid(name);
    }

    private AigesException tooLarge() {
        return AigesError.INVALID_DATA.exception("request body is larger than the limit of " + maxBodyBytes
                + " bytes ([aiges] maxBodySize)");
    }

    private Router routes(Vertx vertx, HttpConfig config, String version) {
        Router router = Router.router(vertx);
        // While draining, every answer closes its connection: a client's next request then opens a
        // new one, which a stopped listener refuses cleanly, instead of racing the close of a
        // kept-alive connection and losing the request in flight on it.
        router.route().handler(ctx -> {
            if (readiness.isDraining() && !ctx.request().canUpgradeToWebSocket()) {
                BoundedBody.closeAfterAnswer(ctx.request());
            }
            ctx.next();
        });
        if (origins.corsOn()) {
            // "*" is Vert.x's default: any origin, answered with "*".
            CorsHandler cors = origins.allowAny() ? CorsHandler.create() : CorsHandler.create().addOrigins(config.corsOrigins());
            router.route().handler(cors
                    .allowedMethods(Set.of(HttpMethod.GET, HttpMethod.POST, HttpMethod.OPTIONS))
                    .allowedHeaders(Set.of("Content-Type", "Authorization", "X-Api-Key", "Date")));
        }
        // After CORS, whose preflights carry no credentials (browsers never send them there).
        router.route().handler(access::route);
        router.post("/v1/:service")
                .handler(new BoundedBody(config.maxBodyBytes(), bodies))
                .handler(ctx -> {
                    String service = ctx.pathParam("service");
                    byte[] bytes = BoundedBody.bytes(ctx);
                    Caller caller = HttpAccess.caller(ctx);
                    jobRoutes.asyncMarker(ctx.request(), service, bytes, caller,
                            () -> once(ctx.request(), service, bytes, caller));
                });
        jobRoutes.mount(router, config.maxBodyBytes());
        router.get("/v1/:service").handler(this::stream);
        router.get("/ping").handler(this::ping);
        router.get("/metrics").handler(ctx -> ctx.response()
                .putHeader("content-type", "text/plain; version=0.0.4; charset=utf-8").end(metrics.scrape()));
        router.get("/health/live").handler(ctx -> ctx.response().putHeader("content-type", JSON)
                .end("{\"status\":\"UP\"}"));
        router.get("/health/ready").handler(ctx -> {
            boolean ready = readiness.isReady();
            ctx.response().setStatusCode(ready ? 200 : 503).putHeader("content-type", JSON)
                    .end(ready ? "{\"status\":\"READY\"}" : "{\"status\":\"NOT_READY\"}");
        });
        // Built per request: models loaded at run time appear, and the document is asked for rarely.
        router.get("/openapi.json").handler(ctx -> ctx.response().putHeader("content-type", JSON)
                .end(Buffer.buffer(openApi.build(registry.all(), version))));
        SwaggerUi.mount(router);
        StreamDemoPage.mount(router);
        router.errorHandler(404, ctx -> fail(ctx, AigesError.SERVICE_NOT_FOUND.exception(
                "no route " + ctx.request().method() + " " + ClientText.cut(ctx.request().path())
                        + "; inference is POST /v1/{service}"), 404));
        router.errorHandler(405, ctx -> fail(ctx, AigesError.INVALID_OP.exception(
                ctx.request().method() + " is not allowed on " + ClientText.cut(ctx.request().path())
                        + "; use POST (or GET with a WebSocket upgrade to stream)"), 405));
        router.errorHandler(413, ctx -> fail(ctx, tooLarge(), 413));
        router.errorHandler(429, ctx -> reply(ctx.response(), AigesException.unwrap(ctx.failure() == null
                ? BoundedBody.busy(bodies) : ctx.failure()), Sids.next()));
        router.errorHandler(500, ctx -> fail(ctx, AigesException.unwrap(ctx.failure() == null
                ? new IllegalStateException("unknown failure") : ctx.failure()), 500));
        return router;
    }

    private void once(HttpServerRequest request, String serviceName, byte[] bytes, Caller caller) {
        String sid = Sids.next();
        Service service = serviceOrReply(serviceName, request.response(), sid);
        if (service == null) {
            return;
        }
        long arrived = System.nanoTime();
        metrics.requestSize(service.name(), FRONT_END, bytes.length);
        Context context = Vertx.currentContext();
        CompletableFuture<OnceRequest> decoded = bytes.length <= DECODE_INLINE_MAX
                ? decodeNow(bytes, service.name(), sid)
                : context.owner().executeBlocking(() -> decoder.decode(bytes, service.name(), sid), false)
                        .toCompletionStage().toCompletableFuture();
        String address = RemoteAddress.of(request.remoteAddress());
        CompletableFuture<OnceResult> answered = decoded.thenCompose(once -> service.once(
                FrontEndRules.asCaller(once, caller), FrontEndRules.client(once.headers(), address, caller)));
        answered.whenComplete((result, error) -> {
            Duration total = Duration.ofNanos(System.nanoTime() - arrived);
            AigesException failure = error == null ? null : AigesException.unwrap(error);
            metrics.request(service.name(), FRONT_END, failure == null ? 0 : failure.code(), total, result, caller);
            Runnable answer = () -> {
                long sent = failure != null ? reply(request.response(), failure, sid) : reply(request.response(), result);
                AccessLog.request(sid, service.name(), FRONT_END, failure == null ? 0 : failure.code(), bytes.length,
                        sent, total, caller);
            };
            // An engine that runs inline has answered on this event loop already: reply at once.
            if (Vertx.currentContext() == context) {
                answer.run();
            } else {
                context.runOnContext(v -> answer.run());
            }
        });
    }

    /** {@code GET /v1/{service}} with a WebSocket upgrade: a streaming session. */
    private void stream(RoutingContext ctx) {
        String sid = UUID.randomUUID().toString();
        Service service = serviceOrReply(ctx.pathParam("service"), ctx.response(), sid);
        if (service == null) {
            return;
        }
        if (!ctx.request().canUpgradeToWebSocket()) {
            send(ctx.response(), AigesError.INVALID_OP.exception("GET " + ClientText.cut(ctx.request().path())
                    + " is for WebSocket streaming (send an Upgrade); one-shot requests are POST"), sid, 400);
            return;
        }
        if (!origins.mayOpenWebSocket(ctx.request())) {
            refuseOrigin(ctx.request(), sid);
            return;
        }
        Context context = ctx.vertx().getOrCreateContext();
        ctx.request().toWebSocket().onSuccess(ws ->
                new WebSocketConnection(service, ws, context, decoder, encoder, sid, HttpAccess.caller(ctx),
                        new SessionRecord(metrics, "websocket", sid, HttpAccess.caller(ctx)), maxBodyBytes, bodies, ConnectionGuard.channelOf(ctx.request().connection()),
                        reason -> metrics.connectionClosed("websocket", reason)).start());
    }

    /**
     * 403 to a WebSocket upgrade from another site's page: a browser sends any site's cookies
     * and reaches any address the user can, and WebSockets are not bound by CORS.
     */
    private void refuseOrigin(HttpServerRequest request, String sid) {
        send(request.response(), AigesError.INVALID_OP.exception("WebSocket from origin '"
                + ClientText.cut(request.getHeader(HttpHeaders.ORIGIN)) + "' refused: only this server's own pages"
                + " and the origins in [http] corsOrigins may open one"), sid, 403);
    }

    /** The service the path names, or null once the client has been told 10404. */
    private Service serviceOrReply(String name, HttpServerResponse response, String sid) {
        try {
            return registry.get(name);
        } catch (AigesException e) {
            metrics.request(Metrics.UNKNOWN_SERVICE, FRONT_END, e.code(), Duration.ZERO, null);
            reply(response, e, sid);
            return null;
        }
    }

    private CompletableFuture<OnceRequest> decodeNow(byte[] bytes, String service, String sid) {
        try {
            return CompletableFuture.completedFuture(decoder.decode(bytes, service, sid));
        } catch (AigesException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** Answers with the result; returns the bytes sent (0 when the client is gone). */
    private long reply(HttpServerResponse response, OnceResult result) {
        if (response.closed()) {
            return 0;
        }
        byte[] body = encoder.success(result);
        response.putHeader(HttpHeaders.CONTENT_TYPE, JSON_TYPE).end(Buffer.buffer(body));
        return body.length;
    }

    /** Answers with the error; returns the bytes sent (0 when the client is gone). */
    private long reply(HttpServerResponse response, AigesException error, String sid) {
        int status = HttpStatusOf.of(error.error());
        if (status == 429 || status == 503) {
            response.putHeader("retry-after", "1");
        }
        return send(response, error, sid, status);
    }

    private void fail(RoutingContext ctx, AigesException error, int status) {
        send(ctx.response(), error, Sids.next(), status);
    }

    private long send(HttpServerResponse response, AigesException error, String sid, int status) {
        if (response.closed() || response.ended()) {
            return 0;
        }
        byte[] body = encoder.error(error, sid);
        response.setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, JSON_TYPE).end(Buffer.buffer(body));
        return body.length;
    }

    /** The original's WebSocket echo ("ping" gets "pong"); a plain GET gets "pong" too, for probes. */
    private void ping(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        if (request.canUpgradeToWebSocket() && !origins.mayOpenWebSocket(request)) {
            refuseOrigin(request, Sids.next());
        } else if (request.canUpgradeToWebSocket()) {
            Channel socket = ConnectionGuard.channelOf(request.connection());
            request.toWebSocket().onSuccess(ws -> WebSocketMessages.attach(ws, socket, ctx.vertx(), maxBodyBytes, bodies,
                    pingMessageTimeout, msg -> ws.writeTextMessage("ping".equals(msg) ? "pong" : msg),
                    binary -> ws.writeBinaryMessage(binary),
                    reason -> metrics.connectionClosed("websocket", reason)));
        } else {
            ctx.response().putHeader("content-type", "text/plain").end("pong");
        }
    }
}
