package io.aiges.server.oip;

import io.aiges.api.ClientText;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.aiges.engine.AigesError;
import io.aiges.engine.AigesException;
import io.aiges.engine.repository.ModelRepository;
import io.aiges.engine.service.Service;
import io.aiges.server.Sids;
import io.aiges.server.FrontEndRules;
import io.aiges.server.auth.Caller;
import io.aiges.server.http.BodyBudget;
import io.aiges.server.http.BoundedBody;
import io.aiges.server.http.HttpAccess;
import io.aiges.server.http.HttpStatusOf;
import io.aiges.server.http.RemoteAddress;
import io.aiges.server.ops.AccessLog;
import io.aiges.server.ops.Metrics;
import io.aiges.server.ops.Readiness;
import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;

/**
 * The Open Inference Protocol v2 over HTTP on the server's router: health, server and model
 * metadata, readiness, inference (JSON, or JSON followed by binary tensor data) and the model
 * repository extension. Only translation lives here; inference goes through {@link Inference}
 * and so through the engine core, never on the event loop. Every failure is
 * {@code {"error": "..."}} with a 4xx or 5xx status.
 */
public final class OipRoutes {
    private static final String JSON = "application/json";
    /** The {@code frontend} label of this front-end's metrics. */
    private static final String FRONT_END = "oip-http";
    /** Bodies above this are decoded off the event loop. */
    private static final int DECODE_INLINE_MAX = 64 * 1024;
    /** The protocol extensions every aiges serves, as ServerMetadata names them; model_repository is added with a repository. */
    static final List<String> EXTENSIONS = List.of("binary_tensor_data", "model_configuration", "statistics");

    private final Inference inference;
    private final OipJson json;
    private final Readiness readiness;
    private final RepositoryApi repository;
    private final Metrics metrics;
    private final String version;

    private OipRoutes(Inference inference, OipJson json, Readiness readiness, RepositoryApi repository, Metrics metrics,
                      String version) {
        this.inference = inference;
        this.json = json;
        this.readiness = readiness;
        this.repository = repository;
        this.metrics = metrics;
        this.version = version;
    }

    /** Adds the {@code /v2} routes to {@code router}; any other {@code /v2} path is a 404 in the protocol's shape. */
    public static void mount(Router router, Inference inference, Readiness readiness, RepositoryApi repository,
                             Metrics metrics, String version, long maxBodyBytes, BodyBudget bodies) {
        OipRoutes routes = new OipRoutes(inference, new OipJson(mapper(maxBodyBytes)), readiness, repository, metrics,
                version);
        router.get("/v2/health/live").handler(ctx -> routes.send(ctx, 200, Map.of("live", true)));
        router.get("/v2/health/ready").handler(ctx -> routes.send(ctx, readiness.isReady() ? 200 : 400,
                Map.of("ready", readiness.isReady())));
        router.get("/v2").handler(routes::server);
        // Before /v2/models/:model, which would take "stats" for a model's name.
        router.get("/v2/models/stats").handler(ctx -> routes.statistics(ctx, ""));
        router.get("/v2/models/:model").handler(routes::metadata);
        router.get("/v2/models/:model/versions/:version").handler(routes::metadata);
        router.get("/v2/models/:model/config").handler(routes::config);
        router.get("/v2/models/:model/versions/:version/config").handler(routes::config);
        router.get("/v2/models/:model/stats").handler(ctx -> routes.statistics(ctx, ctx.pathParam("model")));
        router.get("/v2/models/:model/versions/:version/stats")
                .handler(ctx -> routes.statistics(ctx, ctx.pathParam("model")));
        router.get("/v2/models/:model/ready").handler(routes::ready);
        router.get("/v2/models/:model/versions/:version/ready").handler(routes::ready);
        router.post("/v2/models/:model/infer").handler(new BoundedBody(maxBodyBytes, bodies)).handler(routes::infer);
        router.post("/v2/models/:model/versions/:version/infer").handler(new BoundedBody(maxBodyBytes, bodies))
                .handler(routes::infer);
        router.post("/v2/repository/index").handler(new BoundedBody(maxBodyBytes, bodies)).handler(routes::index);
        router.post("/v2/repository/models/:model/load").handler(ctx -> routes.control(ctx, "load"));
        router.post("/v2/repository/models/:model/unload").handler(ctx -> routes.control(ctx, "unload"));
        router.route("/v2/*").handler(ctx -> routes.fail(ctx, AigesError.SERVICE_NOT_FOUND.exception("no route "
                + ctx.request().method() + " " + ClientText.cut(ctx.request().path()) + " in the Open Inference Protocol")));
        router.route("/v2/*").failureHandler(ctx -> routes.fail(ctx, ctx.statusCode() == 413
                ? AigesError.INVALID_DATA.exception("request body is larger than the limit of " + maxBodyBytes + " bytes")
                : AigesException.unwrap(ctx.failure() == null ? new IllegalStateException("status " + ctx.statusCode())
                : ctx.failure())));
    }

    /**
     * Floats as BigDecimal, so the tree path sees a number's exponent and refuses {@code 1e5000000}
     * as the token path does ({@link io.aiges.engine.ClientNumbers}) rather than reading infinity;
     * both round to the same double. Strings as long as the body limit allows; parse errors quote
     * at most {@link ClientText#SHOWN} characters of the request.
     */
    private static JsonMapper mapper(long maxBodyBytes) {
        JsonMapper mapper = JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();
        mapper.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxStringLength((int) Math.min(Integer.MAX_VALUE, maxBodyBytes))
                .maxNestingDepth(64)
                .build());
        mapper.getFactory().setErrorReportConfiguration(FrontEndRules.parseErrorEcho());
        return mapper;
    }

    private void server(RoutingContext ctx) {
        List<String> extensions = new ArrayList<>(EXTENSIONS);
        if (repository.repository() != null) {
            extensions.add("model_repository");
        }
        send(ctx, 200, ordered("name", "aiges", "version", version, "extensions", extensions));
    }

    private void metadata(RoutingContext ctx) {
        try {
            OipModels models = inference.models();
            send(ctx, 200, json.metadata(models.metadata(models.find(ctx.pathParam("model"), ctx.pathParam("version")))));
        } catch (AigesException e) {
            fail(ctx, e);
        }
    }

    /** Triton's model configuration extension: the {@code ModelConfig} message as JSON. */
    private void config(RoutingContext ctx) {
        try {
            send(ctx, 200, ProtoJson.of(inference.models().config(ctx.pathParam("model"), ctx.pathParam("version"))));
        } catch (AigesException e) {
            fail(ctx, e);
        }
    }

    /** Triton's statistics extension: {@code {"model_stats": [...]}}, every model when {@code model} is empty. */
    private void statistics(RoutingContext ctx, String model) {
        try {
            send(ctx, 200, ProtoJson.of(inference.models().statistics(model, ctx.pathParam("version"))));
        } catch (AigesException e) {
            fail(ctx, e);
        }
    }

    private void ready(RoutingContext ctx) {
        try {
            String model = ctx.pathParam("model");
            inference.models().find(model, ctx.pathParam("version"));
            boolean ready = readiness.isReady();
            send(ctx, ready ? 200 : 400, ordered("name", model, "ready", ready));
        } catch (AigesException e) {
            fail(ctx, e);
        }
    }

    private void infer(RoutingContext ctx) {
        long arrived = System.nanoTime();
        String model = ctx.pathParam("model");
        String sid = Sids.next();
        byte[] body = BoundedBody.bytes(ctx);
        Context context = ctx.vertx().getOrCreateContext();
        CompletableFuture<InferRequest> decoded;
        if (body.length <= DECODE_INLINE_MAX) {
            decoded = attempt(() -> decode(ctx, model, body));
        } else {
            decoded = ctx.vertx().executeBlocking(() -> decode(ctx, model, body), false)
                    .toCompletionStage().toCompletableFuture();
        }
        String address = RemoteAddress.of(ctx.request().remoteAddress());
        Caller caller = HttpAccess.caller(ctx);
        decoded.thenCompose(request -> inference.infer(request, sid, address, caller)
                        .thenApply(response -> json.response(response, request)))
                .whenComplete((answer, error) -> {
                    AigesException failure = error == null ? null : AigesException.unwrap(error);
                    String service = inference.models().label(model);
                    Duration total = Duration.ofNanos(System.nanoTime() - arrived);
                    metrics.request(service, FRONT_END, failure == null ? 0 : failure.code(), total, null, caller);
                    context.runOnContext(v -> {
                        long sent = failure == null ? reply(ctx, answer) : fail(ctx, failure);
                        AccessLog.request(sid, service, FRONT_END, failure == null ? 0 : failure.code(), body.length,
                                sent, total, caller);
                    });
                });
    }

    private InferRequest decode(RoutingContext ctx, String model, byte[] body) {
        // An unknown model is a 404 whatever the body: say so before finding fault with the body.
        Service service = inference.models().find(model, ctx.pathParam("version"));
        String header = ctx.request().getHeader(BinaryData.HEADER);
        int jsonLength = -1;
        if (header != null) {
            try {
                jsonLength = Integer.parseInt(header.strip());
            } catch (NumberFormatException e) {
                throw AigesError.INVALID_DATA.exception(BinaryData.HEADER + " must be a number of bytes, got '"
                        + ClientText.cut(header) + "'");
            }
            if (jsonLength < 0) {
                throw AigesError.INVALID_DATA.exception(BinaryData.HEADER + " must not be negative");
            }
        }
        if (jsonLength == 0) {
            return RawBinaryRequest.of(inference.models(), service, ctx.pathParam("version"), body);
        }
        return json.request(model, ctx.pathParam("version"), body, jsonLength);
    }

    private long reply(RoutingContext ctx, OipJson.Body answer) {
        if (ctx.response().closed()) {
            return 0;
        }
        if (answer.binary()) {
            ctx.response().putHeader("content-type", "application/octet-stream")
                    .putHeader(BinaryData.HEADER, Integer.toString(answer.jsonLength()));
        } else {
            ctx.response().putHeader("content-type", JSON);
        }
        ctx.response().end(Buffer.buffer(answer.bytes()));
        return answer.bytes().length;
    }

    private void index(RoutingContext ctx) {
        AigesException refusal = repository.indexRefusal();
        if (refusal != null) {
            fail(ctx, refusal);
            return;
        }
        boolean onlyReady;
        try {
            JsonNode ready = json.optionalObject(BoundedBody.bytes(ctx)).get("ready");
            onlyReady = ready != null && ready.asBoolean(false);
        } catch (AigesException e) {
            fail(ctx, e);
            return;
        }
        blocking(ctx, () -> {
            List<Map<String, Object>> entries = new ArrayList<>();
            for (ModelRepository.Entry entry : repository.index(onlyReady)) {
                Map<String, Object> item = new LinkedHashMap<>();
                item.put("name", entry.name());
                item.put("version", entry.version());
                item.put("state", entry.state().name());
                item.put("reason", entry.reason());
                entries.add(item);
            }
            return json.list(entries);
        });
    }

    private void control(RoutingContext ctx, String action) {
        AigesException refusal = repository.controlRefusal(action);
        if (refusal != null) {
            send(ctx, 403, json.error(refusal));
            return;
        }
        String model = ctx.pathParam("model");
        blocking(ctx, () -> {
            if (action.equals("load")) {
                repository.load(model);
            } else {
                repository.unload(model);
            }
            return new byte[0];
        });
    }

    /** Runs slow work (loading a model, listing a folder) on a worker thread, then answers 200 with its body. */
    private void blocking(RoutingContext ctx, Callable<byte[]> work) {
        ctx.vertx().executeBlocking(work, false).onComplete(done -> {
            if (done.succeeded()) {
                send(ctx, 200, done.result());
            } else {
                fail(ctx, AigesException.unwrap(done.cause()));
            }
        });
    }

    private static <T> CompletableFuture<T> attempt(Callable<T> work) {
        try {
            return CompletableFuture.completedFuture(work.call());
        } catch (Exception e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /**
     * Fields in the order given, as the protocol's documents list them: {@code Map.of} orders
     * them differently from run to run, which makes answers differ byte for byte between runs.
     */
    private static Map<String, Object> ordered(Object... keysAndValues) {
        Map<String, Object> fields = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            fields.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return fields;
    }

    private void send(RoutingContext ctx, int status, Map<String, Object> fields) {
        send(ctx, status, json.object(fields));
    }

    private void send(RoutingContext ctx, int status, byte[] body) {
        if (ctx.response().closed() || ctx.response().ended()) {
            return;
        }
        ctx.response().setStatusCode(status).putHeader("content-type", JSON).end(Buffer.buffer(body));
    }

    private long fail(RoutingContext ctx, AigesException error) {
        byte[] body = json.error(error);
        int status = HttpStatusOf.of(error.error());
        if (status == 429 || status == 503) {
            ctx.response().putHeader("retry-after", "1");
        }
        send(ctx, status, body);
        return body.length;
    }
}
