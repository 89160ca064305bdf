package io.aiges.server.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.aiges.engine.AigesError;
import io.aiges.engine.AigesException;
import io.aiges.engine.config.HttpConfig;
import io.aiges.engine.jobs.JobQueue;
import io.aiges.engine.jobs.JobsConfig;
import io.aiges.engine.service.OnceRequest;
import io.aiges.engine.service.OnceResult;
import io.aiges.engine.service.Service;
import io.aiges.engine.service.ServiceRegistry;
import io.aiges.server.Sids;
import io.aiges.server.ops.AccessLog;
import io.aiges.server.ops.Metrics;
import io.aiges.server.ops.Readiness;
import io.aiges.server.ops.SessionRecord;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
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
 * decode, call the engine core, encode. Engine calls never run on the event loop.
 */
public final class HttpFrontEnd {
    /** Bodies above this are decoded off the event loop: base64 of megabytes takes milliseconds. */
    private static final int DECODE_INLINE_MAX = 256 * 1024;
    private static final String JSON = "application/json; charset=utf-8";
    /** The {@code frontend} label of this front-end's metrics. */
    private static final String FRONT_END = "http";

    private final ServiceRegistry registry;
    private final Metrics metrics;
    private final OnceRequestDecoder decoder;
    private final OnceResponseEncoder encoder;
    private final OpenApiDocument openApi;

    private HttpFrontEnd(ServiceRegistry registry, Metrics metrics, ObjectMapper mapper, String version) {
        this.registry = registry;
        this.metrics = metrics;
        this.decoder = new OnceRequestDecoder(mapper);
        this.encoder = new OnceResponseEncoder(mapper);
        this.openApi = new OpenApiDocument(mapper);
    }

    /** The router serving every HTTP route of the given services, and the ops endpoints. */
    public static Router router(Vertx vertx, ServiceRegistry registry, HttpConfig config, String version,
                                Metrics metrics, Readiness readiness, JobQueue jobs, JobsConfig jobsConfig) {
        HttpFrontEnd front = new HttpFrontEnd(registry, metrics, Json.mapper(config.maxBodyBytes()), version);
        Router router = Router.router(vertx);
        // While draining, every answer closes its connection: a client's next request then opens a
        // new one, which a stopped listener refuses cleanly, instead of racing the close of a
        // kept-alive connection and losing the request in flight on it.
        router.route().handler(ctx -> {
            // (HTTP/2 has no such header: its connections end with GOAWAY when the server closes.)
            if (readiness.isDraining() && ctx.request().version() != HttpVersion.HTTP_2
                    && !ctx.request().canUpgradeToWebSocket()) {
                ctx.response().putHeader("connection", "close");
            }
            ctx.next();
        });
        router.route().handler(CorsHandler.create()
                .allowedMethods(Set.of(HttpMethod.GET, HttpMethod.POST, HttpMethod.OPTIONS))
                .allowedHeader("Content-Type"));
        JobRoutes jobRoutes = new JobRoutes(registry, jobs, jobsConfig, config.maxBodyBytes());
        router.post("/v1/:service")
                .handler(new BoundedBody(config.maxBodyBytes()))
                .handler(jobRoutes::asyncMarker)
                .handler(front::once);
        jobRoutes.mount(router, config.maxBodyBytes());
        router.get("/v1/:service").handler(front::stream);
        router.get("/ping").handler(HttpFrontEnd::ping);
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
                .end(Buffer.buffer(front.openApi.build(registry.all(), version))));
        SwaggerUi.mount(router);
        StreamDemoPage.mount(router);
        router.errorHandler(404, ctx -> front.fail(ctx, AigesError.SERVICE_NOT_FOUND.exception(
                "no route " + ctx.request().method() + " " + ctx.request().path()
                        + "; inference is POST /v1/{service}"), 404));
        router.errorHandler(405, ctx -> front.fail(ctx, AigesError.INVALID_OP.exception(
                ctx.request().method() + " is not allowed on " + ctx.request().path()
                        + "; use POST (or GET with a WebSocket upgrade to stream)"), 405));
        router.errorHandler(413, ctx -> front.fail(ctx, AigesError.INVALID_DATA.exception(
                "request body is larger than the limit of " + config.maxBodyBytes()
                        + " bytes ([aiges] maxBodySize)"), 413));
        router.errorHandler(500, ctx -> front.fail(ctx, AigesException.unwrap(ctx.failure() == null
                ? new IllegalStateException("unknown failure") : ctx.failure()), 500));
        return router;
    }

    private void once(RoutingContext ctx) {
        String sid = Sids.next();
        Service service = serviceOrReply(ctx, sid);
        if (service == null) {
            return;
        }
        long arrived = System.nanoTime();
        byte[] bytes = BoundedBody.bytes(ctx);
        metrics.requestSize(service.name(), FRONT_END, bytes.length);
        Context context = ctx.vertx().getOrCreateContext();
        CompletableFuture<OnceRequest> request = bytes.length <= DECODE_INLINE_MAX
                ? decodeNow(bytes, service.name(), sid)
                : ctx.vertx().executeBlocking(() -> decoder.decode(bytes, service.name(), sid), false)
                        .toCompletionStage().toCompletableFuture();
        request.thenCompose(service::once).whenComplete((result, error) -> {
            Duration total = Duration.ofNanos(System.nanoTime() - arrived);
            AigesException failure = error == null ? null : AigesException.unwrap(error);
            metrics.request(service.name(), FRONT_END, failure == null ? 0 : failure.code(), total, result);
            Runnable answer = () -> {
                long sent = failure != null ? reply(ctx, failure, sid) : reply(ctx, result);
                AccessLog.request(sid, service.name(), FRONT_END, failure == null ? 0 : failure.code(), bytes.length,
                        sent, total);
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
        Service service = serviceOrReply(ctx, sid);
        if (service == null) {
            return;
        }
        if (!ctx.request().canUpgradeToWebSocket()) {
            send(ctx, AigesError.INVALID_OP.exception("GET " + ctx.request().path()
                    + " is for WebSocket streaming (send an Upgrade); one-shot requests are POST"), sid, 400);
            return;
        }
        Context context = ctx.vertx().getOrCreateContext();
        ctx.request().toWebSocket().onSuccess(ws ->
                new WebSocketConnection(service, ws, context, decoder, encoder, sid,
                        new SessionRecord(metrics, "websocket", sid)).start());
    }

    /** The service the path names, or null once the client has been told 10404. */
    private Service serviceOrReply(RoutingContext ctx, String sid) {
        try {
            return registry.get(ctx.pathParam("service"));
        } catch (AigesException e) {
            metrics.request(Metrics.UNKNOWN_SERVICE, FRONT_END, e.code(), Duration.ZERO, null);
            reply(ctx, e, sid);
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
    private long reply(RoutingContext ctx, OnceResult result) {
        if (ctx.response().closed()) {
            return 0;
        }
        byte[] body = encoder.success(result);
        ctx.response().putHeader("content-type", JSON).end(Buffer.buffer(body));
        return body.length;
    }

    /** Answers with the error; returns the bytes sent (0 when the client is gone). */
    private long reply(RoutingContext ctx, AigesException error, String sid) {
        int status = HttpStatusOf.of(error.error());
        if (status == 429 || status == 503) {
            ctx.response().putHeader("retry-after", "1");
        }
        return send(ctx, error, sid, status);
    }

    private void fail(RoutingContext ctx, AigesException error, int status) {
        send(ctx, error, Sids.next(), status);
    }

    private long send(RoutingContext ctx, AigesException error, String sid, int status) {
        if (ctx.response().closed() || ctx.response().ended()) {
            return 0;
        }
        byte[] body = encoder.error(error, sid);
        ctx.response().setStatusCode(status).putHeader("content-type", JSON).end(Buffer.buffer(body));
        return body.length;
    }

    /** The original's WebSocket echo ("ping" gets "pong"); a plain GET gets "pong" too, for probes. */
    private static void ping(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        if (request.canUpgradeToWebSocket()) {
            request.toWebSocket().onSuccess(ws -> ws.textMessageHandler(
                    msg -> ws.writeTextMessage("ping".equals(msg) ? "pong" : msg)));
        } else {
            ctx.response().putHeader("content-type", "text/plain").end("pong");
        }
    }
}
